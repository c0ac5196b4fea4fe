"""Pens, plot widgets and small helpers shared by the training plots.

The colours themselves are in :mod:`netbuilder.training.runner.colors` (the training process uses them).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem

from netbuilder.training.runner.colors import (
    BACKGROUND,
    CLASS_COLORS,
    DEAD_COLOR,
    FOREGROUND,
    TRAIN_COLOR,
    UNIT_COLORS,
    VAL_COLOR,
    class_color,
    probabilities_to_rgb,
    unit_color,
)


def qcolor(rgb: tuple[int, int, int], alpha: int = 255) -> QColor:
    return QColor(rgb[0], rgb[1], rgb[2], alpha)


class OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are opaque colours pre-blended with the plot background.

    pyqtgraph fades grid lines with alpha; Qt's raster engine draws translucent lines ~25× slower than
    opaque ones (60 lines on 800×330: 2.7 ms at alpha 38 against 0.1 ms opaque, measured here), and it
    replays every axis picture on every repaint: the translucent grid was 12 of the 20 ms a loss-dock
    repaint cost while training. On the flat background the blended colour looks the same.
    """

    def logTickStrings(self, values: list[float], scale: float, spacing: float | None) -> list[str]:
        """Decades only, plus 2 and 5 when the axis spans under ~1.5 decades, and every minor tick
        under half a decade: labelling every 2..9 × 10^k piled them into a smear on a short loss axis."""
        strings: list[str] = super().logTickStrings(values, scale, spacing)  # type: ignore[arg-type]
        if spacing is not None:  # a level of whole decades
            return strings
        low, high = self.range
        span = abs(high - low)
        if span < 0.5:
            return strings
        keep = {2, 5} if span < 1.5 else set()
        return [text if round(10 ** (value % 1)) in keep else "" for value, text in zip(values, strings, strict=True)]

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
        # Each repaint of a plot replayed every axis's picture (grid and labels) through Python, even
        # for a one-pixel strip where a curve changed: ~1.5 ms per loss-plot repaint. Cached as a
        # pixmap, an unchanged axis is a C++ blit; it is re-rendered only when its range moves.
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        axis.setPen(pg.mkPen(FOREGROUND))
        axis.setTextPen(pg.mkPen(FOREGROUND))
    if title:
        item.setTitle(title, color=FOREGROUND, size="9pt")
    item.showGrid(x=True, y=True, alpha=0.15)
    item.hideButtons()  # the "A" auto-range button overlaps small docks; double-click resets instead
    return widget


__all__ = [
    "BACKGROUND",
    "CLASS_COLORS",
    "DEAD_COLOR",
    "FOREGROUND",
    "TRAIN_COLOR",
    "UNIT_COLORS",
    "VAL_COLOR",
    "OpaqueGridAxis",
    "class_color",
    "make_plot_widget",
    "probabilities_to_rgb",
    "qcolor",
    "unit_color",
]
