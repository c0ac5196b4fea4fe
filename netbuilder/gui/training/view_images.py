"""Small pieces shared by the inside views: diverging colours, image atlases, a clickable image item and
the sample picker.

Every view draws many small maps (filters, feature maps, heads, units); each draws them as one atlas
(one numpy pass, one ``ImageItem``) rather than one item per map: a hundred small items cost
milliseconds of Python per repaint, one image costs a blit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import BACKGROUND

log = logging.getLogger(__name__)

NEG = np.array([8.0, 119.0, 189.0])  # blue for negative values, orange for positive (TF Playground's colours)
POS = np.array([245.0, 147.0, 34.0])
GAP_RGB = np.array(BACKGROUND, dtype=np.float64)


def _diverging_table(half: int) -> np.ndarray:
    t = np.linspace(-1.0, 1.0, 2 * half + 1)[:, None]
    return np.where(t < 0, 255 + (NEG - 255) * -t, 255 + (POS - 255) * t).astype(np.uint8)


LUT_HALF = 255  # levels per sign: a step of 1/255 is finer than the uint8 colour itself
DIVERGING_LUT = _diverging_table(LUT_HALF)  # (511, 3): index LUT_HALF is white (0)


def diverging(values: np.ndarray, scale: float | None = None) -> np.ndarray:
    """Values → RGB uint8 (…, 3): white at 0, orange positive, blue negative, saturated at ``scale``.

    One table look-up per value: the colour of each value computed with ``np.where`` over three
    channels cost ~5× more, and the views colour tens of thousands of values per frame.
    """
    v = np.asarray(values, dtype=np.float32)
    top = float(np.nanmax(np.abs(v))) if scale is None and v.size else (scale or 1.0)
    top = top if np.isfinite(top) and top > 0 else 1.0
    index = np.nan_to_num(v * np.float32(LUT_HALF / top), nan=0.0, posinf=LUT_HALF, neginf=-LUT_HALF)
    np.clip(index, -LUT_HALF, LUT_HALF, out=index)
    index += LUT_HALF + 0.5  # round to the nearest level, shifted to the table's indexes
    rgb: np.ndarray = DIVERGING_LUT[index.astype(np.intp)]
    return rgb


def grey(values: np.ndarray) -> np.ndarray:
    """Values → RGB uint8, black at the minimum and white at the maximum (for input images)."""
    v = np.asarray(values, dtype=np.float32)
    low, high = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
    t = (v - low) / (high - low) if high > low else np.zeros_like(v)
    g = (255 * (1.0 - t)).astype(np.uint8)  # dark strokes on white, as the digits are drawn
    return np.repeat(g[..., None], 3, axis=-1)


def atlas(tiles: np.ndarray, columns: int, gap: int = 1) -> tuple[np.ndarray, int, int]:
    """(N, h, w, 3) RGB tiles → one (rows·(h+gap), columns·(w+gap), 3) image; returns (image, h, w).

    Tile ``i`` sits at row ``i // columns``, column ``i % columns`` (row 0 at the top).
    """
    n, h, w = tiles.shape[:3]
    columns = max(1, min(columns, n))
    rows = max(1, -(-n // columns))
    image = np.empty((rows * (h + gap), columns * (w + gap), 3), dtype=np.uint8)
    image[:] = GAP_RGB.astype(np.uint8)
    for i in range(n):
        r, c = divmod(i, columns)
        image[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[i]
    return image, h, w


def tile_at(x: float, y: float, h: int, w: int, columns: int, count: int, gap: int = 1) -> tuple[int, int, int] | None:
    """(tile index, row, col inside the tile) under atlas pixel (x, y), or None over a gap or outside."""
    col, dx = divmod(int(x), w + gap)
    row, dy = divmod(int(y), h + gap)
    if x < 0 or y < 0 or dx >= w or dy >= h or col >= columns:
        return None
    index = row * columns + col
    return (index, dy, dx) if index < count else None


class ClickableImage(pg.ImageItem):
    """An image item that reports the pixel clicked and the pixel under the mouse (x = column, y = row)."""

    clicked = Signal(float, float)
    hovered = Signal(float, float)

    def __init__(self) -> None:
        super().__init__(axisOrder="row-major")
        self.setAcceptHoverEvents(True)

    def mouseClickEvent(self, ev: object) -> None:
        pos = ev.pos()  # type: ignore[attr-defined]
        self.clicked.emit(float(pos.x()), float(pos.y()))
        ev.accept()  # type: ignore[attr-defined]

    def hoverEvent(self, ev: object) -> None:
        if getattr(ev, "isExit", lambda: True)():
            return
        pos = ev.pos()  # type: ignore[attr-defined]
        self.hovered.emit(float(pos.x()), float(pos.y()))


def image_box(layout: pg.GraphicsLayout, row: int, col: int, title: str = "") -> tuple[pg.ViewBox, ClickableImage]:
    """A locked-aspect, y-down view box with one clickable image in ``layout`` at (row, col)."""
    if title:
        layout.addLabel(title, row=row, col=col, size="9pt")
        row += 1
    box = layout.addViewBox(row=row, col=col, lockAspect=True, invertY=True, enableMouse=False)
    box.setMenuEnabled(False)
    item = ClickableImage()
    box.addItem(item)
    return box, item


class PanelView(QWidget):
    """Controls and a caption above one pyqtgraph layout: the frame of every inside view.

    ``updates`` counts draws (tests and benchmarks read it); subclasses implement :meth:`redraw`.
    """

    def __init__(self, controls: Sequence[QWidget], parent: QWidget | None = None, minimum_height: int = 220) -> None:
        super().__init__(parent)
        self.updates = 0
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        top = QHBoxLayout()
        for control in controls:
            top.addWidget(control)
        top.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        self.setMinimumHeight(minimum_height)

    def redraw(self) -> None:
        raise NotImplementedError


def set_choices(combo: QComboBox, names: Sequence[str]) -> None:
    """Offer ``names`` in ``combo`` (a layer chooser) without a redraw when they did not change."""
    if list(names) != [combo.itemText(i) for i in range(combo.count())]:
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(list(names))
        combo.blockSignals(False)


class SamplePicker(QComboBox):
    """Which of a frame's test samples a view shows; ``picked`` carries the position in ``frame.samples``."""

    picked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._samples: tuple[int, ...] = ()
        self._wanted: int | None = None  # a sample asked for (a misclassified image clicked), not yet sent
        # As wide as its longest entry: sized on first show (before any sample) it read "test sam".
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setToolTip(QCoreApplication.translate("SamplePicker", "The test sample these views show"))
        self.currentIndexChanged.connect(self._on_current_index_changed)

    def set_samples(self, samples: Sequence[int], labels: Sequence[str]) -> None:
        """Offer these test samples; keeps the one shown when it is still offered."""
        new = tuple(int(s) for s in samples)
        if new == self._samples and self._wanted is None:
            return
        keep = self.current_sample()
        if self._wanted is not None and self._wanted in new:
            keep, self._wanted = self._wanted, None
        self.blockSignals(True)
        self.clear()
        for index, label in zip(new, labels, strict=False):
            self.addItem(QCoreApplication.translate("SamplePicker", "test sample {0} ({1})").format(index, label))
        self._samples = new
        self.setCurrentIndex(new.index(keep) if keep in new else 0)
        self.blockSignals(False)

    def want(self, index: int) -> None:
        """Select test sample ``index`` as soon as a frame offers it."""
        self._wanted = int(index)

    def current_sample(self) -> int | None:
        i = self.currentIndex()
        return self._samples[i] if 0 <= i < len(self._samples) else None

    def _on_current_index_changed(self, index: int) -> None:
        if index >= 0:
            self.picked.emit(index)
