"""The picture of one edge: a curve from an output port to an input port, labelled with its tensor shape."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from netbuilder.core.graph import Edge
from netbuilder.gui.canvas.node_item import NodeItem
from netbuilder.gui.theme import canvas_colors


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    """A horizontal S-curve, as in most node editors; bends more for backward links."""
    path = QPainterPath(start)
    dx = max(40.0, abs(end.x() - start.x()) * 0.5)
    path.cubicTo(QPointF(start.x() + dx, start.y()), QPointF(end.x() - dx, end.y()), end)
    return path


class EdgeItem(QGraphicsPathItem):
    def __init__(self, edge: Edge, src: NodeItem, dst: NodeItem) -> None:
        super().__init__()
        self.edge = edge
        self.src = src
        self.dst = dst
        self.label = ""
        self.drop_target = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        self._font = QFont()
        self._font.setPointSizeF(8.0)
        self._label_rect = QRectF()
        src.edges.append(self)
        dst.edges.append(self)
        self.update_path()

    def detach(self) -> None:
        for item in (self.src, self.dst):
            if self in item.edges:
                item.edges.remove(self)

    def update_path(self) -> None:
        port = self.dst.input_port(self.edge.port)
        end = port.scenePos() if port is not None else self.dst.mapToScene(QPointF(0, self.dst.body_height() / 2))
        start = self.src.output_port.scenePos()
        self.prepareGeometryChange()
        self.setPath(curve(start, end))
        self._place_label()

    def set_label(self, text: str) -> None:
        if text != self.label:
            self.prepareGeometryChange()
            self.label = text
            self._place_label()
            self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def _place_label(self) -> None:
        if not self.label:
            self._label_rect = QRectF()
            return
        metrics = QFontMetricsF(self._font)
        w = metrics.horizontalAdvance(self.label) + 8
        h = metrics.height() + 2
        mid = self.path().pointAtPercent(0.5)
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)  # easier to click than the 2 px line
        return stroker.createStroke(self.path())

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-4, -4, 4, 4).united(self._label_rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colors = canvas_colors()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        highlighted = self.isSelected() or self.drop_target
        color = colors.edge_selected if highlighted else colors.edge
        painter.setPen(QPen(color, 3.0 if highlighted else 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        if self.label and not self._label_rect.isNull():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.edge_label_bg)
            painter.drawRoundedRect(self._label_rect, 4, 4)
            painter.setFont(self._font)
            painter.setPen(colors.shape_text)
            painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
