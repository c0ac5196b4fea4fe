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


def test_a_dataset_chosen_on_an_empty_canvas_proposes_the_input_and_output(qtbot: Any, window: Any) -> None:
    docks = window.training_docks
    window.files.new()
    window.docks["DatasetDock"].raise_()
    docks.dataset_panel.kind.setCurrentText("digits")
    graph = window.document.graph
    qtbot.waitUntil(lambda: len(graph) == 2, timeout=30_000)
    source, output = (n for n in graph.topological_order())
    assert source.type == "Input" and tuple(source.params["shape"]) == (64,)
    assert output.type == "Dense" and output.params["out_features"] == 10
    assert [(e.src, e.dst) for e in graph.edges] == [(source.id, output.id)]
    assert "drop hidden layers" in window.statusBar().currentMessage()
    window.document.undo_stack.undo()  # one step: the dataset and the proposal go together
    assert len(graph) == 0 and window.document.project.dataset == {}
