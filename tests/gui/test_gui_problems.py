"""Shape errors show on the node (badge + message) and in the Problems panel; fixing clears both."""

from __future__ import annotations

from typing import Any

from gui_helpers import build_chain, settle
from PySide6.QtCore import Qt


def _entries(window: Any) -> list[tuple[str, str]]:
    tree = window.problems.tree
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


def test_shape_mismatch_shows_badge_and_problem_then_fix_clears(window: Any, qtbot: Any) -> None:
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    a, b = build_chain(window, ("Input", {"shape": [1, 28, 28]}), ("Dense", {"out_features": 10}))
    settle(qtbot, window)
    item = window.scene.node_items[b]
    assert item.error_message and "Flatten" in item.error_message
    assert "⚠" in item.toolTip()
    entries = _entries(window)
    assert [node for node, _ in entries] == [b]
    assert "problem" in window.stats_label.text()

    # Clicking the problem selects the node.
    tree = window.problems.tree
    rect = tree.visualItemRect(tree.topLevelItem(0))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_node_ids() == [b]
    assert window.inspector.node_id == b

    # Fix it the way a user would: change the Input to a vector in the inspector.
    window.scene.select_nodes([a])
    line = window.inspector.widgets["shape"]
    line.clear()
    qtbot.keyClicks(line, "784")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert item.error_message is None
    assert _entries(window) == []
    assert window.problems.summary.text() == "No problems"


def test_quick_fix_button_in_problems_panel(window: Any, qtbot: Any) -> None:
    _a, b = build_chain(window, ("Input", {"shape": [3, 8, 8]}), ("Dense", {"out_features": 2}))
    settle(qtbot, window)
    tree = window.problems.tree
    tree.setCurrentItem(tree.topLevelItem(0))
    assert window.problems.fix_button.isEnabled()
    qtbot.mouseClick(window.problems.fix_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert _entries(window) == []
    assert any(n.type == "Flatten" for n in window.document.graph.nodes)
    window.document.undo_stack.undo()
    settle(qtbot, window)
    assert [node for node, _ in _entries(window)] == [b]


def test_missing_input_is_reported(window: Any, qtbot: Any) -> None:
    node_id = window.editor.add_node("Dense", (0, 0))
    settle(qtbot, window)
    assert window.scene.node_items[node_id].error_message
    assert any(node == node_id for node, _ in _entries(window))


def test_shapes_update_quickly_after_an_edit(window: Any, qtbot: Any) -> None:
    ids = build_chain(window, ("Input", {"shape": [8]}), *[("Dense", {"out_features": 8})] * 20)
    settle(qtbot, window)
    window.editor.set_param(ids[-1], "out_features", 3)
    qtbot.waitUntil(lambda: window.scene.node_items[ids[-1]].shape_text == "3", timeout=500)
