"""The canvas driven like a person would: drops, clicks, drags; both UI -> model and model -> UI."""

from __future__ import annotations

from typing import Any

from gui_helpers import build_chain, drag, drop_mime, move, press, quick_add, release, settle, type_and_enter
from PySide6.QtCore import QPointF, Qt

from netbuilder.gui.canvas.node_item import NODE_WIDTH
from netbuilder.gui.mime import layer_mime


def test_drop_layer_from_palette_adds_node(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    mime = window.palette_panel.tree.mimeData([window.palette_panel.item_for("Dense")])
    drop_mime(window.view, mime, QPointF(100, 100))
    nodes = window.document.graph.nodes
    assert [n.type for n in nodes] == ["Dense"]
    assert nodes[0].id in window.scene.node_items
    x, y = nodes[0].position
    assert abs(x + NODE_WIDTH / 2 - 100) <= 20 and abs(y - 100) <= 60  # centred near the drop point, snapped
    window.document.undo_stack.undo()
    assert len(window.document.graph) == 0 and not window.scene.node_items


def test_double_click_in_palette_adds_node(window: Any, qtbot: Any) -> None:
    tree = window.palette_panel.tree
    item = window.palette_panel.item_for("ReLU")
    tree.scrollToItem(item)
    center = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert [n.type for n in window.document.graph.nodes] == ["ReLU"]


def test_palette_search_filters_and_enter_adds(window: Any, qtbot: Any) -> None:
    palette = window.palette_panel
    qtbot.keyClicks(palette.search, "lstm")
    visible = [t for t, item in palette._items.items() if not item.isHidden()]
    assert "LSTM" in visible and "Dense" not in visible
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert [n.type for n in window.document.graph.nodes] == ["LSTM"]


def test_drop_on_edge_inserts_layer(window: Any, qtbot: Any) -> None:
    a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 4}))
    edge_item = next(iter(window.scene.edge_items.values()))
    midpoint = edge_item.path().pointAtPercent(0.5)
    drop_mime(window.view, layer_mime("ReLU"), midpoint)
    graph = window.document.graph
    relu = next(n.id for n in graph.nodes if n.type == "ReLU")
    assert {(e.src, e.dst) for e in graph.edges} == {(a, relu), (relu, b)}
    window.document.undo_stack.undo()  # one step restores the original edge
    assert {(e.src, e.dst) for e in graph.edges} == {(a, b)}


def test_connect_ports_by_dragging(window: Any, qtbot: Any) -> None:
    a = window.editor.add_node("Input", (0, 0), {"shape": [8]})
    b = window.editor.add_node("Dense", (300, 40), {"out_features": 3})
    src = window.scene.node_items[a].output_port
    dst = window.scene.node_items[b].input_ports[0]
    press(window.view, src.scenePos())
    move(window.view, (src.scenePos() + dst.scenePos()) / 2)
    assert dst.highlighted, "a compatible input port lights up while dragging"
    assert not window.scene.node_items[a].input_ports  # Input has no inputs to offer
    move(window.view, dst.scenePos())
    release(window.view, dst.scenePos())
    assert [(e.src, e.dst, e.port) for e in window.document.graph.edges] == [(a, b, 0)]
    assert not dst.highlighted
    settle(qtbot, window)
    assert window.scene.node_items[b].shape_text == "3"
    edge_item = window.scene.edge_items[window.document.graph.edges[0]]
    assert edge_item.label == "8"


def test_drag_from_connected_input_reroutes_or_removes(window: Any, qtbot: Any) -> None:
    _a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {}))
    port = window.scene.node_items[b].input_ports[0]
    drag(window.view, port.scenePos(), port.scenePos() + QPointF(0, 300))
    assert window.document.graph.edges == []
    window.document.undo_stack.undo()
    assert len(window.document.graph.edges) == 1


def test_connect_into_merge_takes_many_inputs(window: Any, qtbot: Any) -> None:
    a = window.editor.add_node("Input", (0, 0), {"shape": [4]})
    b = window.editor.add_node("Dense", (260, -100), {"out_features": 4})
    add = window.editor.add_node("Add", (520, 0))
    window.editor.connect(a, b)
    item = window.scene.node_items[add]
    for src in (a, b):
        port = item.input_ports[-1]  # merges always offer one free port at the end
        drag(window.view, window.scene.node_items[src].output_port.scenePos(), port.scenePos())
    assert [(e.src, e.port) for e in window.document.graph.inputs_of(add)] == [(a, 0), (b, 1)]
    assert len(item.input_ports) == 3
    settle(qtbot, window)
    assert item.error_message is None and item.shape_text == "4"


def test_moving_a_node_is_one_undo_step_and_snaps(window: Any, qtbot: Any) -> None:
    node_id = window.editor.add_node("Dense", (0, 0))
    item = window.scene.node_items[node_id]
    count = window.document.undo_stack.count()
    start = item.scenePos() + QPointF(90, 40)
    drag(window.view, start, start + QPointF(133, 67), steps=8)
    assert window.document.undo_stack.count() == count + 1
    x, y = window.document.graph.node(node_id).position
    assert (x % 20, y % 20) == (0, 0) and (x, y) != (0, 0)
    window.document.undo_stack.undo()
    assert window.document.graph.node(node_id).position == (0.0, 0.0)
    assert item.pos() == QPointF(0, 0)


def test_rubber_band_selects_nodes(window: Any, qtbot: Any) -> None:
    ids = build_chain(window, ("Input", {}), ("Dense", {}), ("ReLU", {}))
    window.view.fit_to_view()
    drag(window.view, QPointF(-100, -200), QPointF(480, 300), steps=6)
    assert window.scene.selected_node_ids() == ids[:2]


def test_inspector_edit_updates_graph_and_canvas(window: Any, qtbot: Any) -> None:
    _a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 16}))
    window.scene.select_nodes([b])
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    type_and_enter(qtbot, window.inspector.widgets["out_features"], "10")
    assert window.document.graph.node(b).params["out_features"] == 10
    settle(qtbot, window)
    assert window.scene.node_items[b].shape_text == "10"
    assert "10" in window.inspector.stats.text()


def test_inspector_rejects_invalid_value_with_message(window: Any, qtbot: Any) -> None:
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    node_id = window.editor.add_node("Input", (0, 0), {"shape": [2]})
    window.scene.select_nodes([node_id])
    line = window.inspector.widgets["shape"]
    line.clear()
    qtbot.keyClicks(line, "3×zero")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.graph.node(node_id).params["shape"] == (2,)
    assert "whole numbers" in window.inspector.message.text()
    line.clear()
    qtbot.keyClicks(line, "1x28x28")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.graph.node(node_id).params["shape"] == (1, 28, 28)
    assert window.inspector.message.text() == ""


def test_rename_in_the_inspector_reaches_canvas_code_and_undo(window: Any, qtbot: Any) -> None:
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    _a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 4}))
    window.scene.select_nodes([b])
    name = window.inspector.name_edit
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "hidden")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    graph = window.document.graph
    assert graph.has_node("hidden") and not graph.has_node(b)
    assert [(e.src, e.dst) for e in graph.edges] == [(_a, "hidden")]
    assert "hidden" in window.scene.node_items and window.scene.selected_node_ids() == ["hidden"]
    assert window.inspector.node_id == "hidden" and window.inspector.name_edit.text() == "hidden"
    window.document.undo_stack.undo()
    assert graph.has_node(b) and not graph.has_node("hidden") and b in window.scene.node_items
    window.document.undo_stack.redo()
    assert graph.has_node("hidden")


def test_rename_to_a_taken_or_bad_name_is_refused_with_a_message(window: Any, qtbot: Any) -> None:
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 4}))
    window.scene.select_nodes([b])
    edits = window.document.undo_stack.count()
    for bad, message in ((a, "already exists"), ("2nd layer", "identifier")):
        name = window.inspector.name_edit
        name.setFocus()
        name.selectAll()
        qtbot.keyClicks(name, bad)
        qtbot.keyClick(name, Qt.Key.Key_Return)
        assert message in window.inspector.message.text()
        assert window.inspector.name_edit.text() == b and window.document.graph.has_node(b)
    assert window.document.undo_stack.count() == edits  # nothing to undo: nothing happened


def test_model_changes_update_canvas_and_inspector(window: Any, qtbot: Any) -> None:
    a, b = build_chain(window, ("Input", {"shape": [8]}), ("Dense", {"out_features": 16}))
    window.scene.select_nodes([b])
    graph = window.document.graph
    graph.set_param(b, "out_features", 5)
    assert window.inspector.widgets["out_features"].value() == 5
    graph.move(b, (400.0, 200.0))
    assert window.scene.node_items[b].pos() == QPointF(400, 200)
    settle(qtbot, window)
    assert window.scene.node_items[b].shape_text == "5"
    graph.remove_node(a)
    assert a not in window.scene.node_items and not window.scene.edge_items


def test_tab_quick_add_at_cursor(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    popup = quick_add(qtbot, window, "relu")
    assert not popup.isVisible()
    assert [n.type for n in window.document.graph.nodes] == ["ReLU"]


def test_zoom_and_fit(window: Any, qtbot: Any) -> None:
    build_chain(window, *[("Dense", {})] * 12)
    window.view.reset_zoom()
    window.act_zoom_in.trigger()
    assert window.view.zoom > 1.2
    window.act_fit.trigger()
    assert window.view.zoom < 1.0
    assert window.zoom_label.text().endswith("%")
