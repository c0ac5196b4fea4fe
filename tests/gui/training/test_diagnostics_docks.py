"""The diagnostics docks driven as a person would: regions toggle, gradient flow, unit health, LR finder.

Each test compares what is shown with a direct computation: the probe on the run's final weights,
the run's own readings, or the range test's ``suggest_lr``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from gui_helpers import click, set_spin
from PySide6.QtCore import QPoint, Qt, QThread

from netbuilder.core.examples import load_example
from netbuilder.core.project import project_from_dict
from netbuilder.training import probes
from netbuilder.training.lr_finder import suggest_lr
from netbuilder.training.runner.views import GRID
from netbuilder.training.session import prepare

LONG = 120_000


def train(qtbot: Any, window: Any, epochs: int) -> Any:
    docks = window.training_docks
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, epochs)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.run is not None and docks.controller.run.is_over, timeout=LONG)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    return docks


def final_model(window: Any) -> Any:
    setup = prepare(project_from_dict(window.document.project.to_dict()))
    setup.model.load_state_dict(window.training.run.weights)
    return setup


def curve_y(curve: Any) -> np.ndarray:
    """The values given to a curve (on a log axis ``getData`` answers their logarithms)."""
    return np.asarray(curve.getOriginalDataset()[1], dtype=float)


def test_the_regions_toggle_colours_the_plane_by_the_final_weights_regions(qtbot: Any, window: Any) -> None:
    window.files.open_example("circles")
    docks = train(qtbot, window, 40)
    overlay = docks.diagnostics.regions
    window.docks["DecisionDock"].raise_()
    assert not overlay.image.isVisible()
    click(qtbot, overlay.toggle)  # the person ticks "Linear regions"
    assert overlay.toggle.isChecked() and overlay.image.isVisible()
    setup = final_model(window)
    featurize, extent = probes.plane_featurizer(setup.dataset)
    direct = probes.region_map(setup.model, extent, GRID, featurize)
    assert overlay.count.text() == f"{direct.count} regions"
    shown = overlay.image.image
    assert shown.shape == (GRID, GRID, 4)
    # Same region, same colour; a border pixel is dark exactly where the probe says.
    borders = shown[..., 3] == 230
    assert np.array_equal(borders, direct.borders)
    inside = ~direct.borders
    for region in np.unique(direct.ids[inside])[:5]:
        colours = shown[inside & (direct.ids == region)][:, :3]
        assert (colours == colours[0]).all()
    # The count over training ends at the same number, and the health summary says it too.
    assert curve_y(docks.diagnostics.health_panel.region_curve)[-1] == direct.count
    assert f"{direct.count} linear regions" in docks.diagnostics.health_panel.summary.text()
    click(qtbot, overlay.toggle)
    assert not overlay.image.isVisible()


def _deep_sigmoid_project(layers: int = 10) -> Any:
    data = load_example("circles").to_dict()
    nodes = [{"id": "input1", "type": "Input", "params": {"shape": [2], "dtype": "float32"}, "position": [0, 0]}]
    previous = "input1"
    for i in range(1, layers + 1):
        nodes.append({"id": f"fc{i}", "type": "Dense", "params": {"out_features": 16}, "position": [i * 200, 0]})
        nodes.append({"id": f"sig{i}", "type": "Sigmoid", "params": {}, "position": [i * 200, 100]})
    nodes.append({"id": "out", "type": "Dense", "params": {"out_features": 2}, "position": [(layers + 1) * 200, 0]})
    edges = []
    for node in nodes[1:]:
        edges.append({"src": previous, "dst": node["id"], "port": 0})
        previous = node["id"]
    data["graph"] = {"nodes": nodes, "edges": edges}
    data["training"] = dict(data["training"], optimizer={"type": "sgd", "lr": 0.1})
    return project_from_dict(data)


def test_a_deep_sigmoid_stack_gets_a_vanishing_callout_naming_an_early_layer(qtbot: Any, window: Any) -> None:
    window.files.open_project(_deep_sigmoid_project())
    docks = train(qtbot, window, 20)
    panel = docks.diagnostics.gradient_panel
    window.docks["GradientFlowDock"].raise_()
    history = window.training.run.diagnostics
    assert len(history) >= 3
    callout = panel.callout.text()
    assert "vanish" in callout and "'fc1'" in callout  # names the input-most layer that barely learns
    assert callout == "⚠ " + history.diagnosis()[0].message
    # model -> view: each layer's curve is the run's readings (non-positive values are gaps on the log axis).
    for node in ("fc1", "fc10", "out"):
        expected = np.asarray(history.series["grad_norm"][node])
        expected = np.where(expected > 0, expected, np.nan)
        np.testing.assert_allclose(curve_y(panel.norms.curves[node]), expected)
    assert "fc1" in panel.key.text() and "out" in panel.key.text()


def test_a_healthy_relu_net_gets_no_callout_and_its_health_heat_map_is_the_run_s(qtbot: Any, window: Any) -> None:
    window.files.open_example("circles")
    docks = train(qtbot, window, 30)
    window.docks["GradientFlowDock"].raise_()
    assert docks.diagnostics.gradient_panel.callout.text().startswith("✓")
    window.docks["UnitHealthDock"].raise_()
    panel = docks.diagnostics.health_panel
    history = window.training.run.diagnostics
    # The person picks "activations of relu1" in the heat-map box with the keyboard.
    combo = panel.layer
    target = combo.findData("activations:relu1")
    assert target >= 0
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    combo.hidePopup()
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    rows = history.heat_map("activations", "relu1")
    np.testing.assert_allclose(panel.heat.image, np.sqrt(rows.T), rtol=1e-6)
    assert panel.heat.image.shape == (40, len(history))
    # Dead share: the shown curve is the run's, whose last value is the probe on the final weights.
    setup = final_model(window)
    direct = probes.dead_relu_share(setup.model, setup.dataset.x_train[:256])["relu1"]
    shown = curve_y(panel.shares.curves["relu1"])
    assert math.isclose(shown[-1], direct) and f"relu1: {direct:.0%} dead" in panel.summary.text()


def test_find_learning_rate_marks_the_suggestion_and_uses_it_as_one_undo_step(qtbot: Any, window: Any) -> None:
    window.files.open_example("circles")
    docks = train(qtbot, window, 5)
    weights = {k: v.clone() for k, v in window.training.weights.items()}
    old_lr = window.document.project.training["optimizer"]["lr"]
    click(qtbot, docks.training_panel.find_lr_button)  # the Training panel's button
    finder, panel = window.training.lr_finder, docks.diagnostics.lr_panel
    assert window.docks["LRFinderDock"].isVisible()
    qtbot.waitUntil(lambda: finder.result is not None and not finder.is_active, timeout=LONG)
    result = finder.result
    expected = suggest_lr(np.array(result.lrs), np.array(result.losses))
    assert expected is not None and panel.suggested == expected
    assert math.isclose(panel.marker.value(), math.log10(expected))
    np.testing.assert_allclose(curve_y(panel.curve), result.losses)
    assert f"{expected:.3g}" in panel.status.text()
    assert all(torch.equal(weights[k], v) for k, v in window.training.weights.items())  # untouched

    click(qtbot, panel.use_button)
    rounded = float(f"{expected:.3g}")
    assert window.document.project.training["optimizer"]["lr"] == rounded  # UI -> model
    assert math.isclose(docks.training_panel.lr.value(), rounded, rel_tol=1e-3)  # model -> the form
    window.document.undo_stack.undo()
    assert window.document.project.training["optimizer"]["lr"] == old_lr


def test_the_menu_runs_the_finder_and_cancel_stops_it(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-digits-mlp")
    qtbot.waitUntil(lambda: window.training.dataset is not None, timeout=LONG)  # its arrival raises a view
    docks = window.training_docks
    action = docks.diagnostics.find_action
    assert action.text() == "Find learning rate" and action.isEnabled()
    action.trigger()
    finder, panel = window.training.lr_finder, docks.diagnostics.lr_panel
    assert window.docks["LRFinderDock"].isVisible() and not action.isEnabled()
    click(qtbot, panel.cancel_button)  # at once: the test is a few seconds, too quick to catch midway
    qtbot.waitUntil(lambda: not finder.is_active, timeout=LONG)
    assert finder.result is not None and finder.result.reason == "cancelled"
    assert panel.find_button.isEnabled() and action.isEnabled() and not panel.use_button.isEnabled()
    assert "cancelled" in panel.status.text() or "never fell" in panel.status.text()


def test_a_cancel_pressed_before_the_finder_thread_runs_still_cancels(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel at once, while the finder's thread has not been scheduled yet: the Stop must not overtake
    the range test's command (it did when the thread sent the command, and the test ran to its end)."""
    from netbuilder.gui.training import lr_finder

    original_run = lr_finder.SideJobThread.run

    def late_run(thread: Any) -> None:
        QThread.msleep(500)  # a thread the OS schedules late, as on a loaded machine
        original_run(thread)

    monkeypatch.setattr(lr_finder.SideJobThread, "run", late_run)
    window.files.open_example("seed-digits-mlp")
    qtbot.waitUntil(lambda: window.training.dataset is not None, timeout=LONG)
    finder = window.training.lr_finder
    assert finder.start()
    finder.cancel()
    qtbot.waitUntil(lambda: not finder.is_active, timeout=LONG)
    assert finder.result is not None and finder.result.reason == "cancelled"


def test_a_reopened_project_shows_its_diagnostics_again(qtbot: Any, window: Any, tmp_path: Path) -> None:
    window.files.open_example("circles")
    docks = train(qtbot, window, 20)
    history = window.training.run.diagnostics
    shown = curve_y(docks.diagnostics.gradient_panel.norms.curves["fc1"])
    path = tmp_path / "circles.nbproj"
    window.document.save(path)
    window.files.open_example("xor", ask=False)
    assert not docks.diagnostics.gradient_panel.norms.curves
    window.files.open_path(path, ask=False)
    reopened = window.training.run.diagnostics
    assert reopened.x == history.x and reopened.region_count == history.region_count
    np.testing.assert_allclose(curve_y(docks.diagnostics.gradient_panel.norms.curves["fc1"]), shown, rtol=1e-5)
    assert f"{history.region_count} regions" in docks.diagnostics.regions.count.text()


def test_unit_health_re_initialises_dead_units_of_a_deeper_relu_layer(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-digits-mlp")
    setup = prepare(project_from_dict(window.document.project.to_dict()))
    state = {k: v.detach().clone() for k, v in setup.model.state_dict().items()}
    state["fc2.bias"][:5] = -1e3  # five units of the second ReLU layer never fire
    window.training.use_weights(state)
    window.docks["UnitHealthDock"].raise_()
    button = window.training_docks.diagnostics.health_panel.reinit_button
    qtbot.waitUntil(button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    after = window.training.weights
    assert bool((after["fc2.bias"][:5] > -1e3).all())  # revived, in the second ReLU layer
    assert torch.equal(after["fc2.bias"][5:], state["fc2.bias"][5:])
    window.document.undo_stack.undo()
    assert torch.equal(window.training.weights["fc2.bias"], state["fc2.bias"])


def pause_a_long_run(qtbot: Any, window: Any, optimizer: dict[str, Any]) -> Any:
    project = load_example("circles")
    project.training = dict(project.training, epochs=2000, optimizer=optimizer)
    window.files.open_project(project)
    docks = window.training_docks
    window.docks["TrainingDock"].raise_()
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: len(window.training.run.diagnostics) >= 4, timeout=LONG)
    click(qtbot, docks.training_panel.pause_button)
    qtbot.waitUntil(lambda: window.training.state.value == "paused", timeout=LONG)
    return docks


def stop_and_wait(qtbot: Any, window: Any) -> None:
    click(qtbot, window.training_docks.training_panel.stop_button)
    qtbot.waitUntil(lambda: window.training.state.value == "idle", timeout=LONG)


@pytest.mark.parametrize(
    "optimizer",
    [{"type": "sgd", "lr": 0.1}, {"type": "sgd", "lr": 0.05, "momentum": 0.9}, {"type": "adam", "lr": 0.02}],
    ids=["sgd", "momentum", "adam"],
)
def test_explain_next_step_shows_the_update_the_run_then_has(
    qtbot: Any, window: Any, optimizer: dict[str, Any]
) -> None:
    docks = pause_a_long_run(qtbot, window, optimizer)
    panel = docks.diagnostics.explain_panel
    window.scene.node_items["fc2"].setSelected(True)  # a click on the canvas picks the layer
    assert panel.layer.currentText() == "fc2"
    window.show_dock("ExplainDock")
    set_spin(qtbot, panel.unit, 1)
    set_spin(qtbot, panel.input, 3)
    click(qtbot, panel.explain_button)
    qtbot.waitUntil(lambda: window.training.run.explained is not None, timeout=LONG)
    step = window.training.run.explained.step
    assert step is not None and step.node_id == "fc2"
    param = step.params["fc2.weight"]
    shown = panel.text.toPlainText()
    for line in step.filled("fc2.weight", (1, 3)):
        assert line in shown
    assert f"update Δw = {float(param.update[1, 3]):.6g}, after {float(param.after[1, 3]):.6g}" in shown
    stop_and_wait(qtbot, window)
    after = window.training.weights["fc2.weight"].double().numpy()
    assert after[1, 3] == param.after[1, 3]  # the run continued from the explained step's weights
    assert math.isclose(param.before[1, 3] + param.update[1, 3], after[1, 3], rel_tol=1e-6, abs_tol=1e-9)


def test_the_loss_landscape_centre_is_the_run_s_current_loss(qtbot: Any, window: Any) -> None:
    docks = pause_a_long_run(qtbot, window, {"type": "adam", "lr": 0.02})
    panel = docks.diagnostics.landscape_panel
    window.show_dock("LandscapeDock")
    click(qtbot, panel.landscape_button)
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=LONG)
    landscape = panel.shown
    assert landscape.complete and landscape.losses.shape == (21, 21)
    assert f"loss {landscape.center_loss:.6g}" in panel.status.text()
    assert panel.image.image[10, 10] == pytest.approx(math.log10(landscape.center_loss))
    stop_and_wait(qtbot, window)
    setup = final_model(window)
    from netbuilder.training.objective import objective

    goal = objective(setup)
    x, y = goal.evaluation_batch(1024, goal.seed)
    with torch.no_grad():
        direct = float(goal.loss_fn(goal.model.eval()(x), y))
    assert landscape.center_loss == pytest.approx(direct, rel=1e-5)


def test_the_relu_fit_marks_every_breakpoint_of_a_deeper_net(qtbot: Any, window: Any) -> None:
    data = load_example("seed-relu-pieces").to_dict()
    graph = data["graph"]
    graph["nodes"][3:3] = [
        {"id": "fc9", "type": "Dense", "params": {"out_features": 4}, "position": [800, 100]},
        {"id": "relu9", "type": "ReLU", "params": {}, "position": [900, 100]},
    ]
    graph["edges"] = [
        {"src": a, "dst": b, "port": 0}
        for a, b in (("input1", "fc1"), ("fc1", "relu1"), ("relu1", "fc9"), ("fc9", "relu9"), ("relu9", "fc2"))
    ]
    window.files.open_project(project_from_dict(data))
    docks = train(qtbot, window, 30)
    window.docks["HingeDock"].raise_()
    setup = final_model(window)
    expected = probes.breakpoints_1d(
        setup.model, *probes.function_range(setup.dataset), 400, scaling=probes.input_scaling(setup.dataset)
    )
    shown = [line.value() for line in docks.hinge_plot.breakpoint_lines]
    np.testing.assert_allclose(sorted(shown), sorted(expected), rtol=1e-6)
    assert f"{len(expected)} breakpoints in the whole function" in docks.hinge_plot.info.text()
