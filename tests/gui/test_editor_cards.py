"""Node cards say what matters in words, and a layer dropped on an edge makes room for itself."""

from __future__ import annotations

import itertools
from typing import Any

from gui_helpers import build_chain, drop_mime, settle, type_and_enter
from PySide6.QtCore import QPointF


def test_a_card_shows_its_parameters_in_words_and_every_value_in_its_tooltip(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    palette = window.palette_panel
    drop_mime(window.view, palette.tree.mimeData([palette.item_for("Dense")]), QPointF(0, 0))
    drop_mime(window.view, palette.tree.mimeData([palette.item_for("Conv2d")]), QPointF(0, 300))
    dense_id, conv_id = (n.id for n in window.document.graph.nodes)
    dense = window.scene.node_items[dense_id]
    assert dense.card_line() == "16 units"
    assert "bias" not in dense.card_line()
    assert "out_features = 16" in dense.toolTip() and "bias = True" in dense.toolTip()
    assert window.scene.node_items[conv_id].card_line() == "3×3, 32 ch, stride 1"

    # UI -> model -> card: a new size typed in the Inspector shows on the card.
    window.scene.select_nodes([dense_id])
    window.docks["InspectorDock"].raise_()  # its tab, as a person clicks it (a hidden tab takes no keys)
    type_and_enter(qtbot, window.inspector.widgets["out_features"], "64")
    assert window.document.graph.node(dense_id).params["out_features"] == 64
    assert dense.card_line() == "64 units"
    # Model -> card: a bias switched off (by undo-able edit) is said in words, not as bias=bias.
    window.editor.set_param(dense_id, "bias", False)
    assert dense.card_line() == "64 units, no bias"


def _overlapping_cards(window: Any) -> list[tuple[str, str]]:
    items = window.scene.node_items
    return [
        (a, b)
        for a, b in itertools.combinations(items, 2)
        if items[a].body_rect().adjusted(-8, 0, 8, 0).intersects(items[b].body_rect())
    ]


def test_dropping_a_layer_on_an_edge_shifts_the_cards_after_it(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    # Three cards packed as Auto-layout packs them: no room between them for a fourth.
    a, b, c = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}), ("ReLU", {}))
    window.act_layout.trigger()
    settle(qtbot, window)
    graph = window.document.graph
    before = {n.id: n.position for n in graph.nodes}
    edge = graph.inputs_of(b)[0]
    edge_item = window.scene.edge_items[edge]
    palette = window.palette_panel
    drop_mime(window.view, palette.tree.mimeData([palette.item_for("Dropout")]), edge_item.path().pointAtPercent(0.5))

    new_id = next(n.id for n in graph.nodes if n.type == "Dropout")
    assert [e.dst for e in graph.outputs_of(a)] == [new_id] and [e.dst for e in graph.outputs_of(new_id)] == [b]
    assert _overlapping_cards(window) == []
    assert graph.node(b).position[0] > before[b][0] and graph.node(c).position[0] > before[c][0]
    assert graph.node(new_id).position[1] == before[a][1]  # in line with its row
    xs = [graph.node(n).position[0] for n in (a, new_id, b, c)]
    assert xs == sorted(xs)

    window.act_undo.trigger()  # one step: the new card goes and the others come back
    assert not any(n.type == "Dropout" for n in graph.nodes)
    assert {n.id: n.position for n in graph.nodes} == before
    assert window.scene.node_items[b].pos() == QPointF(*before[b])


def test_dropping_on_an_edge_between_rows_ends_the_upper_row(window: Any, qtbot: Any) -> None:
    """A wrapped chain's link runs between the rows: the new card goes after its input, not in the gap."""
    window.show_canvas()
    ids = build_chain(window, ("Input", {"shape": [4]}), *[("Dense", {})] * 3, *[("ReLU", {})] * 4)
    window.view.resize(500, 500)  # a narrow canvas: Auto-layout wraps the chain
    window.act_layout.trigger()
    graph = window.document.graph
    rows = sorted({n.position[1] for n in graph.nodes})
    assert len(rows) > 1
    upper_end = max((n for n in graph.nodes if n.position[1] == rows[0]), key=lambda n: n.position[0])
    edge = graph.outputs_of(upper_end.id)[0]
    palette = window.palette_panel
    point = window.scene.edge_items[edge].path().pointAtPercent(0.5)
    drop_mime(window.view, palette.tree.mimeData([palette.item_for("Dropout")]), point)
    new = next(n for n in graph.nodes if n.type == "Dropout")
    assert new.position[1] == rows[0] and new.position[0] > upper_end.position[0]
    assert _overlapping_cards(window) == []
    assert ids[-1] in window.scene.node_items
