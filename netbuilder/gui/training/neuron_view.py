"""The Neurons view (TensorFlow Playground style): every unit of a small dense network as a tile, links
between units coloured by the weight's sign and sized by its magnitude.

For two inputs each tile is the unit's output over the input plane; for one input, its response curve.
Hovering a tile shows the unit's value under the mouse, hovering a link its weight; clicking a tile
emits :attr:`NeuronView.unit_clicked` (the Inspector then shows that unit's formula). The view draws a
:class:`~netbuilder.training.runner.inside.NeuronsFrame` made in the training process; the scene is
rebuilt only when the network's shape changes, a new frame only swaps images and pens.
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsObject,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.gui.training.plot_style import BACKGROUND, FOREGROUND, qcolor
from netbuilder.gui.training.view_images import NEG, POS, diverging
from netbuilder.training.runner.inside import NeuronsFrame

log = logging.getLogger(__name__)

TILE = 64.0  # px: large enough to read a map (the canvas thumbnails are 22 px)
GAP = 10.0
LINK_SPACE = 130.0  # between two layers' blocks: room for the links to fan out
ROWS = 8  # units per sub-column: a layer of 16 is two columns of 8, so the view stays short enough to read
MAX_LINK_WIDTH = 5.0
PRUNED_LINK = QColor(160, 160, 160)  # a weight that is exactly 0 (pruned): grey and dashed
PRUNED_FILL = QColor(215, 215, 215)
SMOOTH_LINKS = 64  # links between two layers drawn antialiased up to this many


class TileItem(QGraphicsObject):
    """One unit: its map (or curve), a selection frame, and a hover read-out of its value."""

    clicked = Signal(str, int)

    def __init__(self, layer: str, unit: int, title: str) -> None:
        super().__init__()
        self.layer, self.unit, self.title = layer, unit, title
        self.values: np.ndarray = np.zeros((1, 1))
        self.image: QImage | None = None
        self.path = QPainterPath()
        self.axis: np.ndarray = np.zeros(1)
        self.selected = False
        self.pruned = False  # every incoming weight is exactly 0: the unit is cut off
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, TILE + 2, TILE + 2)

    def set_values(self, values: np.ndarray, axis: np.ndarray, rgb: np.ndarray | None = None) -> None:
        """``rgb``: the map already coloured (a layer is coloured in one numpy pass, not per tile)."""
        self.values, self.axis = values, axis
        if values.ndim == 2:
            rgb = np.ascontiguousarray(rgb if rgb is not None else diverging(values)[::-1])  # row 0 = top x2
            h, w = rgb.shape[:2]
            self.image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        else:
            self.image = None
            top = float(np.abs(values).max()) or 1.0
            xs = np.linspace(2, TILE - 2, len(values))
            ys = TILE / 2 - (values / top) * (TILE / 2 - 3)
            path = QPainterPath(QPointF(xs[0], ys[0]))
            for x, y in zip(xs[1:], ys[1:], strict=True):
                path.lineTo(QPointF(x, y))
            self.path = path
        self.update()

    def set_pruned(self, pruned: bool) -> None:
        if pruned != self.pruned:
            self.pruned = pruned
            self.update()

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        rect = QRectF(0, 0, TILE, TILE)
        if self.pruned:  # greyed and hatched: its output no longer depends on the inputs
            painter.fillRect(rect, PRUNED_FILL)
            painter.fillRect(rect, QBrush(PRUNED_LINK, Qt.BrushStyle.BDiagPattern))
        elif self.image is not None:
            painter.drawImage(rect, self.image)
        else:
            painter.fillRect(rect, QColor(255, 255, 255))
            painter.setPen(QPen(QColor(200, 200, 200), 1))
            painter.drawLine(QPointF(0, TILE / 2), QPointF(TILE, TILE / 2))
            painter.setPen(QPen(qcolor(tuple(int(c) for c in POS)), 2))  # type: ignore[arg-type]
            painter.drawPath(self.path)
        painter.setPen(QPen(QColor(30, 30, 30) if self.selected else QColor(180, 180, 180), 3 if self.selected else 1))
        painter.drawRect(rect)

    def value_at(self, pos: QPointF) -> tuple[float, str]:
        v = self.values
        if v.ndim == 2:
            g = v.shape[0]
            col = int(np.clip(pos.x() / TILE * g, 0, g - 1))
            row = int(np.clip((1 - pos.y() / TILE) * g, 0, g - 1))
            return float(v[row, col]), f"x₁={self.axis[col]:.2f}, x₂={self.axis[row]:.2f}"
        i = int(np.clip(pos.x() / TILE * len(v), 0, len(v) - 1))
        return float(v[i]), f"x={self.axis[i]:.2f}"

    def tooltip_at(self, pos: QPointF) -> str:
        value, where = self.value_at(pos)
        if self.pruned:
            return QCoreApplication.translate(
                "NeuronView", "{0}: pruned (every incoming weight is 0), {1:+.3f}"
            ).format(self.title, value)
        return QCoreApplication.translate("NeuronView", "{0}: {1:+.3f} at {2}").format(self.title, value, where)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setToolTip(self.tooltip_at(event.pos()))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.layer, self.unit)
            event.accept()


def _link_pens(buckets: int) -> dict[int, QPen]:
    """{link code: pen}: code ``b`` is a positive weight of strength bucket ``b``, ``buckets + b`` a
    negative one, -1 a pruned (exactly zero) weight.

    The colours are opaque, blended with the background ahead of time: translucent wide lines cost
    10–50× more to paint than opaque ones (600 lines: 4–20 ms against 0.4 ms, measured offscreen on
    the 2-core machine), and opaque ones read the same at these widths.
    """
    back = np.asarray(BACKGROUND, dtype=np.float64)
    pens: dict[int, QPen] = {}
    for offset, base in ((0, POS), (buckets, NEG)):
        for b in range(buckets):
            level = (b + 0.5) / buckets
            alpha = 0.35 + 0.65 * level
            rgb = back * (1 - alpha) + np.asarray(base, dtype=np.float64) * alpha
            pen = QPen(qcolor(tuple(round(float(c)) for c in rgb)), 0.5 + MAX_LINK_WIDTH * level)  # type: ignore[arg-type]
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pens[offset + b] = pen
    pruned = QPen(PRUNED_LINK, 1.0, Qt.PenStyle.DashLine)
    pruned.setCapStyle(Qt.PenCapStyle.FlatCap)
    pens[-1] = pruned
    return pens


class LinksItem(QGraphicsObject):
    """All weights between two layers, drawn in a few batches, and a hover read-out of the nearest one.

    One item per layer, not one per link: 320 separate line items of spiral's network cost ~55 ms a
    repaint (measured offscreen on the 2-core machine); the same lines in a dozen ``drawLines`` calls,
    one per colour and width bucket, cost a few. A new frame whose links fall in the same buckets as
    the last one changes nothing on screen and repaints nothing.
    """

    BUCKETS = 6
    _pens: dict[int, QPen] | None = None

    def __init__(self, dense: str, starts: np.ndarray, ends: np.ndarray, names: list[str]) -> None:
        super().__init__()
        self.dense, self.starts, self.ends, self.names = dense, starts, ends, names  # (N, 2), (N, 2), N
        self.weights = np.zeros(len(starts))
        self.codes = np.full(len(starts), -2, dtype=np.int8)  # -2: nothing drawn yet
        self._batches: list[tuple[QPen, list[QLineF]]] = []
        self._lines = [QLineF(QPointF(*a), QPointF(*b)) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        low, high = np.minimum(starts, ends).min(axis=0), np.maximum(starts, ends).max(axis=0)
        self._rect = QRectF(QPointF(*low), QPointF(*high)).adjusted(-4, -4, 4, 4)
        self.setAcceptHoverEvents(True)
        if LinksItem._pens is None:
            LinksItem._pens = _link_pens(self.BUCKETS)

    def boundingRect(self) -> QRectF:
        return self._rect

    def set_weights(self, weights: np.ndarray) -> None:
        self.weights = np.asarray(weights, dtype=np.float64).reshape(-1)[: len(self._lines)]
        top = float(np.abs(self.weights).max()) if self.weights.size else 1.0
        strength = np.abs(self.weights) / (top or 1.0)
        bucket = np.minimum((strength * self.BUCKETS).astype(np.int8), self.BUCKETS - 1)
        codes = np.where(self.weights == 0, -1, np.where(self.weights > 0, bucket, self.BUCKETS + bucket))
        codes = codes.astype(np.int8)
        if np.array_equal(codes, self.codes):
            return  # the same pens for the same lines: the picture did not change
        self.codes = codes
        pens = LinksItem._pens
        assert pens is not None
        batches = []
        # Pruned links first, then from the weakest to the strongest: strong links stay on top.
        for code in [-1, *(c for b in range(self.BUCKETS) for c in (b, self.BUCKETS + b))]:
            chosen = np.flatnonzero(codes == code)
            if len(chosen):
                batches.append((pens[code], [self._lines[i] for i in chosen.tolist()]))
        self._batches = batches
        self.update()

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        # Antialiased only when there are few: a few hundred wide lines antialiased cost ~2× to paint and
        # look the same either way, while a handful of thick aliased lines show stair steps.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self._lines) <= SMOOTH_LINKS)
        for pen, lines in self._batches:
            painter.setPen(pen)
            painter.drawLines(lines)

    def nearest(self, pos: QPointF) -> int:
        """Index of the link closest to ``pos`` (distance from a point to each segment)."""
        p = np.array([pos.x(), pos.y()])
        d = self.ends - self.starts
        t = np.clip(((p - self.starts) * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-9), 0.0, 1.0)
        gap = np.linalg.norm(self.starts + t[:, None] * d - p, axis=1)
        return int(gap.argmin())

    def tooltip_at(self, pos: QPointF) -> str:
        i = self.nearest(pos)
        weight = float(self.weights[i])
        if weight == 0.0:
            return QCoreApplication.translate("NeuronView", "{0}: {1} = 0 (pruned)").format(self.dense, self.names[i])
        return f"{self.dense}: {self.names[i]} = {weight:+.3f}"

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setToolTip(self.tooltip_at(event.pos()))


def _coloured(values: np.ndarray) -> np.ndarray | None:
    """(units, G, G) maps → (units, G, G, 3) RGB, each scaled by its own largest value, rows flipped."""
    if values.ndim != 3:
        return None
    top = np.abs(values).reshape(len(values), -1).max(axis=1)
    top[top == 0] = 1.0
    return diverging(values / top[:, None, None], 1.0)[:, ::-1]


class NeuronView(QGraphicsView):
    """See the module docstring. ``tiles[layer]`` are the unit tiles ("input" for the features)."""

    unit_clicked = Signal(str, int)  # dense node id, unit index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(qcolor(BACKGROUND))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.tiles: dict[str, list[TileItem]] = {}
        self.links: dict[str, LinksItem] = {}  # dense id -> its incoming weights (units × inputs, row-major)
        self.frame: NeuronsFrame | None = None
        self.updates = 0
        self.selected: tuple[str, int] | None = None
        self._shape: tuple[object, ...] = ()
        self._inputs: np.ndarray | None = None  # the input maps drawn (they do not change during a run)
        self.setMinimumHeight(260)

    def clear(self) -> None:
        self.scene().clear()
        self.tiles.clear()
        self.links.clear()
        self.frame = None
        self._shape = ()
        self._inputs = None

    def _build(self, frame: NeuronsFrame) -> None:
        self._inputs = None
        self.scene().clear()
        self.tiles.clear()
        self.links.clear()
        columns: list[tuple[str, list[str], str]] = [("input", frame.input_names, self.tr("inputs"))]
        for layer in frame.layers:
            n = layer.values.shape[0]
            names = [self.tr("{0} · unit {1}").format(layer.shown, i + 1) for i in range(n)]
            more = frame.total_units.get(layer.dense, n) - n
            heading = layer.shown + (self.tr(" (+{0} more)").format(more) if more > 0 else "")
            columns.append((layer.dense, names, heading))
        tallest = min(ROWS, max(len(names) for _, names, _ in columns))
        font = QFont()
        font.setPointSizeF(8.5)
        x = 0.0
        for key, names, heading in columns:
            rows = min(ROWS, len(names))
            top = (tallest - rows) * (TILE + GAP) / 2
            label = QGraphicsSimpleTextItem(heading)
            label.setFont(font)
            label.setBrush(qcolor(FOREGROUND))
            label.setPos(x, top - 20)
            self.scene().addItem(label)
            items = []
            for i, name in enumerate(names):
                sub, row = divmod(i, ROWS)
                tile = TileItem(key, i, name)
                tile.setPos(x + sub * (TILE + GAP), top + row * (TILE + GAP))
                tile.setZValue(2)
                if key != "input":
                    tile.clicked.connect(self._on_tile_clicked)
                self.scene().addItem(tile)
                items.append(tile)
            self.tiles[key] = items
            x += (-(-len(names) // ROWS)) * (TILE + GAP) - GAP + LINK_SPACE
        previous = self.tiles["input"]
        for layer in frame.layers:
            current = self.tiles[layer.dense]
            sources = previous[: layer.weight.shape[1]]
            starts = np.array([[t.x() + TILE, t.y() + TILE / 2] for _u in current for t in sources])
            ends = np.array([[u.x(), u.y() + TILE / 2] for u in current for _t in sources])
            names = [self.tr("weight from {0} to {1}").format(t.title, u.title) for u in current for t in sources]
            links = LinksItem(layer.dense, starts.reshape(-1, 2), ends.reshape(-1, 2), names)
            links.setZValue(1)
            self.scene().addItem(links)
            self.links[layer.dense] = links
            previous = current
        self._shape = (tuple(frame.input_names), tuple((u.dense, u.values.shape) for u in frame.layers))
        self.setSceneRect(self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.fit()

    def fit(self) -> None:
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        scale = min(self.viewport().width() / rect.width(), self.viewport().height() / rect.height(), 1.6)
        self.scale(max(scale, 0.4), max(scale, 0.4))  # below ~0.4 a 64-px tile is a thumbnail again: scroll

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.fit()

    def show_frame(self, frame: NeuronsFrame) -> None:
        shape = (tuple(frame.input_names), tuple((u.dense, u.values.shape) for u in frame.layers))
        if shape != self._shape:
            self._build(frame)
        self.frame = frame
        shown = [(u.dense, u.values) for u in frame.layers]
        if self._inputs is None or not np.array_equal(self._inputs, frame.input_values):
            shown.insert(0, ("input", frame.input_values))  # the features' own maps: drawn once per run
            self._inputs = frame.input_values
        for key, maps in shown:
            rgb = _coloured(maps)
            for i, (tile, values) in enumerate(zip(self.tiles[key], maps, strict=False)):
                tile.set_values(values, frame.axis, None if rgb is None else rgb[i])
        for layer in frame.layers:
            self._set_links(layer.dense, layer.weight)
            cut = ~np.any(layer.weight != 0, axis=1)  # units whose every incoming weight is 0
            for tile, pruned in zip(self.tiles[layer.dense], cut.tolist(), strict=False):
                tile.set_pruned(pruned)
        self.updates += 1

    def _set_links(self, dense: str, weight: np.ndarray) -> None:
        links = self.links.get(dense)
        if links is not None:
            links.set_weights(weight)

    def select(self, layer: str, unit: int) -> None:
        for tiles in self.tiles.values():
            for tile in tiles:
                tile.selected = (tile.layer, tile.unit) == (layer, unit)
                tile.update()
        self.selected = (layer, unit)

    def _on_tile_clicked(self, layer: str, unit: int) -> None:
        self.select(layer, unit)
        self.unit_clicked.emit(layer, unit)


def neuron_formula(frame: NeuronsFrame, dense: str, unit: int) -> str:
    """The formula of unit ``unit`` of ``dense`` with the frame's current numbers."""
    from netbuilder.training.probes.neurons import input_names, unit_formula

    for i, layer in enumerate(frame.layers):
        if layer.dense == dense and unit < layer.weight.shape[0]:
            names = [_subscripted(n) for n in frame.input_names] if i == 0 else input_names(layer.weight.shape[1], "h")
            return unit_formula(layer.weight[unit], float(layer.bias[unit]), layer.activation, names)
    return ""


def _subscripted(name: str) -> str:
    """Feature "x1" → "x₁" (other feature names, such as "sin(x1)", stay as they are)."""
    if len(name) >= 2 and name[0].isalpha() and name[1:].isdigit():
        return name[0] + name[1:].translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    return name


__all__ = ["NeuronView", "TileItem", "neuron_formula"]
