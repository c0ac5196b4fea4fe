"""A node's input or output port: the handle a connection is dragged from or dropped on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netbuilder.gui.theme import canvas_colors

if TYPE_CHECKING:
    from netbuilder.gui.canvas.node_item import NodeItem

PORT_RADIUS = 6.0


class PortItem(QGraphicsItem):
    """``is_output`` ports sit on the right edge; input port ``index`` on the left edge."""

    def __init__(self, node_item: NodeItem, is_output: bool, index: int = 0) -> None:
        super().__init__(node_item)
        self.node_item = node_item
        self.is_output = is_output
        self.index = index
        self.highlighted = False
        self.connected = False
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

    def boundingRect(self) -> QRectF:
        r = PORT_RADIUS + 4  # a larger hit area than the drawn dot makes ports easy to grab
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colors = canvas_colors()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = PORT_RADIUS + (2 if self.highlighted else 0)
        color = colors.port_highlight if self.highlighted else colors.port
        painter.setPen(QPen(colors.node_body if not self.highlighted else color, 1.5))
        painter.setBrush(QBrush(color) if (self.connected or self.highlighted) else QBrush(colors.node_body))
        if not (self.connected or self.highlighted):
            painter.setPen(QPen(color, 1.8))
        painter.drawEllipse(QPointF(0, 0), radius, radius)
