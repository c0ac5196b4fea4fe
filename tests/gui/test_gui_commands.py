"""Every edit is one undo step whose undo restores the graph exactly (order of nodes and edges too)."""

from __future__ import annotations

import gc
from typing import Any

from gui_helpers import build_chain, settle

from netbuilder.gui.layout import auto_layout


def _snapshot(window: Any) -> dict[str, Any]:
    return window.document.graph.to_dict()


def _round_trip(window: Any, action: Any) -> None:
    """Run ``action`` (one user action), then undo/redo twice, checking the graph each time."""
    stack = window.document.undo_stack
    before = _snapshot(window)
    count = stack.count()
    action()
    after = _snapshot(window)
    assert after != before, "the action changed nothing"
    assert stack.count() == count + 1, "one action must be one undo step"
    gc.collect()  # the commands must survive without Python references of their own
    for _ in range(2):
        stack.undo()
        assert _snapshot(window) == before
        stack.redo()
        assert _snapshot(window) == after
    # The canvas mirrors the graph after all that.
    assert set(window.scene.node_items) == {n.id for n in window.document.graph.nodes}
    assert set(window.scene.edge_items) == set(window.document.graph.edges)


def test_add_node(window: Any) -> None:
    _round_trip(window, lambda: window.editor.add_node("Conv2d", (10.0, 20.0), {"out_channels": 8}))


def test_delete_node_restores_index_and_edges(window: Any) -> None:
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}), ("ReLU", {}), ("Dense", {}))
    _round_trip(window, lambda: window.editor.delete([ids[1]]))
    _round_trip(window, lambda: window.editor.delete([ids[0], ids[2]]))


def test_connect_and_disconnect(window: Any) -> None:
    a = window.editor.add_node("Input", (0, 0), {"shape": [4]})
    b = window.editor.add_node("Dense", (260, 0))
    _round_trip(window, lambda: window.editor.connect(a, b))
    _round_trip(window, lambda: window.editor.disconnect(window.document.graph.edges[0]))


def test_refused_connection_reports_and_leaves_no_step(window: Any, qtbot: Any) -> None:
    a, b = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    count = window.document.undo_stack.count()
    with qtbot.waitSignal(window.editor.error_reported) as blocker:
        assert not window.editor.connect(b, a)
    assert "takes no inputs" in blocker.args[0]
    assert window.document.undo_stack.count() == count
    assert "⚠" in window.statusBar().currentMessage()


def test_set_param_and_move(window: Any) -> None:
    node_id = window.editor.add_node("Dense", (0, 0))
    _round_trip(window, lambda: window.editor.set_param(node_id, "out_features", 7))
    _round_trip(window, lambda: window.editor.move_nodes({node_id: ((0.0, 0.0), (40.0, 60.0))}))


def test_invalid_param_is_refused(window: Any) -> None:
    node_id = window.editor.add_node("Dense", (0, 0))
    count = window.document.undo_stack.count()
    assert not window.editor.set_param(node_id, "out_features", 0)
    assert window.document.graph.node(node_id).params["out_features"] == 16
    assert window.document.undo_stack.count() == count


def test_insert_on_edge(window: Any) -> None:
    build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    edge = window.document.graph.edges[0]
    _round_trip(window, lambda: window.editor.insert_on_edge("ReLU", edge, (120.0, 80.0)))


def test_copy_paste_cut_duplicate(window: Any) -> None:
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {"out_features": 3}), ("ReLU", {}))
    window.scene.select_nodes(ids[1:])
    window.act_copy.trigger()
    pasted: list[str] = []

    def paste() -> None:
        window.act_paste.trigger()
        pasted[:] = window.scene.selected_node_ids()  # pasted nodes come selected

    _round_trip(window, paste)
    graph = window.document.graph
    assert len(pasted) == 2 and not set(pasted) & set(ids)
    assert graph.node(pasted[0]).params["out_features"] == 3
    assert any(e.src == pasted[0] and e.dst == pasted[1] for e in graph.edges)  # inner edge kept
    assert graph.node(pasted[0]).position == (300.0, 40.0)  # offset from the original

    window.scene.select_nodes([ids[0]])
    _round_trip(window, window.act_duplicate.trigger)

    window.scene.select_nodes([ids[2]])
    _round_trip(window, window.act_cut.trigger)
    assert not graph.has_node(ids[2])
    _round_trip(window, window.act_paste.trigger)
    assert graph.has_node(ids[2]), "a cut node pasted back keeps its id when it is free"


def test_delete_selection_with_edges(window: Any) -> None:
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}), ("ReLU", {}))
    window.scene.select_nodes([ids[1]])
    window.scene.edge_items[window.document.graph.edges[1]].setSelected(True)
    _round_trip(window, window.act_delete.trigger)


def test_auto_layout(window: Any, qtbot: Any) -> None:
    a = window.editor.add_node("Input", (500, 500), {"shape": [4]})
    b = window.editor.add_node("Dense", (-300, 90), {"out_features": 4})
    c = window.editor.add_node("ReLU", (20, -400))
    d = window.editor.add_node("Add", (0, 0))
    for src, dst in ((a, b), (b, c), (c, d), (a, d)):
        window.editor.connect(src, dst)
    _round_trip(window, window.act_layout.trigger)
    graph = window.document.graph
    xs = {n.id: n.position[0] for n in graph.nodes}
    assert xs[a] < xs[b] < xs[c] < xs[d]  # left to right, by depth
    assert {n.id: n.position for n in graph.nodes} == auto_layout(graph)
    settle(qtbot, window)
    assert window.scene.node_items[d].error_message is None


def test_apply_quick_fix(window: Any, qtbot: Any) -> None:
    _a, b = build_chain(window, ("Input", {"shape": [1, 8, 8]}), ("Dense", {"out_features": 3}))
    settle(qtbot, window)
    assert window.analysis.info.nodes[b].fix is not None
    _round_trip(window, lambda: window.apply_fix(b))
    settle(qtbot, window)
    assert window.scene.node_items[b].error_message is None
    assert window.scene.node_items[b].shape_text == "3"
