"""The Training panel shows the settings Train will use for this data, and says they are suggestions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_choosing_a_dataset_shows_the_suggested_settings(qtbot: Any, window: Any) -> None:
    docks = window.training_docks
    window.files.new()
    window.docks["DatasetDock"].raise_()
    docks.dataset_panel.kind.setCurrentText("spiral")
    qtbot.waitUntil(lambda: docks.controller.dataset is not None)
    panel = docks.training_panel
    assert window.document.project.training == {}  # nothing was written: the values are suggestions
    assert panel.lr.value() == 0.02 and panel.epochs.value() > 100
    assert "0.02" in panel.hint.text() and panel.hint.isVisibleTo(panel)
    window.docks["TrainingDock"].raise_()
    panel.epochs.selectAll()
    qtbot.keyClicks(panel.epochs.lineEdit(), "7")
    qtbot.keyClick(panel.epochs.lineEdit(), Qt.Key.Key_Return)
    assert window.document.project.training == {"epochs": 7}  # only what the person set
    assert panel.lr.value() == 0.02  # the rest still follows the data
    window.docks["DatasetDock"].raise_()
    docks.dataset_panel.kind.setCurrentText("digits")
    qtbot.waitUntil(lambda: panel.lr.value() == 0.001)
    assert panel.epochs.value() == 7
