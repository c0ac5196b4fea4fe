"""A card keeps its worked-out text and draws its own ports: what it paints is never stale.

Each check paints the card into an image as Qt would and compares it with a card made afresh for the
same node (which has nothing kept), after an edit, an undo and a rename.
"""

from __future__ import annotations

from typing import Any

from gui_helpers import build_chain, settle, type_and_enter
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from netbuilder.gui.canvas.node_item import NodeItem


def pixels(item: NodeItem) -> QImage:
    """The card as it paints now, unselected (a card made afresh is not in the scene to be selected)."""
    if item.scene() is not None:
        item.scene().clearSelection()
    rect = item.boundingRect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(-rect.left(), -rect.top())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def fresh(window: Any, item: NodeItem) -> QImage:
    """The same node, as a card that never painted before (same text, ports and states)."""
    other = NodeItem(window.document.graph.node(item.node_id), item.layer_type)
    other.sync_ports(len(item.input_ports))
    for mine, theirs in zip(
        [*item.input_ports, item.output_port], [*other.input_ports, other.output_port], strict=True
    ):
        theirs.connected, theirs.highlighted = mine.connected, mine.highlighted
    other.set_analysis(item.shape_text, None, item.error_message)
    other.params_text = item.params_text
    other.update()
    return pixels(other)


def test_a_card_paints_its_new_text_after_edit_undo_and_rename(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _, dense_id = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    settle(qtbot, window)
    item = window.scene.node_items[dense_id]
    before = pixels(item)
    assert before == fresh(window, item)

    # UI -> model -> card: a size typed in the Inspector.
    window.scene.select_nodes([dense_id])
    window.docks["InspectorDock"].raise_()
    type_and_enter(qtbot, window.inspector.widgets["out_features"], "64")
    settle(qtbot, window)
    assert item.shape_text == "64"
    edited = pixels(item)
    assert edited != before and edited == fresh(window, item)

    window.document.undo_stack.undo()  # the card goes back to what it was
    settle(qtbot, window)
    assert pixels(item) == fresh(window, item)
    assert item.card_line() == "16 units"

    window.editor.rename_node(dense_id, "hidden")
    settle(qtbot, window)
    renamed = window.scene.node_items["hidden"]
    assert pixels(renamed) == fresh(window, renamed) and pixels(renamed) != before


def test_a_highlighted_port_is_drawn_by_its_card_and_unhighlighted_again(window: Any, qtbot: Any) -> None:
    window.show_canvas()
    _, dense_id = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    settle(qtbot, window)
    item = window.scene.node_items[dense_id]
    port = item.input_ports[0]
    plain = pixels(item)
    port.set_highlighted(True)  # a connection is dragged over it
    lit = pixels(item)
    assert lit != plain and lit == fresh(window, item)
    rect = item.boundingRect()
    center = port.pos() - QPointF(rect.left(), rect.top())
    assert lit.pixelColor(int(center.x()), int(center.y())) != plain.pixelColor(int(center.x()), int(center.y()))
    port.set_highlighted(False)
    assert pixels(item) == plain
