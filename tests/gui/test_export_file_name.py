"""The export dialog keeps the file name a person typed when the format changes, and warns when the
name's extension is not the format's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from netbuilder.core.examples import load_example
from netbuilder.gui.export_dialog import ExportDialog


def choose_format(qtbot: QtBot, dialog: ExportDialog, name: str) -> None:
    box = dialog.format_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):  # arrow keys through the list, as a person would
        if box.currentData() == name:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    raise AssertionError(f"no format {name!r} in the list")


def type_path(qtbot: QtBot, dialog: ExportDialog, text: str) -> None:
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, text)


@pytest.fixture
def dialog(qtbot: QtBot) -> ExportDialog:
    shown = ExportDialog(load_example("spiral"), None)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_a_typed_file_name_survives_a_format_change(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path) -> None:
    choose_format(qtbot, dialog, "py")
    type_path(qtbot, dialog, str(tmp_path / "spiral_gui.py"))
    assert not dialog.extension_warning.isVisibleTo(dialog)

    choose_format(qtbot, dialog, "train-script")
    assert dialog.path_edit.text() == str(tmp_path / "spiral_gui.py")
    box = dialog.format_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)  # back to the first format, safetensors
    assert dialog.path_edit.text() == str(tmp_path / "spiral_gui.safetensors")
    assert dialog.options().out == tmp_path / "spiral_gui.safetensors"


def test_the_proposed_name_follows_the_format(qtbot: QtBot, dialog: ExportDialog) -> None:
    choose_format(qtbot, dialog, "train-script")
    assert Path(dialog.path_edit.text()).name == "train.py"
    choose_format(qtbot, dialog, "py")  # not typed: still the dialog's own proposal, renamed freely
    assert Path(dialog.path_edit.text()).name in ("model.py", "train.py")


def test_a_mismatched_extension_is_warned_about(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path) -> None:
    choose_format(qtbot, dialog, "onnx")
    type_path(qtbot, dialog, str(tmp_path / "model.pt"))
    assert dialog.extension_warning.isVisibleTo(dialog)
    assert ".pt" in dialog.extension_warning.text() and ".onnx" in dialog.extension_warning.text()
    type_path(qtbot, dialog, str(tmp_path / "model"))
    assert "no extension" in dialog.extension_warning.text()
    type_path(qtbot, dialog, str(tmp_path / "model.onnx"))
    assert not dialog.extension_warning.isVisibleTo(dialog)
