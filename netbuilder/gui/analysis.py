"""Debounced shape inference: after graph edits settle (~40 ms), infer shapes, params and problems once.

The canvas, Problems panel, summary table and status bar all read :attr:`Analysis.info` when
:attr:`Analysis.updated` fires, so one burst of edits (a paste of 50 nodes) costs one inference.
If ``netbuilder.model.inference`` is unavailable, or still loading in the background after start-up
(:class:`~netbuilder.gui.engine_loader.EngineLoader`), the structural problems are reported and the
shapes follow once it is there.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Edge, Graph
from netbuilder.gui.document import Document
from netbuilder.gui.engine_loader import EngineLoader

log = logging.getLogger(__name__)

DEBOUNCE_MS = 40


@dataclass
class StructuralInfo:
    """Stand-in for ``GraphInfo`` when shape inference cannot run: structure only."""

    problems: list[NetBuilderError]
    nodes: dict[str, Any] = field(default_factory=dict)
    total_params: int = 0
    trainable_params: int = 0
    total_macs: int = 0

    def edge_shape(self, edge: Edge) -> tuple[int, ...] | None:
        return None


def _make_inferencer() -> Any:
    try:
        from netbuilder.model.inference import ShapeInferencer
    except ImportError as error:
        log.warning("shape inference unavailable (%s); showing structural problems only", error)
        return None
    return ShapeInferencer()


class Analysis(QObject):
    updated = Signal()

    def __init__(self, document: Document, parent: QObject | None = None, engine: EngineLoader | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._engine = engine  # while it loads, shape inference waits (importing torch here would freeze)
        if engine is not None:
            engine.ready.connect(self.schedule)
        self.info: Any = StructuralInfo(problems=[])
        self.last_duration_ms = 0.0
        self._inferencer: Any = None
        self._inferencer_ready = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        document.graph_edited.connect(self.schedule)
        document.project_replaced.connect(self._on_document_project_replaced)

    def schedule(self) -> None:
        self._timer.start()

    def _on_document_project_replaced(self) -> None:
        self._inferencer = None  # its cache belongs to the old graph
        self._inferencer_ready = False
        self.schedule()

    def run_now(self) -> None:
        self._timer.stop()
        graph: Graph = self.document.graph
        started = time.perf_counter()
        if self._engine is not None and not self._engine.is_ready:
            self.info = StructuralInfo(problems=graph.structural_problems())
            self.updated.emit()
            return
        if not self._inferencer_ready:
            self._inferencer = _make_inferencer()
            self._inferencer_ready = True
        try:
            if self._inferencer is not None:
                self.info = self._inferencer.infer(graph)
            else:
                self.info = StructuralInfo(problems=graph.structural_problems())
        except NetBuilderError as error:
            self.info = StructuralInfo(problems=[error, *graph.structural_problems()])
        except Exception:  # inference is another team's code: never let it take the editor down
            log.exception("shape inference failed")
            self.info = StructuralInfo(problems=graph.structural_problems())
        self.last_duration_ms = (time.perf_counter() - started) * 1000.0
        log.debug("analysis took %.1f ms", self.last_duration_ms)
        self.updated.emit()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
