"""The piecewise-ReLU fit view of seed 001: target, prediction and every first-layer unit's hinge.

Each unit i contributes ``a_i·ReLU(w_i·x + b_i)`` with its kink at ``x = −b_i/w_i``; dead units (never
active on the data) are drawn grey. Hovering a hinge emits :attr:`HingePlot.unit_hovered` so the canvas
can highlight the unit; :meth:`set_highlight` does the reverse.
"""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import DEAD_COLOR, UNIT_COLORS, unit_color

log = logging.getLogger(__name__)

HOVER_PIXELS = 8.0  # how close (in screen pixels) the cursor must be to a hinge to pick it


# Shared styles (unit colour index, dead, highlighted) → pen/brush: built once, reused every frame.
_PENS: dict[tuple[int, bool, bool], pg.QtGui.QPen] = {}
_BRUSHES: dict[tuple[int, bool, bool], pg.QtGui.QBrush] = {}
_KINK_PEN = pg.mkPen(40, 40, 40)

REINIT_TIP = QT_TRANSLATE_NOOP(
    "HingePlot", "Give every dead unit a fresh hinge through the data (undoable; available while training is stopped)"
)


class HingePlot(QWidget):
    unit_hovered = Signal(int)  # unit index, or -1 when the cursor leaves every hinge
    reinit_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from netbuilder.gui.training.plot_style import make_plot_widget

        # The key lives in the title: a legend box drew the wide target band across its own labels.
        self.plot = make_plot_widget(
            self.tr(
                "Piecewise-ReLU fit: <span style='color:#7fb47f'>&#9644; target</span> &nbsp;"
                "<span style='color:#141414'>&#9644; prediction</span> &nbsp;"
                "<span style='color:#777777'>coloured: hinges, &#9650; kinks</span>"
            )
        )
        self.plot.setLabel("bottom", "x")
        self.data_points = pg.ScatterPlotItem(size=4, brush=pg.mkBrush(120, 120, 120, 110), pen=None)
        # Under the curves: drawn on top, the grey dots broke the prediction line into dashes.
        self.data_points.setZValue(-1)
        self.plot.addItem(self.data_points)
        # A wide pale band under the prediction: both stay readable when the fit is exact.
        self.target_curve = self.plot.plot([], [], pen=pg.mkPen((150, 200, 150, 170), width=8))
        self.prediction_curve = self.plot.plot([], [], pen=pg.mkPen((20, 20, 20), width=3))
        self.kink_points = pg.ScatterPlotItem(size=10, symbol="t1", pxMode=True)
        self.kink_points.setZValue(5)
        self.plot.addItem(self.kink_points)
        self.breakpoint_lines: list[pg.InfiniteLine] = []
        self.hinge_curves: list[pg.PlotCurveItem] = []
        self.info = QLabel("")
        self.info.setStyleSheet("font-size: 9pt;")
        self.reinit_button = QPushButton(self.tr("Re-initialise dead units"))
        self.reinit_button.setToolTip(self.tr(REINIT_TIP))
        self.reinit_button.setEnabled(False)
        self.reinit_button.clicked.connect(self.reinit_clicked)
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        row.addWidget(self.reinit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot, 1)
        layout.addLayout(row)
        self._idle = True
        self.highlighted = -1
        self.dead: np.ndarray = np.zeros(0, dtype=bool)
        self.updates = 0
        self._x = np.zeros(0)
        self._hinges = np.zeros((0, 0))
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    # ---- model -> view -------------------------------------------------------------------------
    def clear(self) -> None:
        for curve in self.hinge_curves:
            self.plot.removeItem(curve)
        self.hinge_curves.clear()
        self._set_breakpoints([])
        self.prediction_curve.setData([], [])
        self.kink_points.clear()
        self.info.setText("")
        self.dead = np.zeros(0, dtype=bool)
        self.updates = 0
        self._update_reinit()

    def set_target(
        self, x: np.ndarray, y: np.ndarray, data_x: np.ndarray | None = None, data_y: np.ndarray | None = None
    ) -> None:
        self.target_curve.setData(x, y)
        if data_x is not None and data_y is not None:
            self.data_points.setData(np.asarray(data_x).reshape(-1), np.asarray(data_y).reshape(-1))

    def set_fit(
        self,
        x: np.ndarray,
        prediction: np.ndarray,
        hinges: np.ndarray,
        kinks: np.ndarray,
        dead: np.ndarray,
        breakpoints: np.ndarray | None = None,
    ) -> None:
        """``hinges``: (units, len(x)) contributions a_i·ReLU(w_i x + b_i); ``kinks``: (units,) (nan if w = 0)."""
        self._x = np.asarray(x, dtype=float)
        self._hinges = np.asarray(hinges, dtype=float)
        self.dead = np.asarray(dead, dtype=bool)
        self.prediction_curve.setData(self._x, np.asarray(prediction, dtype=float).reshape(-1))
        self._ensure_curves(len(self._hinges))
        for unit, curve in enumerate(self.hinge_curves):
            curve.setData(self._x, self._hinges[unit])
            self._style_curve(unit, curve)
        kinks = np.asarray(kinks, dtype=float)
        lo, hi = (self._x[0], self._x[-1]) if len(self._x) else (0.0, 0.0)
        visible = np.flatnonzero(np.isfinite(kinks) & (kinks >= lo) & (kinks <= hi)).tolist()
        # Cached brushes and one shared pen: a fresh mkBrush per kink made the scatter item render a
        # symbol for every kink on every frame (part of the 3-4 ms each hinge draw cost).
        self.kink_points.setData(
            x=kinks[visible],
            y=np.zeros(len(visible)),
            brush=[self._kink_brush(u, bool(self.dead[u])) for u in visible],
            pen=_KINK_PEN,
            data=visible,
        )
        self._set_breakpoints([] if breakpoints is None else list(np.asarray(breakpoints, dtype=float)))
        alive = int((~self.dead).sum())
        text = self.tr("{0} units, {1} alive").format(len(self._hinges), alive)
        if self.dead.any():
            text += self.tr(", {0} dead (grey)").format(int(self.dead.sum()))
        if breakpoints is not None:
            text += self.tr("; {0} breakpoints in the whole function").format(len(breakpoints))
        if text != self.info.text():  # a QLabel's new text re-lays the dock out; most frames keep it
            self.info.setText(text)
        self.updates += 1
        self._update_reinit()

    def set_idle(self, idle: bool) -> None:
        """Re-initialising changes the weights: only allowed while no run owns the model."""
        self._idle = idle
        self._update_reinit()

    @property
    def can_reinit(self) -> bool:
        return self._idle and bool(self.dead.any())

    def _update_reinit(self) -> None:
        self.reinit_button.setEnabled(self.can_reinit)
        if self.dead.any() and not self._idle:
            self.reinit_button.setToolTip(self.tr("Stop training first: the running worker owns the weights"))
        else:
            self.reinit_button.setToolTip(self.tr(REINIT_TIP))

    def set_highlight(self, unit: int) -> None:
        """Emphasise one unit's hinge (-1: none); called when the unit is hovered on the canvas."""
        if unit == self.highlighted:
            return
        self.highlighted = unit
        for index, curve in enumerate(self.hinge_curves):
            self._style_curve(index, curve)
            curve.setZValue(3 if index == unit else 1)

    # ---- helpers -------------------------------------------------------------------------------
    def _pen(self, unit: int) -> pg.QtGui.QPen:
        dead = unit < len(self.dead) and bool(self.dead[unit])
        key = (unit % len(UNIT_COLORS), dead, unit == self.highlighted)
        pen = _PENS.get(key)
        if pen is None:
            color = DEAD_COLOR if dead else unit_color(unit)
            width = 4 if unit == self.highlighted else 2
            style = pg.QtCore.Qt.DotLine if dead else pg.QtCore.Qt.SolidLine
            pen = _PENS[key] = pg.mkPen(color, width=width, style=style)
        return pen

    def _style_curve(self, unit: int, curve: pg.PlotCurveItem) -> None:
        """Set the pen only when the unit's look changed: setPen re-dirties the curve every frame."""
        pen = self._pen(unit)
        if getattr(curve, "_nb_pen", None) is not pen:  # pyqtgraph stores a copy: compare ours
            curve.setPen(pen)
            curve._nb_pen = pen  # type: ignore[attr-defined]

    @staticmethod
    def _kink_brush(unit: int, dead: bool) -> pg.QtGui.QBrush:
        key = (-1 if dead else unit % len(UNIT_COLORS), dead, False)
        brush = _BRUSHES.get(key)
        if brush is None:
            brush = _BRUSHES[key] = pg.mkBrush(DEAD_COLOR if dead else unit_color(unit))
        return brush

    def _ensure_curves(self, count: int) -> None:
        while len(self.hinge_curves) > count:
            self.plot.removeItem(self.hinge_curves.pop())
        while len(self.hinge_curves) < count:
            curve = pg.PlotCurveItem(pen=self._pen(len(self.hinge_curves)))
            curve.setZValue(1)
            self.plot.addItem(curve)
            self.hinge_curves.append(curve)

    def _set_breakpoints(self, xs: list[float]) -> None:
        while len(self.breakpoint_lines) > len(xs):
            self.plot.removeItem(self.breakpoint_lines.pop())
        while len(self.breakpoint_lines) < len(xs):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen((120, 120, 120, 120), width=1, style=pg.QtCore.Qt.DashLine))
            self.plot.addItem(line)
            self.breakpoint_lines.append(line)
        for line, x in zip(self.breakpoint_lines, xs, strict=True):
            line.setValue(x)

    def unit_at(self, scene_pos: QPointF) -> int:
        """The hinge nearest the cursor within a few pixels, or -1."""
        if not len(self._x) or not len(self._hinges):
            return -1
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(scene_pos):
            return -1
        point = view.mapSceneToView(scene_pos)
        index = int(np.clip(np.searchsorted(self._x, point.x()), 0, len(self._x) - 1))
        values = self._hinges[:, index]
        pixel = view.viewPixelSize()[1]  # data units per screen pixel along y
        distance = np.abs(values - point.y()) / max(pixel, 1e-12)
        unit = int(np.argmin(distance))
        return unit if distance[unit] <= HOVER_PIXELS else -1

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        unit = self.unit_at(scene_pos)
        if unit != self.highlighted:
            self.set_highlight(unit)
            self.unit_hovered.emit(unit)
