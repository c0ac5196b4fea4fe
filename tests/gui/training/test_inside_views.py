"""The inside views in the app, driven as a person would: only the docks that fit are offered, they
update while a run trains, and clicking a unit, a feature map or a misclassified image shows more."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt

from netbuilder.core.examples import example_names
from netbuilder.gui.training.inside_docks import DOCKS
from netbuilder.training.probes.neurons import unit_formula
from netbuilder.training.runner.inside import INSIDE_VIEWS, inside_views

LONG = 180_000


def open_example(qtbot: Any, window: Any, name: str) -> Any:
    window.files.open_example(name)
    docks = window.training_docks
    qtbot.waitUntil(lambda: docks.controller.dataset is not None, timeout=LONG)
    return docks


def set_spin(qtbot: Any, box: Any, value: Any) -> None:
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), str(value))
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def start(qtbot: Any, window: Any, docks: Any, epochs: int) -> None:
    window.docks["TrainingDock"].raise_()  # a person clicks the Training tab before typing into it
    set_spin(qtbot, docks.training_panel.epochs, epochs)
    qtbot.mouseClick(docks.training_panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: docks.controller.run is not None, timeout=LONG)


def wait_over(qtbot: Any, docks: Any) -> None:
    qtbot.waitUntil(lambda: docks.controller.run.is_over, timeout=LONG)
    assert docks.controller.run.outcome in ("finished", "stopped"), docks.controller.run.failure


def train(qtbot: Any, window: Any, docks: Any, epochs: int) -> None:
    start(qtbot, window, docks, epochs)
    wait_over(qtbot, docks)


def dock(window: Any, view: str) -> Any:
    return window.docks[DOCKS[view][0]]


@pytest.mark.parametrize("name", example_names())
def test_only_the_views_that_fit_are_offered(qtbot: Any, window: Any, name: str) -> None:
    docks = open_example(qtbot, window, name)
    fitting = inside_views(window.document.project.graph, docks.controller.dataset)
    assert docks.inside.offered() == fitting
    for view in INSIDE_VIEWS:
        assert dock(window, view).isHidden() == (view not in fitting)
    kind = docks.controller.view_kind()
    assert window.docks["DecisionDock"].isHidden() == (kind != "decision")
    assert window.docks["HingeDock"].isHidden() == (kind != "hinge")  # no "ReLU fit" dock for a CNN
    if name == "seed-cnn":
        assert window.docks["HingeDock"].isHidden() and window.docks["DecisionDock"].isHidden()


@pytest.mark.parametrize("name", ["spiral", "seed-cnn", "lstm-sequence", "attention-sequence", "seed-relu-pieces"])
def test_fitting_views_appear_and_update_while_training(qtbot: Any, window: Any, name: str) -> None:
    docks = open_example(qtbot, window, name)
    inside = docks.inside
    first = inside.offered()[0]
    start(qtbot, window, docks, 10_000)
    qtbot.waitUntil(lambda: docks.controller.run.inside_frame is not None, timeout=LONG)
    dock(window, first).raise_()  # the person clicks the view's tab while it trains
    qtbot.waitUntil(lambda: inside.views[first].updates >= 3, timeout=LONG)  # it keeps updating
    assert not docks.controller.run.is_over
    qtbot.mouseClick(docks.training_panel.stop_button, Qt.MouseButton.LeftButton)
    wait_over(qtbot, docks)
    for view in inside.offered():
        dock(window, view).raise_()
        qtbot.waitUntil(lambda view=view: inside.holders[view].showing_view, timeout=5000)
        assert inside.views[view].updates >= 1, view
        image = inside.holders[view].grab().toImage()
        assert image.width() > 100 and not image.isNull()
    assert docks.controller.run.inside_frame is not None


def test_clicking_a_unit_shows_its_formula_in_the_inspector(qtbot: Any, window: Any) -> None:
    docks = open_example(qtbot, window, "seed-linear-neuron")
    train(qtbot, window, docks, 20)
    dock(window, "neurons").raise_()  # the person clicks the Neurons tab: it draws the run's last frame
    view = docks.inside.views["neurons"]
    qtbot.waitUntil(lambda: "fc1" in view.tiles, timeout=5000)
    tile = view.tiles["fc1"][0]
    point = view.mapFromScene(tile.mapToScene(QPointF(20, 20)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    weights = docks.controller.run.weights
    expected = unit_formula(
        weights["fc1.weight"][0].numpy(), float(weights["fc1.bias"][0]), None, ["x₁", "x₂"]
    )  # model -> UI: the numbers are the trained weights
    inspector = window.inspector
    assert inspector.unit.isVisibleTo(window) and expected in inspector.unit.text(), inspector.unit.text()
    assert window.scene.selected_node_ids() == ["fc1"]  # the unit's node is selected on the canvas
    assert inspector.node_id == "fc1"


def test_clicking_a_feature_map_explains_one_value(qtbot: Any, window: Any) -> None:
    docks = open_example(qtbot, window, "seed-cnn")
    train(qtbot, window, docks, 1)
    dock(window, "feature-maps").raise_()
    view = docks.inside.views["feature-maps"]
    qtbot.waitUntil(lambda: "conv2" in view.rows and view.rows["conv2"][2][3] > 0, timeout=5000)
    qtbot.wait(200)  # the freshly shown dock lays its plots out before the person clicks into one
    _box, item, (_h, w, _columns, _count) = view.rows["conv2"]
    channel_1 = QPointF(1 * (w + 1) + 3.5, 2.5)  # channel 1, row 2, column 3 of the atlas
    point = view.graphics.mapFromScene(item.mapToScene(channel_1))
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=point)
    step = view.step
    # A map pixel is smaller than a screen pixel here, so the click may land a row or column aside.
    assert step is not None and (step.layer, step.channel) == ("conv2", 1)
    assert abs(step.row - 2) <= 1 and abs(step.col - 3) <= 1
    frame = docks.controller.run.inside_frame.images
    sent = float(frame.maps["conv2"][view.position, 1, step.row, step.col])
    assert abs(step.total - sent) < 0.02 * max(1.0, abs(sent))  # the sum equals the map's value (float16)
    assert step.kernel.shape == (32, 3, 3) and "bias" in view.explain.text()


def test_clicking_a_misclassified_image_shows_it(qtbot: Any, window: Any) -> None:
    docks = open_example(qtbot, window, "seed-cnn")
    train(qtbot, window, docks, 1)
    dock(window, "misclassified").raise_()
    qtbot.waitUntil(lambda: docks.inside.views["misclassified"].updates >= 1, timeout=5000)
    qtbot.wait(200)
    gallery = docks.inside.views["misclassified"]
    frame = docks.controller.run.inside_frame.images
    if frame.mistakes is None or not len(frame.mistakes):
        pytest.skip("no mistakes after one epoch")
    point = gallery.graphics.mapFromScene(gallery.image.mapToScene(QPointF(3, 3)))
    qtbot.mouseClick(gallery.graphics.viewport(), Qt.MouseButton.LeftButton, pos=point)
    wanted = int(frame.mistakes[0])
    maps = docks.inside.views["feature-maps"]
    qtbot.waitUntil(lambda: maps.picker.current_sample() == wanted, timeout=LONG)
    assert not window.docks["FeatureMapsDock"].visibleRegion().isEmpty()  # raised to show the picked image
