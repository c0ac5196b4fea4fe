"""A click on a confusion-matrix cell shows a test image of that (true, predicted) pair in the image
views, through the same sample-choosing path as the sample picker; a second click shows the next one,
and an empty cell says so."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch.nn.functional as F
from PySide6.QtCore import QPointF, Qt

from netbuilder.gui.training.conv_views import probabilities
from tests.gui.training.test_inside_views import LONG, open_example, train


def click_cell(qtbot: Any, results: Any, true: int, predicted: int) -> None:
    """A real mouse click in the middle of cell (true, predicted) of the shown matrix."""
    n = results.report.confusion.shape[0]
    pixel = QPointF(predicted + 0.5, n - 1 - true + 0.5)  # image row 0 is the last true class
    point = results.plot.mapFromScene(results.image.mapToScene(pixel))
    qtbot.mouseClick(results.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)


def shown_sample(qtbot: Any, docks: Any, index: int) -> int:
    """Wait until the feature-map view shows test sample ``index``; returns its position in the frame."""
    maps = docks.inside.views["feature-maps"]
    qtbot.waitUntil(lambda: maps.picker.current_sample() == index and maps.frame is not None, timeout=LONG)
    qtbot.waitUntil(lambda: index in maps.frame.samples.tolist(), timeout=LONG)
    return int(maps.frame.samples.tolist().index(index))


def test_clicking_a_confusion_cell_shows_its_test_images(qtbot: Any, window: Any) -> None:
    docks = open_example(qtbot, window, "seed-cnn")
    train(qtbot, window, docks, 1)
    results = docks.results
    window.show_dock("ResultsDock")
    qtbot.waitUntil(lambda: results.report is not None and results.report.confusion is not None, timeout=LONG)
    qtbot.wait(200)  # the freshly shown dock lays its plot out before the person clicks into it
    report = results.report
    assert report.split == "test"
    cm = report.confusion.copy()
    # The busiest mistake when there is one (two samples or more, so that a second click has a next one).
    off = cm.astype(np.int64).copy()
    np.fill_diagonal(off, 0)
    true, predicted = np.unravel_index(int(off.argmax()), off.shape) if off.max() >= 2 else (0, 0)
    true, predicted = int(true), int(predicted)
    expected = np.flatnonzero(
        (docks.controller.dataset.y_test.numpy() == true) & (report.y_pred.astype(int) == predicted)
    )
    assert len(expected) == cm[true, predicted] >= 2

    with qtbot.waitSignal(results.sample_requested, timeout=5000) as signal:
        click_cell(qtbot, results, true, predicted)
    index = int(signal.args[0])
    assert results.picked == (true, predicted, index) and index == int(expected[0])
    assert "1 of" in results.note.text()
    k = shown_sample(qtbot, docks, index)
    frame = docks.inside.views["feature-maps"].frame
    # model -> UI: the frame is of that sample, its labels are the cell's
    assert int(frame.labels[k]) == true and int(probabilities(frame)[k].argmax()) == predicted
    saliency = docks.inside.views["saliency"]
    window.show_dock("SaliencyDock")  # the person looks at the saliency and probabilities of that image
    qtbot.waitUntil(lambda: saliency.picker.current_sample() == index, timeout=LONG)
    bars = saliency.bars.opts["height"]
    assert int(np.argmax(bars)) == predicted and np.allclose(bars, probabilities(frame)[k])
    # The feature maps shown are a direct convolution of that image with the run's weights.
    weights = docks.controller.run.weights
    image = docks.controller.dataset.x_test[index : index + 1]
    direct = F.conv2d(image, weights["conv1.weight"], weights["conv1.bias"]).numpy()[0]
    sent = frame.maps["conv1"][k].astype(np.float32)
    assert np.allclose(sent, direct, atol=2e-3 * max(1.0, float(np.abs(direct).max())))
    assert np.allclose(frame.images[k].astype(np.float32), image[0].numpy(), atol=1e-2)

    # A second click on the same cell: the next test image of that pair.
    with qtbot.waitSignal(results.sample_requested, timeout=5000) as signal:
        click_cell(qtbot, results, true, predicted)
    second = int(signal.args[0])
    assert second == int(expected[1]) and second != index
    k = shown_sample(qtbot, docks, second)
    frame = docks.inside.views["feature-maps"].frame
    assert int(frame.labels[k]) == true and int(probabilities(frame)[k].argmax()) == predicted
    direct = F.conv2d(docks.controller.dataset.x_test[second : second + 1], weights["conv1.weight"],
                      weights["conv1.bias"]).numpy()[0]  # fmt: skip
    assert np.allclose(frame.maps["conv1"][k].astype(np.float32), direct, atol=2e-3 * max(1.0, np.abs(direct).max()))

    # An empty cell says so and picks nothing.
    empty = np.argwhere(cm == 0)
    if len(empty):
        t, p = (int(v) for v in empty[0])
        with qtbot.assertNotEmitted(results.sample_requested):
            click_cell(qtbot, results, t, p)
        names = report.class_names
        assert results.note.text() == f"No test sample of class {names[t]} is predicted as {names[p]}."
        assert results.picked == (true, predicted, second)  # the last pick stays


def test_the_picked_cell_is_framed_and_a_cell_without_views_is_counted(qtbot: Any) -> None:
    """The matrix frames the picked cell; without image views a click only counts the cell's samples."""
    from netbuilder.gui.training.results_view import ResultsView
    from netbuilder.training.report import classification_report

    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    truth, guess = np.array([0, 1, 1, 2, 1, 0]), np.array([0, 2, 1, 2, 2, 1])
    view.set_report(classification_report("test", truth, guess, {"accuracy": 0.5}, 3, ["a", "b", "c"]))
    qtbot.waitExposed(view)
    qtbot.wait(200)  # the plot lays itself out before the person clicks into it
    with qtbot.assertNotEmitted(view.sample_requested):
        click_cell(qtbot, view, 1, 2)
    assert view.note.text() == "2 test samples of class b are predicted as c." and view.picked is None
    view.set_sample_views(True)
    with qtbot.waitSignal(view.sample_requested) as signal:
        click_cell(qtbot, view, 1, 2)
    assert signal.args == [1] and view.picked == (1, 2, 1)
    xs, ys = view.marker.getData()
    assert (min(xs), max(xs), min(ys), max(ys)) == (2, 3, 1, 2)  # column 2, row 1 counted from the top
    with qtbot.waitSignal(view.sample_requested) as signal:
        click_cell(qtbot, view, 1, 2)
    assert signal.args == [4]  # the next sample of that cell
    with qtbot.waitSignal(view.sample_requested) as signal:
        click_cell(qtbot, view, 1, 2)
    assert signal.args == [1]  # and round again
