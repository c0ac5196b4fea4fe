"""The cheap-redraw pieces the training batches feed: bounded curves, followed ranges, throttled tiles."""

from __future__ import annotations

from typing import Any

import numpy as np

from netbuilder.training.runner.batching import ProgressBatch
from netbuilder.training.runner.curves import DecimatedCurve
from netbuilder.training.runner.run import EpochRecord, Run


def test_decimated_curve_is_bounded_and_averages_equal_bins() -> None:
    rng = np.random.default_rng(0)
    curve = DecimatedCurve(max_points=50)
    xs: list[float] = []
    for _ in range(300):
        chunk = rng.random(int(rng.integers(0, 40)))
        curve.extend(chunk, 2 * chunk)
        xs.extend(chunk)
        assert len(curve) <= 51
        whole = len(curve.x) - (1 if len(xs) % curve.stride else 0)
        raw = np.asarray(xs)
        expected = raw[: whole * curve.stride].reshape(whole, curve.stride).mean(axis=1)
        assert np.allclose(curve.x[:whole], expected)
        assert np.allclose(curve.y, 2 * curve.x)
    assert curve.total == len(xs) and curve.stride > 1


def test_first_point_shows_at_once() -> None:
    curve = DecimatedCurve(max_points=4)
    curve.extend(np.array([0.5]), np.array([2.0]))
    assert list(curve.x) == [0.5] and list(curve.y) == [2.0]


def test_loss_plot_counts_raw_points_and_follows_the_data(qtbot: Any) -> None:
    from netbuilder.gui.training.loss_plot import DISPLAY_POINTS, LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    run = Run({}, {})
    run.task = "classification"
    plot.show_run(run)
    x = np.arange(1, 20_001) / 100.0
    run.add_progress(ProgressBatch(x, np.exp(-x / 50)))
    for e in range(1, 201):
        run.add_epoch(EpochRecord(e, 1.0 / e, 1.2 / e, {"accuracy": 0.5}))
    plot.refresh()
    assert plot.point_counts() == {"steps": 20_000, "train": 200, "val": 200, "metric": 200}
    assert len(plot.step_curve.getData()[0]) <= DISPLAY_POINTS + 1
    assert len(plot.train_dots.item.data) == 0  # long epoch curves drop their dots
    (x0, x1), (y0, y1) = plot.loss_plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= 0.0 and x1 >= 200.0
    assert y0 <= np.log10(np.exp(-200 / 50)) and y1 >= 0.0  # log axis: the view is in decades
    # A manual zoom stops the following; new data leaves the view alone.
    view = plot.loss_plot.getPlotItem().getViewBox()
    view.sigRangeChangedManually.emit([True, True])
    view.setXRange(10, 20, padding=0)
    run.add_progress(ProgressBatch(np.array([500.0]), np.array([0.1])))
    plot.refresh()
    assert view.viewRange()[0] == [10, 20]
    fresh = Run({}, {})
    plot.show_run(fresh)
    assert plot.point_counts()["steps"] == 0
    fresh.add_epoch(EpochRecord(1, 0.5, 0.6, {"accuracy": 0.5}))
    fresh.add_epoch(EpochRecord(2, 0.4, None, {"accuracy": 0.6}))
    plot.refresh()
    assert len(plot.train_dots.item.data) == 2 and len(plot.val_dots.item.data) == 1  # short: dotted
    assert np.allclose(plot.train_dots.item.data["y"], np.log10([0.5, 0.4]))  # log axis: in decades
    plot.log_check.setChecked(False)
    assert np.allclose(plot.train_dots.item.data["y"], [0.5, 0.4])


def test_tiles_redraw_at_most_twice_a_second_and_keep_the_last_frame(qtbot: Any) -> None:
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    from netbuilder.gui.training.neuron_tiles import NeuronTiles

    scene = QGraphicsScene()
    node = QGraphicsRectItem(0, 0, 100, 60)
    scene.addItem(node)
    scene.node_items = {"relu": node}  # type: ignore[attr-defined]
    tiles = NeuronTiles(scene, max_hz=5.0)
    frames = [{"relu": np.full((3, 4, 4), float(i + 1))} for i in range(10)]
    for frame in frames:
        tiles.show_maps(frame)
    assert tiles.updates == 1  # the first at once, the rest too soon
    qtbot.waitUntil(lambda: tiles.updates == 2, timeout=2000)
    item = tiles.items["relu"]
    assert item.count() == 3 and item.atlas is not None and item.atlas.width() == 12
    tiles.show_maps({"relu": np.zeros((2, 5))}, curves=True)
    qtbot.waitUntil(lambda: tiles.updates == 3, timeout=2000)
    assert item.count() == 2 and item.atlas is None and len(item.polylines) == 2
    tiles.clear()


def test_gui_runs_leave_a_core_to_the_gui_thread() -> None:
    import torch

    from netbuilder.training.runner.process import gui_threads

    big = torch.nn.Linear(1000, 1000)
    assert gui_threads(big, cpu_count=1) == 1
    assert gui_threads(big, cpu_count=2) == 1
    assert 1 <= gui_threads(big, cpu_count=8) <= 7
    assert gui_threads(torch.nn.Linear(2, 2), cpu_count=8) == 1  # tiny models: one thread, as headless
