"""The run history in the GUI, driven as a person would: train twice, compare, rewind, fork, open, rename, delete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from netbuilder.core.project import project_from_dict
from netbuilder.training.runner.kept_weights import frame_for
from netbuilder.training.runs.rewind import checkpoint_views
from netbuilder.training.runs.store import runs_folder_for
from tests.gui.training.test_run_trust import click, open_example, set_spin, train_and_wait

LONG = 120_000


def click_row(qtbot: Any, panel: Any, run_id: str, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    item = panel.row_of(run_id)
    assert item is not None, run_id
    rect = panel.table.visualItemRect(item)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def train_two_learning_rates(qtbot: Any, window: Any, example: str, epochs: int) -> Any:
    docks = open_example(window, example)
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, epochs)
    set_spin(qtbot, docks.training_panel.lr, 0.02)
    train_and_wait(qtbot, docks)
    set_spin(qtbot, docks.training_panel.lr, 0.2)
    train_and_wait(qtbot, docks)
    return docks


def test_two_runs_are_listed_and_compared_with_the_difference_named(qtbot: Any, window: Any, tmp_path: Path) -> None:
    docks = train_two_learning_rates(qtbot, window, "xor", 8)
    runs = docks.runs_docks
    panel = runs.panel
    window.docks["RunsDock"].raise_()
    assert [e.id for e in panel.entries] == ["run-0001", "run-0002"]
    assert panel.table.topLevelItemCount() == 2
    assert panel.row_of("run-0002").text(2) == "lr 0.02 → 0.2"  # the Changes column
    assert panel.row_of("run-0001").text(4) == "finished"
    click_row(qtbot, panel, "run-0001")
    click_row(qtbot, panel, "run-0002", Qt.KeyboardModifier.ControlModifier)
    click(qtbot, panel.compare_button)
    view = runs.compare
    assert len(view.curves["val"]) == 2 and len(view.curves["metric"]) == 2
    for index, run_id in enumerate(["run-0001", "run-0002"]):
        run = runs.history.store.load_run(run_id, with_weights=False)
        _x, y = view.curves["metric"][index].getData()
        np.testing.assert_allclose(y, run.metric.y)
    assert "lr 0.02 → 0.2" in view.labels[1] and "lr 0.02 → 0.2" in view.key.text()
    assert "lr" in view.highlighted_rows() and "epochs" not in view.highlighted_rows()
    # The same two runs, from the command line, once the project is saved.
    path = tmp_path / "xor.nbproj"
    window.document.save(path)
    listed = subprocess.run(
        [sys.executable, "-m", "netbuilder", "runs", str(path), "--json"], capture_output=True, text=True, check=True
    )
    data = json.loads(listed.stdout.strip().splitlines()[-1])
    assert [(r["id"], r["training"]["optimizer"]["lr"]) for r in data["runs"]] == [
        ("run-0001", 0.02),
        ("run-0002", 0.2),
    ]


def test_scrubbing_shows_a_checkpoint_and_continue_from_here_forks_a_run(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "seed-relu-pieces")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 40)
    train_and_wait(qtbot, docks)
    controller, panel = docks.controller, docks.runs_docks.panel
    window.docks["RunsDock"].raise_()
    timeline = panel.timeline
    assert timeline.slider.isEnabled() and timeline.epochs[0] == 0 and timeline.epochs[-1] == 40
    window.docks["HingeDock"].raise_()
    window.docks["RunsDock"].raise_()
    timeline.slider.setFocus()
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)
    assert len(timeline.epochs) >= 5
    for _ in range(3):
        qtbot.keyClick(timeline.slider, Qt.Key.Key_Right)
    epoch = timeline.epochs[3]
    assert timeline.chosen_epoch() == epoch and f"epoch {epoch} of 40" in timeline.label.text()
    weights = controller.history.store.checkpoint(controller.run.run_id, epoch)
    _setup, expected = frame_for(project_from_dict(controller.project.to_dict()), weights)
    final_report = controller.run.report
    qtbot.waitUntil(
        lambda: np.allclose(docks.hinge_plot.prediction_curve.getData()[1], expected.prediction.reshape(-1)),
        timeout=LONG,
    )
    for curve, hinge in zip(docks.hinge_plot.hinge_curves, expected.hinges, strict=True):
        np.testing.assert_allclose(curve.getData()[1], hinge)
    # The Results view shows that epoch's evaluation: the model rebuilt from the checkpoint, evaluated.
    at_epoch = checkpoint_views(project_from_dict(controller.project.to_dict()), weights).report
    assert at_epoch is not None and at_epoch.metrics != final_report.metrics
    qtbot.waitUntil(lambda: docks.results.report.metrics == at_epoch.metrics, timeout=LONG)
    qtbot.keyClick(timeline.slider, Qt.Key.Key_End)  # back to the end: the run's own report again
    qtbot.waitUntil(lambda: docks.results.report is final_report, timeout=LONG)
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)
    for _ in range(3):
        qtbot.keyClick(timeline.slider, Qt.Key.Key_Right)
    first_id = controller.run.run_id
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 5)
    window.docks["RunsDock"].raise_()
    click(qtbot, timeline.continue_button)
    qtbot.waitUntil(lambda: controller.state.value == "idle" and controller.run.is_over, timeout=LONG)
    third = controller.run
    assert third.run_id == "run-0002" and third.run_id != first_id
    assert [e.epoch for e in third.epochs] == list(range(epoch + 1, epoch + 6))
    entry = controller.history.entry("run-0002")
    assert entry.parent == first_id and entry.from_epoch == epoch and entry.checkpoints[0] == epoch


def test_opening_a_run_restores_its_graph_and_settings_as_one_undo_step(qtbot: Any, window: Any, dialogs: Any) -> None:
    docks = open_example(window, "xor")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 3)
    set_spin(qtbot, docks.training_panel.lr, 0.05)
    train_and_wait(qtbot, docks)
    set_spin(qtbot, docks.training_panel.lr, 0.5)
    nodes_before = [n.id for n in window.document.graph.nodes]
    panel = docks.runs_docks.panel
    window.docks["RunsDock"].raise_()
    click_row(qtbot, panel, "run-0001")
    click(qtbot, panel.open_button)
    assert window.document.project.training["optimizer"]["lr"] == 0.05
    assert docks.training_panel.lr.value() == pytest.approx(0.05)
    assert [n.id for n in window.document.graph.nodes] == nodes_before
    window.document.undo_stack.undo()  # one step back: the edit before Open
    assert window.document.project.training["optimizer"]["lr"] == 0.5
    # Rename in place (F2, type, Enter), then delete after confirming.
    item = panel.row_of("run-0001")
    panel.table.setCurrentItem(item, 1)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "baseline")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: docks.controller.history.entries[0].name == "baseline")
    assert panel.row_of("run-0001").text(1) == "baseline"
    dialogs.answer = QMessageBox.StandardButton.Yes
    click_row(qtbot, panel, "run-0001")
    click(qtbot, panel.delete_button)
    assert dialogs.of("question") and docks.controller.history.entries == []
    assert panel.table.topLevelItemCount() == 0


def test_a_damaged_run_folder_is_listed_and_the_project_still_opens(qtbot: Any, window: Any, tmp_path: Path) -> None:
    docks = open_example(window, "xor")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 2)
    train_and_wait(qtbot, docks)
    path = tmp_path / "xor.nbproj"
    window.document.save(path)
    broken = runs_folder_for(path) / "run-0002"
    broken.mkdir()
    (broken / "run.json").write_text('{"format": "netbuilder-run-folder", "project": 3', encoding="utf-8")
    window.files.new()
    window.files.open_path(str(path))
    assert window.document.path == path and docks.controller.run.run_id == "run-0001"
    panel = docks.runs_docks.panel
    window.docks["RunsDock"].raise_()
    assert [panel.row_of(i).text(4) for i in ("run-0001", "run-0002")] == ["finished", "damaged"]
    assert "run.json" in panel.row_of("run-0002").toolTip(4)
    assert "damaged" in window.statusBar().currentMessage()
    # Star the good run by clicking its check box: kept in its folder.
    index = panel.table.indexFromItem(panel.row_of("run-0001"), 0)
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 8, rect.center().y()))
    qtbot.waitUntil(lambda: docks.controller.history.entry("run-0001").starred)
    assert json.loads((runs_folder_for(path) / "run-0001" / "run.json").read_text())["starred"] is True
