"""The export dialog: runs the export off the GUI thread and shows the verification result."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from netbuilder.core.examples import load_example
from netbuilder.export import fresh_module
from netbuilder.gui.export_dialog import ExportDialog


def test_export_shows_the_verified_diff(qtbot: QtBot, tmp_path: Path) -> None:
    project = load_example("lstm-sequence")
    dialog = ExportDialog(project, fresh_module(project.graph, seed=1))
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("onnx"))
    assert "sequence length" in dialog.note_label.text()
    dialog.path_edit.setText(str(tmp_path / "model.onnx"))
    with qtbot.waitSignal(dialog.export_finished, timeout=120_000) as blocker:
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled()  # the GUI thread is free while the export runs
    assert blocker.args == [True], dialog.output.toPlainText()
    qtbot.waitUntil(lambda: dialog.thread_ is None, timeout=10_000)
    assert "verified in a fresh process, max |diff|" in dialog.output.toPlainText()
    assert (tmp_path / "model.onnx").exists()


def test_failure_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    project = load_example("xor")
    dialog = ExportDialog(project, None)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pt"))
    dialog.path_edit.setText(str(tmp_path / "missing-folder" / "model.pt"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        dialog.start_export()
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: dialog.thread_ is None, timeout=10_000)
    assert "Export failed" in dialog.output.toPlainText()
    assert "folder does not exist" in dialog.output.toPlainText()
