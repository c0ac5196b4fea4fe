"""Guidance: the Inspector comes forward for the node a person picks, the empty canvas says how to
start, the palette speaks PyTorch, and the Problems panel shows whole messages."""

from __future__ import annotations

from typing import Any

from gui_helpers import build_chain, press, quick_add, release, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication


def inspector_in_front(window: Any) -> bool:
    dock = window.docks["InspectorDock"]
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def card_center(window: Any, node_id: str) -> QPoint:
    item = window.scene.node_items[node_id]
    return window.view.mapFromScene(item.body_rect().center())


def test_clicking_a_node_brings_the_inspector_forward(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _a, b = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    window.scene.clearSelection()
    window.view.fit_to_view()
    window.docks["TrainingDock"].raise_()  # another panel of the Inspector's tab group on top
    qtbot.waitUntil(lambda: not inspector_in_front(window))
    center = window.scene.node_items[b].body_rect().center()
    press(window.view, center)
    release(window.view, center)
    assert window.scene.selected_node_ids() == [b]
    qtbot.waitUntil(lambda: inspector_in_front(window))
    assert window.inspector.node_id == b


def test_double_clicking_a_node_brings_the_inspector_forward_ready_to_type(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _a, b = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    window.view.fit_to_view()
    window.scene.select_nodes([b])
    window.docks["TrainingDock"].raise_()
    qtbot.waitUntil(lambda: not inspector_in_front(window))
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=card_center(window, b))
    qtbot.waitUntil(lambda: inspector_in_front(window))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.inspector.widgets["out_features"])
    qtbot.keyClicks(QApplication.focusWidget(), "12")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.document.graph.node(b).params["out_features"] == 12


def test_the_problems_panel_wraps_long_messages(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    build_chain(window, ("Input", {"shape": [3, 8, 8]}), ("Dense", {"out_features": 2}))
    settle(qtbot, window)
    window.docks["ProblemsDock"].raise_()
    tree = window.problems.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    item = tree.topLevelItem(0)
    message = item.text(1)
    line = tree.fontMetrics().height()
    column = tree.columnWidth(1)
    assert tree.fontMetrics().horizontalAdvance(message) > column  # too long for one line here
    qtbot.waitUntil(lambda: tree.visualItemRect(item).height() >= 2 * line)
    assert tree.wordWrap() and tree.textElideMode() == Qt.TextElideMode.ElideNone


def test_an_empty_canvas_says_how_to_start(window: Any, qtbot: Any) -> None:
    window.files.open_example("xor", ask=False)  # framing an example scrolls the canvas
    qtbot.wait(50)
    window.act_new.trigger()
    window.show_canvas()
    hint = window.view.empty_hint
    qtbot.waitUntil(hint.isVisible)
    text = hint.text()
    assert "Layers" in text and "Tab" in text and "Dataset" in text and "Examples" in text
    viewport = window.view.viewport().geometry()
    assert viewport.contains(hint.geometry())  # whole, not cut by the canvas edge
    offset = hint.geometry().center() - viewport.center()
    assert abs(offset.x()) <= 2 and abs(offset.y()) <= 2

    # The hint's link adds an Input, as a person clicking it would.
    hint.linkActivated.emit("add:Input")
    assert [n.type for n in window.document.graph.nodes] == ["Input"]
    assert not hint.isVisible()
    window.act_undo.trigger()
    assert hint.isVisible()

    # Tab, as the hint says, opens quick-add; the first layer hides the hint.
    quick_add(qtbot, window, "dense")
    assert not hint.isVisible()


def test_the_palette_calls_dense_also_linear(window: Any, qtbot: Any) -> None:
    palette = window.palette_panel
    assert palette.item_for("Dense").text(0) == "Dense (Linear)"
    window.act_find.trigger()
    qtbot.keyClicks(palette.search, "Linear")
    current = palette.tree.currentItem()
    assert current is not None and current.text(0) == "Dense (Linear)"
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert [n.type for n in window.document.graph.nodes] == ["Dense"]


def test_clicking_a_problem_brings_its_node_into_the_inspector(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _a, b = build_chain(window, ("Input", {"shape": [1, 8, 8]}), ("Dense", {}))
    settle(qtbot, window)
    window.docks["TrainingDock"].raise_()
    window.docks["ProblemsDock"].raise_()
    qtbot.waitUntil(lambda: not inspector_in_front(window))
    tree = window.problems.tree
    rect = tree.visualItemRect(tree.topLevelItem(0))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: inspector_in_front(window))
    assert window.inspector.node_id == b
