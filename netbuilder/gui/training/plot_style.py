"""Pens, plot widgets and small helpers shared by the training plots.

The colours themselves are in :mod:`netbuilder.training.runner.colors` (the training process uses them).
Plot backgrounds, axes and titles follow the app's theme (View ▸ Theme): :func:`restyle_plots` recolours
every plot made by :func:`make_plot_widget` when the theme changes.
"""

from __future__ import annotations

import weakref
from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem

from netbuilder.gui.theme import is_dark, on_theme_changed
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

# The dark theme's plot colours: the canvas's dark background, light grey text (about 12:1).
DARK_BACKGROUND = (30, 31, 34)
DARK_FOREGROUND = (220, 222, 226)

_PLOTS: weakref.WeakSet[pg.PlotWidget] = weakref.WeakSet()


def plot_background() -> tuple[int, int, int]:
    return DARK_BACKGROUND if is_dark() else BACKGROUND


def plot_foreground() -> tuple[int, int, int]:
    return DARK_FOREGROUND if is_dark() else FOREGROUND


class ThemedPlotItem(pg.PlotItem):
    """A plot item whose title is always in the theme's text colour, whatever colour a view asks for."""

    def setTitle(self, title: Any = None, **args: Any) -> None:
        args["color"] = plot_foreground()
        super().setTitle(title, **args)


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


_OPAQUE_PENS: dict[tuple[int, float, bool, tuple[int, int, int]], QPen] = {}


def _opaque_pen(pen: QPen) -> QPen:
    color = pen.color()
    if color.alpha() == 255:
        return pen
    # Cached: an axis regenerates ~35 tick pens each time its range moves (blending them cost 0.6 ms).
    background = plot_background()
    key = (color.rgba(), pen.widthF(), pen.isCosmetic(), background)
    opaque = _OPAQUE_PENS.get(key)
    if opaque is None:
        alpha = color.alphaF()
        blended = QColor(
            *(round(alpha * c + (1.0 - alpha) * b) for c, b in zip(color.getRgb()[:3], background, strict=True))
        )
        opaque = QPen(pen)
        opaque.setColor(blended)
        _OPAQUE_PENS[key] = opaque
    return opaque


def make_plot_widget(title: str = "") -> pg.PlotWidget:
    """A plot in the theme's colours: light beside a light canvas, dark beside a dark one."""
    widget = pg.PlotWidget(
        background=plot_background(),
        plotItem=ThemedPlotItem(axisItems={"left": OpaqueGridAxis("left"), "bottom": OpaqueGridAxis("bottom")}),
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
    _style_axes(item)
    if title:
        item.setTitle(title, size="9pt")
    item.showGrid(x=True, y=True, alpha=0.15)
    item.hideButtons()  # the "A" auto-range button overlaps small docks; double-click resets instead
    _PLOTS.add(widget)
    return widget


def _style_axes(item: pg.PlotItem) -> None:
    foreground = plot_foreground()
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(foreground))
        axis.setTextPen(pg.mkPen(foreground))
        axis.picture = None  # the cached picture holds the old grid colours
        axis.update()


def restyle_plots() -> None:
    """Recolour every plot for the current theme (after View ▸ Theme changed it)."""
    for widget in list(_PLOTS):
        if not shiboken6.isValid(widget):  # closed with its window; the wrapper outlives it
            _PLOTS.discard(widget)
            continue
        widget.setBackground(plot_background())
        item = widget.getPlotItem()
        _style_axes(item)
        if item.titleLabel.isVisible() and item.titleLabel.text:
            item.setTitle(item.titleLabel.text, size=item.titleLabel.opts.get("size", "9pt"))


on_theme_changed(restyle_plots)

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
    "plot_background",
    "plot_foreground",
    "probabilities_to_rgb",
    "qcolor",
    "restyle_plots",
    "unit_color",
]
