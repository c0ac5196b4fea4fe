"""A node's input or output port: the handle a connection is dragged from or dropped on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

if TYPE_CHECKING:
    from netbuilder.gui.canvas.node_item import NodeItem

PORT_RADIUS = 6.0


_HIT_RADIUS = PORT_RADIUS + 4  # a larger hit area than the drawn dot makes ports easy to grab
_HIT_RECT = QRectF(-_HIT_RADIUS, -_HIT_RADIUS, 2 * _HIT_RADIUS, 2 * _HIT_RADIUS)


class PortItem(QGraphicsItem):
    """``is_output`` ports sit on the right edge; input port ``index`` on the left edge.

    A port is an item for hit-testing and dragging only: its card draws it (:func:`paint_port`), in
    the card's cached pixels. A 500-node graph has ~1000 ports, and one Python ``paint`` call each
    per frame was a third of a pan frame's time.
    """

    def __init__(self, node_item: NodeItem, is_output: bool, index: int = 0) -> None:
        super().__init__(node_item)
        self.node_item = node_item
        self.is_output = is_output
        self.index = index
        self.highlighted = False
        self.connected = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    def scene_anchor(self) -> QPointF:
        return self.scenePos()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def update(self, *args: Any) -> None:
        """Its picture is part of its card's: redraw the card."""
        self.node_item.update()

    def boundingRect(self) -> QRectF:
        return _HIT_RECT

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass  # drawn by its card (ItemHasNoContents: Qt does not call this)


def paint_port(painter: QPainter, port: PortItem, colors: Any) -> None:
    """Draw ``port`` at its place in its card's coordinates (an antialiasing painter)."""
    radius = PORT_RADIUS + (2 if port.highlighted else 0)
    color = colors.port_highlight if port.highlighted else colors.port
    if port.connected or port.highlighted:
        painter.setPen(QPen(colors.node_body if not port.highlighted else color, 1.5))
        painter.setBrush(QBrush(color))
    else:
        painter.setPen(QPen(color, 1.8))
        painter.setBrush(QBrush(colors.node_body))
    painter.drawEllipse(port.pos(), radius, radius)
