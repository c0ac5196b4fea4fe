"""One-click fixes wherever a fix exists, applied from the Problems panel as a person would, and errors
that follow the graph exactly through Undo and Redo."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import build_chain, settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

Spec = tuple[str, dict[str, Any]]


def click_apply_fix(window: Any, qtbot: Any) -> None:
    """The Apply fix button is ready without hunting for the problem first; the fix leaves no problem."""
    button = window.problems.fix_button
    assert button.isEnabled(), window.problems.summary.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert problem_rows(window) == []


def shown_errors(window: Any) -> dict[str, str | None]:
    return {node_id: item.error_message for node_id, item in window.scene.node_items.items()}


def problem_rows(window: Any) -> list[tuple[str, str]]:
    tree = window.problems.tree
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


@pytest.mark.parametrize(
    ("chain", "check"),
    [
        # A flat input before a convolution: reshaped to an image when the feature count allows.
        ([("Input", {"shape": [64]}), ("Conv2d", {})], ("Reshape", "shape", [1, 8, 8])),
        ([("Input", {"shape": [48]}), ("Conv2d", {})], ("Reshape", "shape", [3, 4, 4])),
        ([("Input", {"shape": [40]}), ("Conv2d", {})], ("Reshape", "shape", [1, 5, 8])),
        ([("Input", {"shape": [10, 6]}), ("Conv2d", {})], ("Reshape", "shape", [1, 10, 6])),
        # A window larger than the image: the kernel shrinks to fit.
        ([("Input", {"shape": [1, 2, 2]}), ("MaxPool2d", {"kernel_size": 3})], (None, "kernel_size", 2)),
        # An image into a Dense: Flatten, or global pooling first when flattening makes a huge layer.
        ([("Input", {"shape": [8, 4, 4]}), ("Dense", {})], ("Flatten", None, None)),
        ([("Input", {"shape": [64, 16, 16]}), ("Dense", {})], ("GlobalAvgPool2d", None, None)),
        # Heads that do not divide the features: the nearest count that does.
        ([("Input", {"shape": [10, 6]}), ("MultiheadAttention", {"num_heads": 4})], (None, "num_heads", 3)),
        # A reshape that cannot hold the values: the first size is inferred.
        ([("Input", {"shape": [32]}), ("Reshape", {"shape": [1, 4, 4]})], (None, "shape", [-1, 4, 4])),
    ],
)
def test_apply_fix_makes_the_network_build(
    window: Any, qtbot: Any, chain: list[Spec], check: tuple[str | None, str | None, Any]
) -> None:
    window.show_canvas()
    ids = build_chain(window, *chain)
    settle(qtbot, window)
    assert [node for node, _ in problem_rows(window)] == [ids[-1]]
    click_apply_fix(window, qtbot)
    graph = window.document.graph
    inserted, param, value = check
    if inserted is not None:
        new = next(n for n in graph.nodes if n.type == inserted)
        assert [e.src for e in graph.inputs_of(ids[-1])] == [new.id]
        if param is not None:
            assert list(new.params[param]) == value
    else:
        assert param is not None
        got = graph.node(ids[-1]).params[param]
        assert (list(got) if isinstance(got, tuple | list) else got) == value


def test_an_add_of_different_sizes_is_fixed_on_the_layer_that_feeds_it(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    x, fc, add = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 16}), ("Add", {}))
    assert window.editor.connect(x, add)
    settle(qtbot, window)
    assert window.analysis.fix_for(add) is not None
    click_apply_fix(window, qtbot)
    assert window.document.graph.node(fc).params["out_features"] == 8


def test_an_output_layer_is_fixed_to_the_datasets_classes(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _x, _h, out = build_chain(window, ("Input", {"shape": [2]}), ("Dense", {"out_features": 8}), ("Dense", {}))
    window.analysis.set_expected_outputs(3)  # what the dataset's owner says when a 3-class dataset loads
    settle(qtbot, window)
    assert [node for node, _ in problem_rows(window)] == [out]
    assert "needs 3" in (window.scene.node_items[out].error_message or "")
    click_apply_fix(window, qtbot)
    assert window.document.graph.node(out).params["out_features"] == 3


def test_after_undo_and_redo_the_errors_shown_are_the_graphs_at_once(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _x, conv = build_chain(window, ("Input", {"shape": [64]}), ("Conv2d", {}))
    settle(qtbot, window)
    window.scene.select_nodes([conv])
    qtbot.waitUntil(lambda: window.docks["InspectorDock"].isVisible())
    qtbot.wait(50)
    error = window.scene.node_items[conv].error_message
    assert error
    docks = {name: dock.geometry() for name, dock in window.docks.items() if dock.isVisible()}
    central = window.centralWidget().geometry()
    toolbar = window.findChild(QToolBar, "MainToolBar")
    buttons = {a.text(): toolbar.widgetForAction(a).geometry() for a in (window.act_layout, window.act_fit)}

    click_apply_fix(window, qtbot)
    assert shown_errors(window)[conv] is None

    window.act_undo.trigger()  # no waiting: what shows must already be the graph's state
    assert shown_errors(window)[conv] == error
    assert problem_rows(window) == [(conv, error)]
    assert set(shown_errors(window)) == {n.id for n in window.document.graph.nodes}
    window.act_redo.trigger()
    assert all(message is None for message in shown_errors(window).values())
    assert problem_rows(window) == []
    window.act_undo.trigger()
    assert "⚠" in window.inspector.stats.text() or window.inspector.node_id != conv
    qtbot.wait(50)
    # The panels stay where they were: an error that comes and goes must not move the docks.
    assert {name: dock.geometry() for name, dock in window.docks.items() if dock.isVisible()} == docks
    assert window.centralWidget().geometry() == central
    # Nor the toolbar: "Undo Insert Reshape to (1, 8, 8)" in a button pushed every button after it.
    assert {a.text(): toolbar.widgetForAction(a).geometry() for a in (window.act_layout, window.act_fit)} == buttons


def test_a_fix_is_offered_on_the_problem_it_answers_only(window: Any, qtbot: Any) -> None:
    """An Add with unequal inputs that is also a second output: Apply fix is for the sizes only."""
    window.show_canvas()
    x, fc, add = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 16}), ("Add", {}))
    assert window.editor.connect(x, add)
    other = window.editor.add_node("Dense", (0.0, 300.0))
    assert other is not None and window.editor.connect(x, other)  # now the network has two outputs
    settle(qtbot, window)
    tree = window.problems.tree
    rows = {tree.topLevelItem(i).text(1): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    outputs = next(item for text, item in rows.items() if "outputs" in text)
    sizes = next(item for text, item in rows.items() if "equal shape" in text)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(outputs).center())
    assert not window.problems.fix_button.isEnabled()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(sizes).center())
    assert window.problems.fix_button.isEnabled()
    qtbot.mouseClick(window.problems.fix_button, Qt.MouseButton.LeftButton)
    assert window.document.graph.node(fc).params["out_features"] == 8
