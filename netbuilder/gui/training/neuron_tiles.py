"""Per-neuron activation thumbnails on the canvas, under each hidden activation node (as in TF Playground).

The editor's ``NodeItem`` has no thumbnail API, so the tiles are a child item of it: they move with the
node without touching the canvas code, and vanish with it. 2-D inputs show each unit's activation map;
1-D inputs show each unit's activation curve. Hovering a tile emits :attr:`NeuronTiles.unit_hovered`.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QGraphicsSceneHoverEvent

from netbuilder.gui.training.plot_style import unit_color

log = logging.getLogger(__name__)

TILE = 22.0
GAP = 2.0
PER_ROW = 8
NEG = np.array([8.0, 119.0, 189.0])  # blue for negative activations, orange for positive (TFP's colours)
POS = np.array([245.0, 147.0, 34.0])


def activation_image(values: np.ndarray) -> QImage:
    """A (h, w) activation map as a diverging colour image, scaled by its own largest magnitude."""
    scale = float(np.abs(values).max()) or 1.0
    v = np.clip(values / scale, -1.0, 1.0)[..., None]
    rgb = np.where(v < 0, 255 + (NEG - 255) * -v, 255 + (POS - 255) * v)
    rgb = np.ascontiguousarray(rgb[::-1].astype(np.uint8))  # row 0 is the lowest x2: flip for screen y
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # copy: own the pixels


class TilesItem(QGraphicsObject):
    """The tiles of one node; a child of the node item, placed just under it."""

    hovered = Signal(str, int)

    def __init__(self, node_id: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.node_id = node_id
        self.images: list[QImage] = []
        self.curves: list[np.ndarray] = []
        self.highlight = -1
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        body = getattr(parent, "body_height", lambda: 60.0)()
        self.setPos(0.0, body + 6.0)

    def count(self) -> int:
        return max(len(self.images), len(self.curves))

    def boundingRect(self) -> QRectF:
        rows = (self.count() + PER_ROW - 1) // PER_ROW
        return QRectF(-2, -2, PER_ROW * (TILE + GAP) + 4, rows * (TILE + GAP) + 4)

    def set_maps(self, maps: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.images = [activation_image(m) for m in maps]
        self.curves = []
        self.update()

    def set_curves(self, curves: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.curves = [np.asarray(c, dtype=float) for c in curves]
        self.images = []
        self.update()

    def tile_rect(self, index: int) -> QRectF:
        return QRectF((index % PER_ROW) * (TILE + GAP), (index // PER_ROW) * (TILE + GAP), TILE, TILE)

    def paint(self, painter: QPainter, option: Any, widget: Any = None) -> None:
        for index, image in enumerate(self.images):
            painter.drawImage(self.tile_rect(index), image)
        for index, curve in enumerate(self.curves):
            rect = self.tile_rect(index)
            painter.fillRect(rect, QColor(255, 255, 255))
            low, high = float(curve.min()), float(curve.max())
            span = (high - low) or 1.0
            xs = np.linspace(rect.left(), rect.right(), len(curve))
            ys = rect.bottom() - (curve - low) / span * rect.height()
            painter.setPen(QPen(QColor(*unit_color(index)), 1.5))
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys, strict=True)]))
        for index in range(self.count()):
            wide = index == self.highlight
            painter.setPen(QPen(QColor(20, 20, 20) if wide else QColor(160, 160, 160), 2.5 if wide else 0.5))
            painter.drawRect(self.tile_rect(index))

    def set_highlight(self, unit: int) -> None:
        if unit != self.highlight:
            self.highlight = unit
            self.update()

    def unit_at(self, pos: QPointF) -> int:
        for index in range(self.count()):
            if self.tile_rect(index).contains(pos):
                return index
        return -1

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        unit = self.unit_at(event.pos())
        if unit != self.highlight:
            self.set_highlight(unit)
            self.hovered.emit(self.node_id, unit)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.set_highlight(-1)
        self.hovered.emit(self.node_id, -1)


class NeuronTiles(QObject):
    """Keeps one :class:`TilesItem` per hidden activation node of the canvas scene."""

    unit_hovered = Signal(str, int)  # node id, unit (-1: none)

    def __init__(self, scene: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.items: dict[str, TilesItem] = {}

    def _item(self, node_id: str) -> TilesItem | None:
        node_item = getattr(self.scene, "node_items", {}).get(node_id)
        if node_item is None:
            return None
        item = self.items.get(node_id)
        # The canvas rebuilds its items when a project is opened: re-attach to the new node item.
        if item is None or not shiboken6.isValid(item) or item.parentItem() is not node_item:
            item = TilesItem(node_id, node_item)
            item.hovered.connect(self.unit_hovered)
            self.items[node_id] = item
        return item

    def show_maps(self, maps: dict[str, np.ndarray], curves: bool = False) -> None:
        for node_id, values in maps.items():
            item = self._item(node_id)
            if item is None:
                continue
            if curves:
                item.set_curves(values)
            else:
                item.set_maps(values)

    def set_highlight(self, node_id: str, unit: int) -> None:
        for key, item in self.items.items():
            if shiboken6.isValid(item):
                item.set_highlight(unit if key == node_id else -1)

    def clear(self) -> None:
        for item in self.items.values():
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items.clear()


__all__ = ["NeuronTiles", "Qt", "TilesItem", "activation_image"]
