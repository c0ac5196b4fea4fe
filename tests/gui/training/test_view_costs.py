"""GUI-thread work while training stays small: cached styles, worker-side colours, no relayouts."""

from __future__ import annotations

from typing import Any

import numpy as np

from netbuilder.data import build_dataset
from netbuilder.gui.status_line import StatusLine
from netbuilder.gui.training.dataset_panel import DatasetPanel
from netbuilder.gui.training.decision_plot import DecisionPlot
from netbuilder.gui.training.hinge_plot import HingePlot
from netbuilder.gui.training.plot_style import probabilities_to_rgb
from netbuilder.training.runner.run import EpochRecord, Run


def test_decision_plot_uses_the_workers_colours_and_frames_the_plane(qtbot: Any) -> None:
    plot = DecisionPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 330)
    plot.show()
    rng = np.random.default_rng(0)
    xy = rng.uniform(-5, 5, (50, 2))
    plot.set_points(xy, (xy[:, 0] > 0).astype(int), None, None, 6.0)
    probs = rng.uniform(size=(10, 10, 2))
    rgb = probabilities_to_rgb(probs)
    rgb[0, 0] = (1, 2, 3)  # only the given field can have this pixel
    plot.set_probabilities(probs, 6.0, rgb=rgb)
    assert tuple(plot.image.image[0, 0]) == (1, 2, 3)
    item = plot.plot.getPlotItem()
    assert not item.getAxis("bottom").grid and not item.getAxis("left").grid  # no lines over the field
    view = item.getViewBox()

    def framed() -> bool:  # a wide dock keeps the view box about square: the plane fills it
        (_, x1), (_, y1) = view.viewRange()
        return 6.0 <= x1 < 6.0 * 1.3 and 6.0 <= y1 < 6.0 * 1.3

    qtbot.waitUntil(framed)


def test_status_line_text_needs_no_new_layout(qtbot: Any) -> None:
    line = StatusLine("Ready")
    qtbot.addWidget(line)
    hint = line.sizeHint()
    line.setText("epoch 3/100 · step 7/50 · 12,345 steps/s · 12 s left")
    assert line.text().startswith("epoch 3/100") and line.sizeHint() == hint


def test_epoch_summaries_do_not_re_lay_out_the_window(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        requests = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LayoutRequest:
                Counter.requests += 1
            return False

    plot = window.training_docks.loss_plot
    window.training_docks.holders["LossDock"].show_view()
    run = Run({}, {})
    run.task = "classification"
    plot.show_run(run)
    run.add_epoch(EpochRecord(1, 0.5, 0.6, {"accuracy": 0.5}))
    plot.refresh()
    qtbot.wait(50)
    counter = Counter()
    window.installEventFilter(counter)
    for epoch in range(2, 40):  # texts of every width: 0.5, 0.123, 1e-05...
        run.add_epoch(EpochRecord(epoch, 0.5 / epoch**3, 0.6 / epoch, {"accuracy": 1 - 1 / epoch}))
        plot.refresh()
        qtbot.wait(5)
    window.removeEventFilter(counter)
    assert plot.summary_label.text() == "train 8.43e-06 · val 0.0154 · acc 0.974"
    assert Counter.requests == 0


def test_hinge_plot_reuses_styles_between_frames(qtbot: Any) -> None:
    plot = HingePlot()
    qtbot.addWidget(plot)
    x = np.linspace(-1, 1, 50)
    hinges = np.maximum(np.outer([1.0, -1.0], x), 0)
    plot.set_fit(x, x, hinges, np.array([0.0, 0.5]), np.array([False, True]))
    pens = [curve.opts["pen"] for curve in plot.hinge_curves]
    plot.set_fit(x, 2 * x, hinges * 2, np.array([0.1, 0.5]), np.array([False, True]))
    assert [curve.opts["pen"] for curve in plot.hinge_curves] == pens
    assert all(a is b for a, b in zip(pens, [curve.opts["pen"] for curve in plot.hinge_curves], strict=True))
    plot.set_highlight(1)
    assert plot.hinge_curves[1].opts["pen"].width() == 4


def test_dataset_preview_waits_until_the_panel_is_shown(qtbot: Any) -> None:
    panel = DatasetPanel()
    qtbot.addWidget(panel)
    spec = {"kind": "spiral", "samples": 200}
    panel.load(spec)
    panel.show_dataset(build_dataset(spec))
    assert panel.dataset is not None and "train" in panel.info.text()  # the text is there at once
    assert not panel.preview.getPlotItem().items
    panel.show()
    qtbot.waitUntil(lambda: len(panel.preview.getPlotItem().items) == 1)
