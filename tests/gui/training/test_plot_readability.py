"""Plots stay readable in the window sizes people use: nothing clipped, no labels over each other."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics

from netbuilder.gui.training.plot_style import make_plot_widget
from netbuilder.gui.training.results_view import ResultsView
from netbuilder.training.report import Report


def test_log_loss_axis_labels_only_decades_over_a_wide_range(qtbot: Any) -> None:
    plot = make_plot_widget()
    qtbot.addWidget(plot)
    plot.resize(500, 160)
    plot.getPlotItem().setLogMode(y=True)
    x = np.linspace(0, 100, 200)
    plot.plot(x, 10 ** (-4 * x / 100))
    plot.show()
    plot.getPlotItem().getViewBox().setYRange(-4, 0.2)
    axis = plot.getPlotItem().getAxis("left")
    minor = [v + np.log10(m) for v in range(-4, 0) for m in range(2, 10)]
    assert not any(axis.tickStrings(minor, 1.0, None))  # 2..9 × 10^k are ticks without labels
    assert axis.tickStrings([-2.0, -1.0], 1.0, 1.0) == ["0.01", "0.1"]
    plot.getPlotItem().getViewBox().setYRange(-1.2, 0.0)  # about one decade: 2 and 5 are labelled too
    labels = axis.tickStrings([np.log10(0.2), np.log10(0.3), np.log10(0.5)], 1.0, None)
    assert labels[0] and not labels[1] and labels[2]


@pytest.mark.parametrize("width", [300, 560])
def test_confusion_matrix_class_names_never_overlap(qtbot: Any, width: int) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(width, 240)
    view.show()
    names = ("x1·x2 < 0", "x1·x2 ≥ 0")
    report = Report("classification", "test", {"accuracy": 1.0}, np.array([[37, 0], [0, 38]]), names)
    view.set_report(report)
    qtbot.waitUntil(lambda: view.plot.getPlotItem().getViewBox().width() > 50)
    view.resize(width + 1, 240)  # a resize re-fits the names to the columns
    axis = view.plot.getPlotItem().getAxis("bottom")
    ticks = axis._tickLevels[0]  # what setTicks was given: [(x, text), ...]
    column = view.plot.getPlotItem().getViewBox().width() / 2
    metrics = QFontMetrics(axis.font())
    assert all(metrics.horizontalAdvance(text) < column for _x, text in ticks), ticks
    assert all(text.rstrip("…") for _x, text in ticks)  # still says something


@pytest.mark.parametrize("size", [(1400, 880), (1280, 800)])
def test_decision_plot_fits_its_dock(qtbot: Any, window: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.files.open_example("xor")
    docks = window.training_docks
    qtbot.waitUntil(lambda: docks.controller.dataset is not None)
    window.docks["DecisionDock"].raise_()
    docks.training_panel.epochs.setValue(3)
    docks.train()
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle" and docks.decision_plot.updates > 0, timeout=120_000)
    plot = docks.decision_plot
    view = plot.plot.getPlotItem().getViewBox()

    def fits() -> None:
        # Qt and pyqtgraph lay out on later turns of the event loop (a failure was seen once when this
        # was read at once): wait for the layout to settle, and fail with what is wrong if it does not.
        assert plot.plot.width() > 100
        inside = QRect(0, 0, plot.width(), plot.height())
        assert inside.contains(plot.plot.geometry()), (plot.plot.geometry(), inside)
        assert 0.7 < view.width() / max(1.0, view.height()) < 1.4  # the plane is about square on screen
        (x0, x1), (y0, y1) = view.viewRange()
        assert x0 <= -5 and x1 >= 5 and y0 <= -5 and y1 >= 5, view.viewRange()  # the whole data plane

    qtbot.waitUntil(fits, timeout=5000)
    assert not plot.plot.getPlotItem().titleLabel.text  # no title to clip: the dock names the view
