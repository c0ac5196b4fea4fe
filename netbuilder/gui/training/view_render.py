"""Draw one training view to a PNG or SVG file, headless, with the app's own view widgets (offscreen Qt).

``netbuilder plot`` calls :func:`render_view` with a Qt-free
:class:`~netbuilder.training.runner.plotting.PlotSource`; the widget is built, fed exactly as the
training docks feed it, laid out at the requested size and rendered.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from netbuilder.training.runner.plotting import PlotSource

log = logging.getLogger(__name__)


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the first QApplication
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([])
        previous = None

        def quiet(kind: Any, context: Any, message: str) -> None:
            # The offscreen platform says it cannot propagate size hints: the test platform talking.
            if "propagateSizeHints" not in message and previous is not None:
                previous(kind, context, message)
            elif "propagateSizeHints" not in message:
                log.warning("Qt: %s", message)

        previous = qInstallMessageHandler(quiet)
    return app


def build_view(view: str, source: PlotSource) -> Any:
    """The widget of ``view`` showing ``source`` (raises ``ValueError`` for a view without data)."""
    from netbuilder.gui.training.conv_views import FeatureMapsView, FiltersView, MisclassifiedView, SaliencyView
    from netbuilder.gui.training.decision_plot import DecisionPlot
    from netbuilder.gui.training.hinge_plot import HingePlot
    from netbuilder.gui.training.loss_plot import LossPlot
    from netbuilder.gui.training.neuron_view import NeuronView
    from netbuilder.gui.training.results_view import ResultsView
    from netbuilder.gui.training.sequence_views import AttentionView, HiddenStatesView
    from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup

    if view == "loss":
        widget: Any = LossPlot()
        widget.show_run(source.run)
        return widget
    if view == "confusion":
        if source.run is None or source.run.report is None:
            raise ValueError("no report: train first")
        widget = ResultsView()
        widget.set_report(source.run.report)
        return widget
    if view in ("decision", "relu-fit"):
        setup, frame = source.live_view()
        if isinstance(setup, DecisionSetup) and isinstance(frame, DecisionFrame):
            widget = DecisionPlot()
            widget.set_points(setup.train_xy, setup.train_labels, setup.test_xy, setup.test_labels, setup.extent)
            widget.set_probabilities(frame.probs, frame.extent, rgb=frame.rgb)
            return widget
        if isinstance(setup, HingeSetup) and isinstance(frame, HingeFrame):
            widget = HingePlot()
            target = setup.target if setup.target is not None else []
            widget.set_target(setup.x if setup.target is not None else [], target, setup.data_x, setup.data_y)
            widget.set_fit(frame.x, frame.prediction, frame.hinges, frame.kinks, frame.dead, frame.breakpoints)
            return widget
        raise ValueError(f"the {view} view does not fit this data")
    frame = source.inside_frame()
    if frame is None or view not in frame.views:
        raise ValueError(f"the {view} view does not fit this network")
    classes = {
        "neurons": NeuronView,
        "filters": FiltersView,
        "feature-maps": FeatureMapsView,
        "saliency": SaliencyView,
        "misclassified": MisclassifiedView,
        "hidden-states": HiddenStatesView,
        "attention": AttentionView,
    }
    widget = classes[view]()
    part = (
        frame.neurons
        if view == "neurons"
        else frame.sequences
        if view in ("hidden-states", "attention")
        else frame.images
    )
    widget.show_frame(part)
    return widget


def render_view(view: str, source: PlotSource, out: Path, size: tuple[int, int] = (1000, 620)) -> Path:
    """Render ``view`` to ``out`` (.png or .svg); returns ``out``. Raises ``ValueError`` when it cannot."""
    app = _app()
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    widget = build_view(view, source)
    widget.resize(*size)
    widget.show()
    for _ in range(3):  # layouts settle over a few passes (docks, view boxes, fit-to-view)
        app.processEvents()
    if hasattr(widget, "fit"):
        widget.fit()
    if hasattr(widget, "redraw"):
        widget.redraw()
    app.processEvents()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(out))
        generator.setSize(QSize(*size))
        generator.setViewBox(QRect(0, 0, *size))
        generator.setTitle(f"NetBuilder: {view}")
        painter = QPainter(generator)
        widget.render(painter)
        painter.end()
    elif not widget.grab().save(str(out)):
        raise ValueError(f"cannot write {out} (use .png or .svg)")
    widget.close()
    widget.deleteLater()
    return out
