"""The picture of one graph node: header with id and type, key parameters, output shape, error badge.

A ``NodeItem`` renders a :class:`Node` of the core graph and never stores anything the project needs;
its position mirrors ``node.position`` (the top-left corner) and is written back only through a Move
command when a drag ends.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netbuilder.core.catalog import LayerType
from netbuilder.core.graph import Node
from netbuilder.gui.canvas.node_text import card_text, full_values
from netbuilder.gui.canvas.port_item import PortItem, paint_port
from netbuilder.gui.core_text import core_message, layer_doc, layer_title
from netbuilder.gui.layout import CARD_HEIGHT, CARD_WIDTH
from netbuilder.gui.theme import canvas_colors, category_color, format_count

if TYPE_CHECKING:
    from netbuilder.gui.canvas.edge_item import EdgeItem


NODE_WIDTH = CARD_WIDTH
HEADER_HEIGHT = 24.0
LINE_HEIGHT = 17.0
BODY_HEIGHT = CARD_HEIGHT  # the header, two lines of text and their padding
INPUT_SPACING = 18.0
GRID = 20.0
PAD = 8.0  # the text's margin inside a card
TEXT_WIDTH = NODE_WIDTH - 2 * PAD


def _header_path() -> QPainterPath:
    header = QPainterPath()
    header.setFillRule(Qt.FillRule.WindingFill)  # the overlapping rect must add, not cancel
    header.addRoundedRect(QRectF(0, 0, NODE_WIDTH, HEADER_HEIGHT), 6, 6)
    header.addRect(QRectF(0, HEADER_HEIGHT / 2, NODE_WIDTH, HEADER_HEIGHT / 2))
    return header


HEADER = _header_path()  # the same for every card


class CardText(NamedTuple):
    """A card's text, elided to fit and measured: worked out when it changes, not at every paint."""

    node_id: str
    id_text: str
    type_text: str
    params: str
    shape: str
    count: str


class NodeItem(QGraphicsItem):
    def __init__(self, node: Node, layer_type: LayerType) -> None:
        super().__init__()
        self.node = node
        self.layer_type = layer_type
        self.edges: list[EdgeItem] = []
        self.shape_text = "…"
        self.params_text = ""
        self.error_message: str | None = None
        self.fix: Any = None
        self.snap_while_dragging = False
        self.input_ports: list[PortItem] = []
        self.output_port = PortItem(self, is_output=True)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        # Nodes repaint rarely and pan often: caching their pixels makes panning cheap.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)
        self.setPos(QPointF(*node.position))
        self._font = QFont()
        self._font.setPointSizeF(9.0)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._type_font = QFont(self._font)  # a size smaller: the id and the type share the header
        self._type_font.setPointSizeF(8.0)
        self._text: CardText | None = None
        self.sync_ports(0)
        self.refresh_tooltip()

    # ---- geometry ------------------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self.node.id

    def body_height(self) -> float:
        ports = max(1, len(self.input_ports))
        return max(BODY_HEIGHT, 16.0 + ports * INPUT_SPACING)

    def boundingRect(self) -> QRectF:
        # Room for the selection border, the error badge (top right) and the error line below.
        extra_h = LINE_HEIGHT + 6 if self.error_message else 0.0
        extra_w = 60.0 if self.error_message else 0.0
        return QRectF(-10, -10, NODE_WIDTH + 20 + extra_w, self.body_height() + 20 + extra_h)

    def body_rect(self) -> QRectF:
        """The card itself in scene coordinates (without outline, badge or error line)."""
        return self.mapRectToScene(QRectF(0, 0, NODE_WIDTH, self.body_height()))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, NODE_WIDTH, self.body_height()), 6, 6)
        return path

    def sync_ports(self, connected_inputs: int) -> None:
        """Input ports: fixed count, or for merges (Add, Concat) one more than connected."""
        if self.layer_type.is_source:
            wanted = 0
        elif self.layer_type.is_variadic:
            wanted = max(2, connected_inputs + 1)
        else:
            wanted = self.layer_type.max_inputs or 1
        if wanted != len(self.input_ports):
            self.prepareGeometryChange()
            while len(self.input_ports) < wanted:
                self.input_ports.append(PortItem(self, is_output=False, index=len(self.input_ports)))
            while len(self.input_ports) > wanted:
                port = self.input_ports.pop()
                port.setParentItem(None)
                if port.scene() is not None:
                    port.scene().removeItem(port)
        height = self.body_height()
        count = len(self.input_ports)
        for i, port in enumerate(self.input_ports):
            port.setPos(0.0, height / 2 + (i - (count - 1) / 2) * INPUT_SPACING)
        self.output_port.setPos(NODE_WIDTH, height / 2)

    def input_port(self, index: int) -> PortItem | None:
        return self.input_ports[index] if 0 <= index < len(self.input_ports) else None

    # ---- content -------------------------------------------------------------------------------
    def set_analysis(self, shape_text: str, params: int | None, error: str | None, fix: Any = None) -> None:
        params_text = (
            QCoreApplication.translate("NodeItem", "{n} params").format(n=format_count(params)) if params else ""
        )
        if (shape_text, params_text, error, fix) == (self.shape_text, self.params_text, self.error_message, self.fix):
            return
        if (error is None) != (self.error_message is None):
            self.prepareGeometryChange()
        self.shape_text, self.params_text, self.error_message, self.fix = shape_text, params_text, error, fix
        self.refresh_tooltip()
        self.update()

    def card_line(self) -> str:
        """The parameters line the card shows under its header."""
        return card_text(self.layer_type, self.node.params)

    def refresh_params(self) -> None:
        self.refresh_tooltip()
        self.update()

    def refresh_tooltip(self) -> None:
        lines = [f"<b>{self.node.id}</b> — {layer_title(self.layer_type)}", layer_doc(self.layer_type)]
        lines += [f"<tt>{html.escape(row)}</tt>" for row in full_values(self.layer_type, self.node.params)]
        if self.shape_text not in ("", "…"):
            lines.append(QCoreApplication.translate("NodeItem", "output: {shape}").format(shape=self.shape_text))
        if self.error_message:
            lines.append(f"<span style='color:#d32f2f'>⚠ {html.escape(core_message(self.error_message))}</span>")
            if self.fix is not None:
                lines.append(
                    QCoreApplication.translate("NodeItem", "Quick fix (right-click): {fix}").format(
                        fix=core_message(self.fix.label)
                    )
                )
        self.setToolTip("<br>".join(lines))

    # ---- painting ------------------------------------------------------------------------------
    def update(self, *args: Any) -> None:
        """Redraw; the card's text is worked out again (whatever changed called this)."""
        self._text = None
        super().update(*args)

    def _card_text(self) -> CardText:
        # Font metrics and eliding are most of a card's paint in Python: a zoom step repaints every
        # visible card (its cached pixels are per scale), so they are kept until the card changes.
        text = self._text
        if text is not None and text.node_id == self.node.id:
            return text
        bold = QFontMetricsF(self._bold)
        small = QFontMetricsF(self._font)
        badge = 14.0 if self.error_message else 0.0
        room = TEXT_WIDTH - 6 - badge
        id_full = bold.horizontalAdvance(self.node.id)
        type_metrics = QFontMetricsF(self._type_font)
        type_full = type_metrics.horizontalAdvance(self.layer_type.card_label)
        # Both in full when they fit; else the id keeps at least half (code and exports call it so).
        id_w = id_full if id_full + type_full <= room else max(room - type_full, min(id_full, room * 0.5))
        shape = f"→ {self.shape_text}"
        count = self.params_text
        if count and small.horizontalAdvance(shape) + small.horizontalAdvance(count) + 8 > TEXT_WIDTH:
            count = count.split(" ")[0]  # "18.5k params" -> "18.5k": the tooltip says what it counts
        count_w = small.horizontalAdvance(count) + 8 if count else 0.0
        text = CardText(
            self.node.id,
            bold.elidedText(self.node.id, Qt.TextElideMode.ElideRight, id_w),
            type_metrics.elidedText(self.layer_type.card_label, Qt.TextElideMode.ElideRight, room - id_w),
            small.elidedText(self.card_line(), Qt.TextElideMode.ElideRight, TEXT_WIDTH),
            small.elidedText(shape, Qt.TextElideMode.ElideRight, TEXT_WIDTH - count_w),
            count,
        )
        self._text = text
        return text

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colors = canvas_colors()
        text = self._card_text()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        height = self.body_height()
        body = QRectF(0, 0, NODE_WIDTH, height)
        border = (
            colors.node_selected if self.isSelected() else (colors.error if self.error_message else colors.node_border)
        )
        painter.setPen(QPen(border, 2.2 if self.isSelected() else 1.2))
        painter.setBrush(QBrush(colors.node_body))
        painter.drawRoundedRect(body, 6, 6)

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(category_color(self.layer_type.category))
        painter.drawPath(HEADER)

        badge = 14.0 if self.error_message else 0.0
        painter.setFont(self._bold)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(QRectF(PAD, 0, TEXT_WIDTH, HEADER_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text.id_text)
        painter.setFont(self._type_font)
        painter.drawText(
            QRectF(PAD, 0, TEXT_WIDTH - badge, HEADER_HEIGHT),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            text.type_text,
        )
        painter.setFont(self._font)
        painter.setPen(colors.text_dim)
        y = HEADER_HEIGHT + 4
        painter.drawText(QRectF(PAD, y, TEXT_WIDTH, LINE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text.params)
        y += LINE_HEIGHT
        painter.setPen(colors.shape_text)
        painter.drawText(QRectF(PAD, y, TEXT_WIDTH, LINE_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text.shape)
        if text.count:
            painter.setPen(colors.text_dim)
            painter.drawText(
                QRectF(PAD, y, TEXT_WIDTH, LINE_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                text.count,
            )
        if self.error_message:
            self._paint_error(painter, colors, height)
        for port in self.input_ports:  # on top of the card's edge, as child items would be
            paint_port(painter, port, colors)
        paint_port(painter, self.output_port, colors)

    def _paint_error(self, painter: QPainter, colors: Any, height: float) -> None:
        center = QPointF(NODE_WIDTH - 8, 0)
        painter.setPen(QPen(colors.node_body, 1.5))
        painter.setBrush(colors.error)
        painter.drawEllipse(center, 9, 9)
        painter.setPen(Qt.GlobalColor.white)
        painter.setFont(self._bold)
        painter.drawText(QRectF(center.x() - 9, -9, 18, 18), Qt.AlignmentFlag.AlignCenter, "!")
        painter.setFont(self._font)
        painter.setPen(colors.error)
        metrics = QFontMetricsF(self._font)
        text = metrics.elidedText(self.error_message or "", Qt.TextElideMode.ElideRight, NODE_WIDTH + 60)
        painter.drawText(QRectF(0, height + 3, NODE_WIDTH + 60, LINE_HEIGHT), Qt.AlignmentFlag.AlignLeft, text)

    # ---- moving --------------------------------------------------------------------------------
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.snap_while_dragging:
            point = QPointF(value)
            return QPointF(round(point.x() / GRID) * GRID, round(point.y() / GRID) * GRID)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and not getattr(
            self.scene(), "routing_paused", False
        ):
            for edge in self.edges:
                edge.update_path()
        return super().itemChange(change, value)
