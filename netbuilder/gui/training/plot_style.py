"""Colours and small helpers shared by the training plots, so every view speaks the same colour language."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

# Class colours in the TensorFlow-Playground spirit: blue and orange first, then a qualitative set.
CLASS_COLORS: tuple[tuple[int, int, int], ...] = (
    (8, 119, 189),
    (245, 147, 34),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
)
# Unit colours for the hinge view: distinct from the class colours' blue/orange used for data.
UNIT_COLORS: tuple[tuple[int, int, int], ...] = (
    (230, 25, 75),
    (60, 180, 75),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 240, 240),
    (240, 50, 230),
    (210, 245, 60),
    (0, 128, 128),
    (170, 110, 40),
)
DEAD_COLOR = (150, 150, 150)
TRAIN_COLOR = (31, 119, 180)
VAL_COLOR = (255, 127, 14)
BACKGROUND = (250, 250, 250)
FOREGROUND = (40, 40, 40)


def class_color(index: int) -> tuple[int, int, int]:
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def unit_color(index: int) -> tuple[int, int, int]:
    return UNIT_COLORS[index % len(UNIT_COLORS)]


def qcolor(rgb: tuple[int, int, int], alpha: int = 255) -> QColor:
    return QColor(rgb[0], rgb[1], rgb[2], alpha)


class OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are opaque colours pre-blended with the plot background.

    pyqtgraph fades grid lines with alpha; Qt's raster engine draws translucent lines ~25× slower than
    opaque ones (60 lines on 800×330: 2.7 ms at alpha 38 against 0.1 ms opaque, measured here), and it
    replays every axis picture on every repaint: the translucent grid was 12 of the 20 ms a loss-dock
    repaint cost while training. On the flat background the blended colour looks the same.
    """

    def generateDrawSpecs(self, p: object) -> object:
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, [(_opaque_pen(pen), p1, p2) for pen, p1, p2 in tick_specs], text_specs


_OPAQUE_PENS: dict[tuple[int, float, bool], QPen] = {}


def _opaque_pen(pen: QPen) -> QPen:
    color = pen.color()
    if color.alpha() == 255:
        return pen
    # Cached: an axis regenerates ~35 tick pens each time its range moves (blending them cost 0.6 ms).
    key = (color.rgba(), pen.widthF(), pen.isCosmetic())
    opaque = _OPAQUE_PENS.get(key)
    if opaque is None:
        alpha = color.alphaF()
        blended = QColor(
            *(round(alpha * c + (1.0 - alpha) * b) for c, b in zip(color.getRgb()[:3], BACKGROUND, strict=True))
        )
        opaque = QPen(pen)
        opaque.setColor(blended)
        _OPAQUE_PENS[key] = opaque
    return opaque


def make_plot_widget(title: str = "") -> pg.PlotWidget:
    """A light plot: the canvas is light, and dark plots beside it look like a different app."""
    widget = pg.PlotWidget(
        background=BACKGROUND,
        axisItems={"left": OpaqueGridAxis("left"), "bottom": OpaqueGridAxis("bottom")},
    )
    item = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        # pyqtgraph draws an axis (and its grid) above the data; with opaque grid colours that
        # painted stripes across every curve, so the axes go underneath.
        axis.setZValue(-1000)
        axis.setPen(pg.mkPen(FOREGROUND))
        axis.setTextPen(pg.mkPen(FOREGROUND))
    if title:
        item.setTitle(title, color=FOREGROUND, size="9pt")
    item.showGrid(x=True, y=True, alpha=0.15)
    item.hideButtons()  # the "A" auto-range button overlaps small docks; double-click resets instead
    return widget


def probabilities_to_rgb(probs: np.ndarray) -> np.ndarray:
    """Colour a (H, W, C) probability grid: the winning class's colour, paler where the net is unsure.

    C == 1 means a single sigmoid output (probability of class 1).
    """
    if probs.ndim == 2:
        probs = probs[..., None]
    if probs.shape[-1] == 1:
        probs = np.concatenate([1.0 - probs, probs], axis=-1)
    classes = probs.shape[-1]
    palette = np.array([class_color(i) for i in range(classes)], dtype=np.float32)
    mix = probs.astype(np.float32) @ palette  # expected colour under the predicted distribution
    confidence = (probs.max(axis=-1) - 1.0 / classes) / (1.0 - 1.0 / classes)
    confidence = np.clip(confidence, 0.0, 1.0)[..., None]
    # Pale near the boundary, saturated (but still light enough for points to stand out) far from it.
    strength = 0.15 + 0.55 * confidence
    rgb = 255.0 * (1.0 - strength) + mix * strength
    return np.clip(rgb, 0, 255).astype(np.uint8)
