"""The Compression dock, driven as a person would: train, open the lab, move the slider, compute, export, keep."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.gui.training.test_run_trust import click, open_example, set_spin, train_and_wait
from tests.gui.training.test_runs import click_row as click_run

LONG = 120_000


def trigger_menu(window: Any, menu: str, text: str) -> None:
    action = next(a for a in window.menu(menu).actions() if a.text() == text)
    action.trigger()


def click_row(qtbot: Any, table: Any, row: int) -> None:
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def trained_lab(qtbot: Any, window: Any) -> Any:
    docks = open_example(window, "seed-digits-mlp")
    window.docks["TrainingDock"].raise_()
    set_spin(qtbot, docks.training_panel.epochs, 10)
    train_and_wait(qtbot, docks)
    assert not window.docks["CompressionDock"].isVisible()  # on demand only
    trigger_menu(window, "&Training", "Compression lab")
    assert window.docks["CompressionDock"].isVisible()
    return docks


def compute(qtbot: Any, panel: Any) -> None:
    click(qtbot, panel.compute_button)
    qtbot.waitUntil(lambda: not panel.busy and panel.table.rowCount() > 0, timeout=LONG)


def test_the_panel_fills_its_table_and_exports_a_variant(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docks = trained_lab(qtbot, window)
    panel = docks.compression
    panel.sparsity.setFocus()
    for _ in range(2):
        qtbot.keyClick(panel.sparsity, Qt.Key.Key_Right)  # 50% → 60% by the slider's own steps
    assert panel.sparsity_label.text() == "60%" and panel.options()["sparsity"] == pytest.approx(0.6)
    set_spin(qtbot, panel.student_epochs, 4)
    compute(qtbot, panel)
    labels = [panel.table.item(row, 0).text() for row in range(panel.table.rowCount())]
    assert labels == ["float32", "int8 (dynamic)", "pruned 60%", "student (T=2, α=0.9)", "student (no teacher)"]
    reference = panel.variants[0]
    # The float row equals the trainer's own final evaluation of this run.
    assert reference.metric.value == pytest.approx(docks.controller.run.result.test_metrics["accuracy"])
    for row, variant in enumerate(panel.variants):
        assert panel.table.item(row, 1).text() == f"{variant.size_bytes:,}"
        assert panel.table.item(row, 2).text() == f"{variant.size_zipped:,}"
        assert panel.table.item(row, 3).text() == f"{variant.nonzero_params:,}"
        assert panel.table.item(row, 5).text() == f"{variant.metric.value:.4f}"
    assert panel.table.horizontalHeaderItem(5).text() == "Test accuracy"
    assert panel.variants[2].sparsity == pytest.approx(0.6, abs=1e-3)
    assert panel.variants[0].size_bytes >= 2 * panel.variants[1].size_bytes
    # Export the int8 variant as a person would: select its row, press Export…, pick a file.
    out = tmp_path / "digits-int8.pt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(out), "")))
    click_row(qtbot, panel.table, 1)
    assert panel.selected() is panel.variants[1]
    click(qtbot, panel.export_button)
    qtbot.waitUntil(lambda: panel.last_export is not None, timeout=LONG)
    assert panel.last_export.ok and out.is_file()
    assert "verified in a fresh process" in panel.status.text()
    # ...and one that the toolchain cannot write says so instead of failing.
    panel.export_selected(tmp_path / "digits-int8.onnx")
    assert "cannot be exported as onnx" in panel.status.text()
    assert not (tmp_path / "digits-int8.onnx").exists()


def test_kept_students_are_compared_in_the_runs_dock_and_a_second_compute_agrees(qtbot: Any, window: Any) -> None:
    docks = trained_lab(qtbot, window)
    panel = docks.compression
    set_spin(qtbot, panel.student_epochs, 3)
    compute(qtbot, panel)
    first = [v.metric.value for v in panel.variants]
    for row in (3, 4):  # the student with the teacher, and without
        click_row(qtbot, panel.table, row)
        click(qtbot, panel.keep_button)
    entries = docks.runs_docks.history.entries
    names = [e.name for e in entries]
    assert names[-2:] == ["student (T=2, α=0.9)", "student (no teacher)"]
    kept = entries[-2:]
    assert [len(e.epochs) for e in kept] == [3, 3]
    assert kept[0].final_metrics["accuracy"] == pytest.approx(panel.variants[3].metric.value)
    sizes = {n["id"]: n["params"].get("out_features") for n in kept[0].project["graph"]["nodes"]}
    assert sizes["fc1"] == 16
    # The Runs dock compares the two students: the curves of both, the graph difference named.
    runs = docks.runs_docks
    window.docks["RunsDock"].raise_()
    click_run(qtbot, runs.panel, kept[0].id)
    click_run(qtbot, runs.panel, kept[1].id, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, runs.panel.compare_button)
    assert len(runs.compare.curves["metric"]) == 2
    window.show_dock("CompressionDock")
    compute(qtbot, panel)  # a second run of the lab on the same weights measures the same metrics
    assert [v.metric.value for v in panel.variants] == first


def test_show_in_views_uses_the_pruned_weights_and_cancel_keeps_the_table(qtbot: Any, window: Any) -> None:
    docks = trained_lab(qtbot, window)
    panel = docks.compression
    panel.distil.setChecked(False)
    compute(qtbot, panel)
    assert panel.table.rowCount() == 3
    click_row(qtbot, panel.table, 2)
    assert panel.show_button.isEnabled()
    click(qtbot, panel.show_button)
    weights = docks.controller.weights
    total = sum(weights[k].numel() for k in ("fc1.weight", "fc2.weight", "fc3.weight"))
    zeros = sum(int((weights[k] == 0).sum()) for k in ("fc1.weight", "fc2.weight", "fc3.weight"))
    assert zeros == round(0.5 * total)
    assert torch.equal(weights["fc1.weight"], panel.variants[2].module.get_submodule("fc1").weight.detach())
    window.show_dock("CompressionDock")  # the views came to the front; back to the lab
    click(qtbot, panel.compute_button)
    click(qtbot, panel.cancel_button)
    assert panel.status.text() == "Cancelled." and not panel.busy
    panel.background.wait(LONG)
    assert panel.table.rowCount() == 3
