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
from netbuilder.model.fixes import QuickFix, output_size_problem, suggest_fixes

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
        self.fixes: dict[str, list[QuickFix]] = {}  # every one-click fix per failing node, best first
        self._fixed_problems: dict[str, NetBuilderError] = {}  # the problem each node's fixes answer
        self.expected_outputs: int | None = None
        self.last_duration_ms = 0.0
        self._inferencer: Any = None
        self._inferencer_ready = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        document.graph_edited.connect(self.schedule)
        document.project_replaced.connect(self._on_document_project_replaced)
        # Undo and redo are one step each: the errors shown must be those of the graph now, at once,
        # not those of the step before for a debounce interval.
        document.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if self._timer.isActive():
            self.run_now()

    def fix_for(self, node_id: str) -> QuickFix | None:
        """The best one-click fix for ``node_id``'s problem, if there is one."""
        fixes = self.fixes.get(node_id)
        return fixes[0] if fixes else None

    def fixes_for_problem(self, problem: NetBuilderError) -> list[QuickFix]:
        """The fixes that answer this very problem (a node can have others, e.g. a dangling output)."""
        node_id = problem.node_id or ""
        return self.fixes.get(node_id, []) if self._fixed_problems.get(node_id) is problem else []

    def set_expected_outputs(self, count: int | None) -> None:
        """The number of outputs the data needs (classes or targets); a last layer of another size is
        a problem with a fix. The dataset's owner calls this when the dataset changes."""
        if count != self.expected_outputs:
            self.expected_outputs = count
            self.schedule()

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
        except Exception:  # a bug in shape inference must cost the person the shapes, not the editor
            log.exception("shape inference failed")
            self.info = StructuralInfo(problems=graph.structural_problems())
        self.fixes = self._collect_fixes(graph)
        self.last_duration_ms = (time.perf_counter() - started) * 1000.0
        log.debug("analysis took %.1f ms", self.last_duration_ms)
        self.updated.emit()

    def _collect_fixes(self, graph: Graph) -> dict[str, list[QuickFix]]:
        nodes = getattr(self.info, "nodes", {})
        failing = {
            node_id: (node_info.fix, node_info.input_shapes)
            for node_id, node_info in nodes.items()
            if getattr(node_info, "error", None) is not None
        }
        fixes = suggest_fixes(graph, failing)
        self._fixed_problems = {node_id: nodes[node_id].error for node_id in fixes}
        mismatch = output_size_problem(graph, self.expected_outputs)
        if mismatch is not None and not any(p.node_id == mismatch[0].node_id for p in self.info.problems):
            error, fix = mismatch
            self.info.problems.append(error)
            fixes[error.node_id or ""] = [fix]
            self._fixed_problems[error.node_id or ""] = error
        return fixes

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
