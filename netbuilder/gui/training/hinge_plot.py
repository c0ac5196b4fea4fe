"""The piecewise-ReLU fit view of seed 001: target, prediction and every first-layer unit's hinge.

Each unit i contributes ``a_i·ReLU(w_i·x + b_i)`` with its kink at ``x = −b_i/w_i``; dead units (never
active on the data) are drawn grey. Hovering a hinge emits :attr:`HingePlot.unit_hovered` so the canvas
can highlight the unit; :meth:`set_highlight` does the reverse.
"""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import DEAD_COLOR, unit_color

log = logging.getLogger(__name__)

HOVER_PIXELS = 8.0  # how close (in screen pixels) the cursor must be to a hinge to pick it


REINIT_TIP = "Give every dead unit a fresh hinge through the data (undoable; available while training is stopped)"


class HingePlot(QWidget):
    unit_hovered = Signal(int)  # unit index, or -1 when the cursor leaves every hinge
    reinit_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from netbuilder.gui.training.plot_style import make_plot_widget

        self.plot = make_plot_widget("Piecewise-ReLU fit")
        self.plot.setLabel("bottom", "x")
        self.plot.addLegend(offset=(10, 10), labelTextColor=(40, 40, 40))
        self.data_points = pg.ScatterPlotItem(size=4, brush=pg.mkBrush(120, 120, 120, 110), pen=None)
        self.plot.addItem(self.data_points)
        # A wide pale band under the prediction: both stay readable when the fit is exact.
        self.target_curve = self.plot.plot([], [], pen=pg.mkPen((150, 200, 150, 170), width=8), name="target")
        self.prediction_curve = self.plot.plot([], [], pen=pg.mkPen((20, 20, 20), width=3), name="prediction")
        self.kink_points = pg.ScatterPlotItem(size=10, symbol="t1", pxMode=True)
        self.kink_points.setZValue(5)
        self.plot.addItem(self.kink_points)
        self.breakpoint_lines: list[pg.InfiniteLine] = []
        self.hinge_curves: list[pg.PlotCurveItem] = []
        self.info = QLabel("")
        self.info.setStyleSheet("color: #444; font-size: 9pt;")
        self.reinit_button = QPushButton("Re-initialise dead units")
        self.reinit_button.setToolTip(REINIT_TIP)
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
            curve.setPen(self._pen(unit))
        kinks = np.asarray(kinks, dtype=float)
        lo, hi = (self._x[0], self._x[-1]) if len(self._x) else (0.0, 0.0)
        visible = [u for u in range(len(kinks)) if np.isfinite(kinks[u]) and lo <= kinks[u] <= hi]
        self.kink_points.setData(
            x=[kinks[u] for u in visible],
            y=[0.0 for _ in visible],
            brush=[pg.mkBrush(DEAD_COLOR if self.dead[u] else unit_color(u)) for u in visible],
            pen=pg.mkPen(40, 40, 40),
            data=visible,
        )
        self._set_breakpoints([] if breakpoints is None else list(np.asarray(breakpoints, dtype=float)))
        alive = int((~self.dead).sum())
        text = f"{len(self._hinges)} units, {alive} alive"
        if self.dead.any():
            text += f", {int(self.dead.sum())} dead (grey)"
        if breakpoints is not None:
            text += f"; {len(breakpoints)} breakpoints in the whole function"
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
            self.reinit_button.setToolTip("Stop training first: the running worker owns the weights")
        else:
            self.reinit_button.setToolTip(REINIT_TIP)

    def set_highlight(self, unit: int) -> None:
        """Emphasise one unit's hinge (-1: none); called when the unit is hovered on the canvas."""
        if unit == self.highlighted:
            return
        self.highlighted = unit
        for index, curve in enumerate(self.hinge_curves):
            curve.setPen(self._pen(index))
            curve.setZValue(3 if index == unit else 1)

    # ---- helpers -------------------------------------------------------------------------------
    def _pen(self, unit: int) -> pg.QtGui.QPen:
        dead = unit < len(self.dead) and bool(self.dead[unit])
        color = DEAD_COLOR if dead else unit_color(unit)
        width = 4 if unit == self.highlighted else 2
        style = pg.QtCore.Qt.DotLine if dead else pg.QtCore.Qt.SolidLine
        return pg.mkPen(color, width=width, style=style)

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
