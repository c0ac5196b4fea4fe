"""The trust problems a new user met, each driven as a person would (issue "One owner for a training run").

Every test here failed on the code before the run model and the training controller existed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from gui_helpers import click, set_spin
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

LONG = 120_000


def open_example(window: Any, name: str) -> Any:
    window.files.open_example(name)
    return window.training_docks


def train_and_wait(qtbot: Any, docks: Any) -> None:
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "running", timeout=LONG)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)


def curve_xs(docks: Any) -> dict[str, np.ndarray]:
    plot = docks.loss_plot
    curves = {
        "step": plot.step_curve,
        "train": plot.train_curve,
        "val": plot.val_curve,
        "metric": plot.metric_curve,
    }
    return {
        name: np.asarray(curve.getData()[0] if curve.getData()[0] is not None else []) for name, curve in curves.items()
    }


def curve_values(docks: Any) -> dict[str, tuple[list[float], list[float]]]:
    out = {}
    for name, curve in (("train", docks.loss_plot.train_curve), ("metric", docks.loss_plot.metric_curve)):
        x, y = curve.getData()
        out[name] = ([] if x is None else np.asarray(x).tolist(), [] if y is None else np.asarray(y).tolist())
    return out


# ---- 1. a key pressed after Train never edits a hidden panel ----------------------------------------
def test_a_key_pressed_after_train_edits_nothing(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 5)
    before_dataset = dict(window.document.project.dataset)
    before_undo = window.document.undo_stack.undoText()
    train_and_wait(qtbot, docks)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.isVisible(), focused  # focus never rests on a hidden widget
    qtbot.keyClick(focused, Qt.Key.Key_F)  # Fit to View, as the person meant it
    for key in (Qt.Key.Key_Down, Qt.Key.Key_C):  # and a few stray keys
        qtbot.keyClick(QApplication.focusWidget() or window, key)
    assert window.document.project.dataset == before_dataset
    assert window.document.undo_stack.undoText() == before_undo


def test_focus_returns_to_the_canvas_after_train(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 3)
    window.view.setFocus()
    train_and_wait(qtbot, docks)
    assert QApplication.focusWidget() is window.view


def test_hidden_panels_get_no_keys(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    window.docks["TrainingDock"].raise_()  # the Dataset dock is a hidden tab behind it
    combo = docks.dataset_panel.kind
    qtbot.waitUntil(lambda: window.docks["DatasetDock"].visibleRegion().isEmpty())  # not on screen
    before = dict(window.document.project.dataset)
    combo.setFocus()  # whatever moved focus there (a stale focus chain, a dock closing)
    qtbot.keyClick(combo, Qt.Key.Key_C)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert window.document.project.dataset == before


# ---- 2. a second Train does not draw over the first run -------------------------------------------
def test_a_second_train_starts_a_new_run_with_monotonic_curves(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "seed-relu-pieces")
    set_spin(qtbot, docks.training_panel.epochs, 60)
    train_and_wait(qtbot, docks)
    first = docks.controller.run
    train_and_wait(qtbot, docks)
    second = docks.controller.run
    assert second is not first and first in docks.controller.runs
    for name, x in curve_xs(docks).items():
        assert len(x), name
        assert np.all(np.diff(x) >= 0), f"{name} curve goes back in x"
    # The second run continued from the first run's weights, so its epochs follow on: 61..120.
    assert curve_xs(docks)["train"][-1] == 120


# ---- 3. Reset clears every view --------------------------------------------------------------------
def test_reset_clears_every_view(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "seed-relu-pieces")
    set_spin(qtbot, docks.training_panel.epochs, 40)
    train_and_wait(qtbot, docks)
    assert docks.hinge_plot.hinge_curves and docks.tiles.items
    click(qtbot, docks.training_panel.reset_button)
    assert docks.controller.run is None and docks.controller.weights is None
    assert all(len(x) == 0 for x in curve_xs(docks).values())
    assert not docks.holders["HingeDock"].showing_view  # "Press Train…" again, not the old fit
    assert not docks.tiles.items
    assert docks.results.report is None and not docks.holders["ResultsDock"].showing_view
    assert docks.training_panel.status.text() == "Ready"
    assert docks.training_panel.progress.value() == 0


# ---- 4. reopening a trained, saved project restores the run --------------------------------------
def test_save_close_reopen_restores_the_run(qtbot: Any, window: Any, tmp_path: Path) -> None:
    docks = open_example(window, "seed-relu-pieces")
    set_spin(qtbot, docks.training_panel.epochs, 100)
    train_and_wait(qtbot, docks)
    shown = curve_values(docks)
    label = docks.loss_plot.metric_plot.getPlotItem().getAxis("left").labelText
    report = docks.results.report
    status = docks.training_panel.status.text()
    hinge = docks.hinge_plot.prediction_curve.getData()[1].copy()
    assert label == "RMSE" and "epoch 100/100" in status
    path = tmp_path / "relu.nbproj"
    window.document.save(path)
    window.files.new()
    assert all(len(x) == 0 for x in curve_xs(docks).values())
    window.files.open_path(str(path))
    qtbot.waitUntil(lambda: docks.holders["HingeDock"].showing_view, timeout=LONG)
    assert curve_values(docks) == shown
    assert docks.loss_plot.metric_plot.getPlotItem().getAxis("left").labelText == "RMSE"
    assert docks.results.report is not None and docks.results.report.metrics == report.metrics
    assert docks.holders["ResultsDock"].showing_view
    assert docks.training_panel.status.text() == status
    np.testing.assert_allclose(docks.hinge_plot.prediction_curve.getData()[1], hinge, rtol=1e-5, atol=1e-6)
    x_end = docks.loss_plot.loss_plot.getPlotItem().getViewBox().viewRange()[0][1]
    assert 100 <= x_end <= 105  # the axis ends where the run did, not at 200


# ---- 5. one prediction rule: the Results report is the trainer's evaluation ------------------------
def test_results_report_equals_the_trainers_evaluation(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    set_spin(qtbot, docks.training_panel.epochs, 8)
    train_and_wait(qtbot, docks)
    result = docks.controller.run.result
    assert result is not None
    assert docks.results.report.metrics == result.test_metrics


# ---- 6. small lies of the panels ----------------------------------------------------------------------
def test_patience_stays_disabled_after_a_run_without_early_stopping(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    panel = docks.training_panel
    if panel.early_stopping.isChecked():
        qtbot.mouseClick(panel.early_stopping, Qt.MouseButton.LeftButton)
    assert not panel.patience.isEnabled()
    set_spin(qtbot, panel.epochs, 3)
    train_and_wait(qtbot, docks)
    assert not panel.early_stopping.isChecked() and not panel.patience.isEnabled()


def test_a_new_project_shows_no_dataset_in_the_combo(qtbot: Any, window: Any) -> None:
    docks = window.training_docks
    window.files.new()
    assert docks.dataset_panel.kind.currentText() == ""
    assert "No dataset chosen" in docks.dataset_panel.info.text()


def test_choosing_a_dataset_updates_the_view_messages(qtbot: Any, window: Any) -> None:
    docks = window.training_docks
    window.files.new()
    window.docks["DatasetDock"].raise_()
    combo = docks.dataset_panel.kind
    combo.setCurrentText("function")
    assert window.document.project.dataset["kind"] == "function"
    qtbot.waitUntil(lambda: docks.controller.dataset is not None, timeout=5000)
    assert "Press Train" in docks.holders["HingeDock"].label.text()
    assert "2-D points" in docks.holders["DecisionDock"].label.text()


# ---- the weights beside a project: damaged or mismatched files are messages, never tracebacks ------------
def _project_with_weights(tmp_path: Path, metadata: dict[str, str], weights: Any) -> Path:
    from netbuilder.core.examples import load_example
    from netbuilder.core.project import save_project
    from netbuilder.gui.training.run_history import legacy_weights_path
    from netbuilder.training.checkpoint import save_weights

    path = tmp_path / "xor.nbproj"
    save_project(load_example("xor"), path)
    save_weights(weights, legacy_weights_path(path), metadata=metadata)  # a project saved before run folders
    return path


def test_hostile_weights_beside_a_project_are_a_message(qtbot: Any, window: Any, tmp_path: Path) -> None:
    import torch

    deep = "[" * 100_000 + "]" * 100_000  # deeper than any JSON reader recurses
    path = _project_with_weights(tmp_path, {"run": deep, "history": "[]"}, {"fc1.bias": torch.zeros(8)})
    window.files.open_path(str(path))
    assert window.document.path == path  # the project opened
    qtbot.waitUntil(lambda: "damaged" in window.statusBar().currentMessage(), timeout=LONG)
    path = _project_with_weights(tmp_path, {"history": deep}, {"fc1.bias": torch.zeros(8)})
    window.files.open_path(str(path), ask=False)
    assert window.document.path == path
    assert "weights" in window.statusBar().currentMessage() and "history" in window.statusBar().currentMessage()
    assert window.training_docks.controller.run is None  # nothing half-loaded


def test_mismatched_weights_beside_a_project_are_named_and_training_starts_afresh(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    import torch

    weights = {"fc1.weight": torch.zeros(3, 3), "fc1.bias": torch.zeros(3)}  # not this network's shapes
    path = _project_with_weights(tmp_path, {"run": json.dumps({"format": "x"})}, weights)
    window.files.open_path(str(path))
    docks = window.training_docks
    qtbot.waitUntil(lambda: "do not fit the network" in window.statusBar().currentMessage(), timeout=LONG)
    assert "fc1.weight" in window.statusBar().currentMessage()
    assert docks.controller.run is not None and docks.controller.run.outcome == "finished"
    train_and_wait(qtbot, docks)  # and training starts afresh, saying why
    assert docks.controller.run.notices and "fresh initialisation" in docks.controller.run.notices[0]


def test_a_bad_setting_in_the_file_ends_the_run_with_the_field_named(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "xor")
    window.document.project.set_section("training", {"optimizer": {"type": "adam", "lr": -1}})
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.run is not None and docks.controller.run.is_over, timeout=LONG)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert "optimizer.lr" in docks.training_panel.error.text()
    assert docks.training_panel.train_button.isEnabled()
