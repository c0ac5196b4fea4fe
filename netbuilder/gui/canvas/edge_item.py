"""The picture of one edge: from an output port to an input port, labelled with its tensor shape.

The edge is a smooth curve when that curve crosses no other card; otherwise it runs around the cards
in its way (see :mod:`edge_routing`), so that no link ever hides behind a node.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from netbuilder.core.graph import Edge
from netbuilder.gui.canvas.edge_routing import Point, Rect, curve_points, label_anchor, route
from netbuilder.gui.canvas.node_item import NodeItem
from netbuilder.gui.canvas.port_item import PORT_RADIUS
from netbuilder.gui.theme import canvas_colors

CORNER_RADIUS = 10.0
# Cards further than this above or below an edge's ends cannot be in its way (a channel runs just
# past the nearest card); looking further only costs time while dragging.
ROUTE_REACH = 400.0


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    """A horizontal S-curve, as in most node editors; bends more for backward links."""
    _, c1, c2, _ = curve_points((start.x(), start.y()), (end.x(), end.y()))
    path = QPainterPath(start)
    path.cubicTo(QPointF(*c1), QPointF(*c2), end)
    return path


def rounded_polyline(points: list[Point]) -> QPainterPath:
    """An orthogonal path with rounded corners."""
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        r = min(CORNER_RADIUS, abs(bx - ax + by - ay) / 2, abs(cx - bx + cy - by) / 2)
        before = QPointF(bx - r * _sign(bx - ax), by - r * _sign(by - ay))
        after = QPointF(bx + r * _sign(cx - bx), by + r * _sign(cy - by))
        path.lineTo(before)
        path.quadTo(QPointF(bx, by), after)
    path.lineTo(QPointF(*points[-1]))
    return path


def _sign(value: float) -> float:
    return (value > 0) - (value < 0)


def _rect(rect: QRectF) -> Rect:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


def card_rects(scene: object) -> dict[str, Rect]:
    """Every card's rect in ``scene`` (a CanvasScene), by node id."""
    items = getattr(scene, "node_items", {})
    return {node_id: _rect(item.body_rect()) for node_id, item in items.items()}


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
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._font = QFont()
        self._font.setPointSizeF(8.0)
        self._label_rect = QRectF()
        self._label_at: QPointF | None = None  # on a routed path: its longest horizontal run
        self._bounds = QRectF()  # boundingRect, kept: Qt asks for it many times a frame
        src.edges.append(self)
        dst.edges.append(self)
        self.update_path()

    def detach(self) -> None:
        for item in (self.src, self.dst):
            if self in item.edges:
                item.edges.remove(self)

    def update_path(self, cards: Mapping[str, Rect] | None = None) -> None:
        """Route again; ``cards`` (every card's rect by node id) saves working them out per edge."""
        port = self.dst.input_port(self.edge.port)
        end = port.scenePos() if port is not None else self.dst.mapToScene(QPointF(0, self.dst.body_height() / 2))
        start = self.src.output_port.scenePos()
        self.prepareGeometryChange()
        points = route(
            (start.x(), start.y()),
            (end.x(), end.y()),
            self._obstacles(start, end, cards),
            (_rect(self.src.body_rect()), _rect(self.dst.body_rect())),
        )
        if points is None:
            self._label_at = None
            self.setPath(curve(start, end))
        else:
            self._label_at = QPointF(*label_anchor(points))
            self.setPath(rounded_polyline(points))
        self._place_label()
        self._update_bounds()

    def _obstacles(self, start: QPointF, end: QPointF, cards: Mapping[str, Rect] | None) -> list[Rect]:
        """The cards (other than this edge's own) that could stand in its way."""
        if cards is None:
            # Not scene.items(): it calls every item's Python boundingRect, 95% of a re-route's time.
            cards = card_rects(self.scene())
        left, right = min(start.x(), end.x()) - 60.0, max(start.x(), end.x()) + 60.0
        top, bottom = min(start.y(), end.y()) - ROUTE_REACH, max(start.y(), end.y()) + ROUTE_REACH
        own = (self.edge.src, self.edge.dst)
        return [
            r
            for node_id, r in cards.items()
            if r[0] < right and r[2] > left and r[1] < bottom and r[3] > top and node_id not in own
        ]

    def set_label(self, text: str) -> None:
        if text != self.label:
            self.prepareGeometryChange()
            self.label = text
            self._place_label()
            self._update_bounds()
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
        mid = self._label_at if self._label_at is not None else self.path().pointAtPercent(0.5)
        rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        # A label that would run under a card stays hidden: the card already shows its output shape.
        reach = PORT_RADIUS + 2  # the port dots stick out of the cards
        cards = (
            self.src.body_rect().adjusted(-reach, 0, reach, 0),
            self.dst.body_rect().adjusted(-reach, 0, reach, 0),
        )
        self._label_rect = QRectF() if any(rect.intersects(card) for card in cards) else rect

    def shape(self) -> QPainterPath:
        # Worked out per call, not kept with the bounds: a kept path (same outline) made the view
        # repaint nine times as many edges per pan frame (measured; the cause is inside Qt).
        stroker = QPainterPathStroker()
        stroker.setWidth(10)  # easier to click than the 2 px line
        return stroker.createStroke(self.path())

    def _update_bounds(self) -> None:
        """After the path or the label changed (and ``prepareGeometryChange``)."""
        self._bounds = super().boundingRect().adjusted(-4, -4, 4, 4).united(self._label_rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

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
