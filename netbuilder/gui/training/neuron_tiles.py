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
from PySide6.QtCore import QElapsedTimer, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QGraphicsSceneHoverEvent

from netbuilder.gui.training.plot_style import unit_color
from netbuilder.gui.training.view_images import diverging

log = logging.getLogger(__name__)

TILE = 22.0
GAP = 2.0
PER_ROW = 8


MAX_HZ = 2.0  # thumbnails redraw at most this often; the newest frame in between is kept, not lost
CURVE_SAMPLES = 2 * int(TILE)  # a 22-px tile cannot show more than ~2 samples per pixel


def _colorize(values: np.ndarray) -> np.ndarray:
    """(units, h, w) activations → (h, units·w, 3) uint8, each unit scaled by its own largest magnitude.

    Row 0 of the result is the highest x2 (screen y grows downwards).
    """
    units, h, w = values.shape
    scale = np.abs(values).reshape(units, -1).max(axis=1)
    scale[scale == 0] = 1.0
    rgb = diverging(values / scale[:, None, None], 1.0)  # one table look-up per value
    # (units, h, w, 3) → (h, units, w, 3) → one row of tiles; flip rows for screen y.
    return np.ascontiguousarray(rgb[:, ::-1].transpose(1, 0, 2, 3).reshape(h, units * w, 3))


def _to_qimage(rgb: np.ndarray) -> QImage:
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # copy: own the pixels


def activation_image(values: np.ndarray) -> QImage:
    """A (h, w) activation map as a diverging colour image, scaled by its own largest magnitude."""
    return _to_qimage(_colorize(np.asarray(values, dtype=float)[None]))


class TilesItem(QGraphicsObject):
    """The tiles of one node; a child of the node item, placed just under it."""

    hovered = Signal(str, int)

    def __init__(self, node_id: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.node_id = node_id
        # All of a node's maps live side by side in one image: one numpy pass and one QImage per frame
        # instead of one per unit (16 small QImages cost ~3 ms of GUI-thread time per probe).
        self.atlas: QImage | None = None
        self.map_size = (0, 0)  # (h, w) of one unit's map inside the atlas
        self.polylines: list[QPolygonF] = []
        self._count = 0
        self.highlight = -1
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        body = getattr(parent, "body_height", lambda: 60.0)()
        self.setPos(0.0, body + 6.0)

    def count(self) -> int:
        return self._count

    def boundingRect(self) -> QRectF:
        rows = (self.count() + PER_ROW - 1) // PER_ROW
        return QRectF(-2, -2, PER_ROW * (TILE + GAP) + 4, rows * (TILE + GAP) + 4)

    def _set_count(self, count: int) -> None:
        if count != self._count:  # only a change of size moves the bounding rect
            self.prepareGeometryChange()
            self._count = count

    def set_maps(self, maps: np.ndarray) -> None:
        maps = np.asarray(maps, dtype=np.float32)
        self._set_count(len(maps))
        self.atlas = _to_qimage(_colorize(maps)) if len(maps) else None
        self.map_size = maps.shape[1:3] if len(maps) else (0, 0)
        self.polylines = []
        self.update()

    def set_curves(self, curves: np.ndarray) -> None:
        curves = np.asarray(curves, dtype=float)
        self._set_count(len(curves))
        self.atlas = None
        if len(curves) and curves.shape[1] > CURVE_SAMPLES:  # thin to what a tile can show
            curves = curves[:, np.linspace(0, curves.shape[1] - 1, CURVE_SAMPLES).round().astype(int)]
        # Polylines are built here, once per frame, not in paint(): paint runs on every canvas repaint.
        self.polylines = []
        for index, curve in enumerate(curves):
            rect = self.tile_rect(index)
            low, high = float(curve.min()), float(curve.max())
            span = (high - low) or 1.0
            xs = np.linspace(rect.left(), rect.right(), len(curve))
            ys = rect.bottom() - (curve - low) / span * rect.height()
            self.polylines.append(QPolygonF([QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]))
        self.update()

    def tile_rect(self, index: int) -> QRectF:
        return QRectF((index % PER_ROW) * (TILE + GAP), (index // PER_ROW) * (TILE + GAP), TILE, TILE)

    def paint(self, painter: QPainter, option: Any, widget: Any = None) -> None:
        if self.atlas is not None:
            h, w = self.map_size
            for index in range(self._count):
                painter.drawImage(self.tile_rect(index), self.atlas, QRectF(index * w, 0, w, h))
        for index, polyline in enumerate(self.polylines):
            painter.fillRect(self.tile_rect(index), QColor(255, 255, 255))
            painter.setPen(QPen(QColor(*unit_color(index)), 1.5))
            painter.drawPolyline(polyline)
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

    def __init__(self, scene: Any, parent: QObject | None = None, *, max_hz: float = MAX_HZ) -> None:
        super().__init__(parent)
        self.scene = scene
        self.items: dict[str, TilesItem] = {}
        self.updates = 0  # frames drawn (tests read it)
        # Probes arrive at up to 5 Hz; thumbnails at 2 Hz read just as live and halve their GUI-thread
        # cost (colouring, QImage, and the canvas repaint under them). A frame that comes too soon is
        # kept and drawn when the interval is up, so the last state of a run is always shown.
        self._period_ms = int(1000 / max_hz)
        self._clock = QElapsedTimer()
        self._pending: tuple[dict[str, np.ndarray], bool] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

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
        if self._clock.isValid() and self._clock.elapsed() < self._period_ms:
            self._pending = (maps, curves)
            if not self._timer.isActive():
                self._timer.start(max(0, self._period_ms - int(self._clock.elapsed())))
            return
        self._draw(maps, curves)

    def _on_timer_timeout(self) -> None:
        if self._pending is not None:
            maps, curves = self._pending
            self._draw(maps, curves)

    def _draw(self, maps: dict[str, np.ndarray], curves: bool) -> None:
        self._pending = None
        self._clock.start()
        self.updates += 1
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
        self._timer.stop()
        self._pending = None
        self._clock.invalidate()
        for item in self.items.values():
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items.clear()


__all__ = ["NeuronTiles", "Qt", "TilesItem", "activation_image"]
