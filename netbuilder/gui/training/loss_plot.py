"""Live loss curves (training per step, training and validation per epoch) and the task's metric.

The view draws a :class:`~netbuilder.training.runner.run.Run` and holds none of its data: the run
keeps every curve bounded (at most ``CURVE_POINTS`` points each, whatever its length), and a run that
continued another one is drawn after its parents, its epochs numbered on. Redraw cost is what keeps
the UI smooth while training (architecture.md), so this view:

- re-sends only the run's bounded curves on each flush, never a raw step curve;
- marks the per-epoch points with dots only while there are few, and adds the new dots alone: a
  curve's own symbols re-render every spot on each ``setData`` (3.5 ms per flush for ~100 epochs);
- sets the view ranges itself, snapped outwards to steps, instead of pyqtgraph's auto-range: auto-range
  moved the x range on every flush, which regenerated all four axes (tick text, ~2 ms each) and cost a
  second repaint of both plots. The ranges only grow within a run, so following the data is cheap.
  A manual pan or zoom stops the following; a double-click resumes it.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbuilder.gui.status_line import StatusLine
from netbuilder.gui.training.plot_style import TRAIN_COLOR, VAL_COLOR, make_plot_widget
from netbuilder.training.runner.run import CURVE_POINTS, Run

log = logging.getLogger(__name__)

DISPLAY_POINTS = CURVE_POINTS  # per curve and run
SYMBOL_LIMIT = 150  # per-epoch points get symbols while there are at most this many
X_HEADROOM = 1.2  # when the data passes the x range's end, the new end is a 1-2-5 number past 1.2× it
# Log y ranges snap outwards to half decades. Each range move regenerates the axes (~1.5 ms of Python
# each) and costs a second repaint pass; quarter decades moved the loss axis ~2x a second as a
# 784-512-512-10 MLP learned, which alone pushed the 16 ms timer's p99 past 20 ms.
Y_SNAP_DECADES = 0.5
# Metrics bounded to [0, 1] get that fixed range: the view never moves as accuracy climbs.
UNIT_METRICS = frozenset({"accuracy", "acc", "precision", "recall", "f1"})
SHORT_METRIC_NAMES = {
    "accuracy": QT_TRANSLATE_NOOP("LossPlot", "acc"),
    "precision": QT_TRANSLATE_NOOP("LossPlot", "prec"),
    "rmse": "RMSE",
    "mae": "MAE",
    "r2": "R²",
}
AXIS_WIDTH = 62  # px; fixed so a wider tick label never re-lays out (and re-paints) the whole plot


STEP_COLOR = (160, 190, 225)


def _hex(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def _curve(plot: pg.PlotWidget, color: tuple[int, int, int], name: str) -> pg.PlotDataItem:
    # Width-1 pens keep the curves cheap (architecture.md); the data is already decimated, so neither
    # pyqtgraph's downsampling nor its clipping is needed (each costs an O(n) pass per redraw).
    return plot.plot([], [], pen=pg.mkPen(color, width=1), name=name)


class _Dots:
    """Dots on a per-epoch curve while it has at most ``SYMBOL_LIMIT`` points, appended incrementally."""

    def __init__(self, plot: pg.PlotWidget, color: tuple[int, int, int]) -> None:
        self.item = pg.ScatterPlotItem(size=4, brush=pg.mkBrush(color), pen=None, pxMode=True)
        plot.addItem(self.item)
        self.count = 0  # points of the curve already dotted (or SYMBOL_LIMIT + 1: off until cleared)

    def show(self, x: np.ndarray, y: np.ndarray, *, log_y: bool) -> None:
        """Dots for the whole curve ``x, y``, adding only the points past those already dotted."""
        if self.count > SYMBOL_LIMIT:
            return
        if len(x) < self.count:
            self.clear()
        if len(x) > SYMBOL_LIMIT:
            if self.count:
                self.item.clear()
            self.count = SYMBOL_LIMIT + 1  # stay off until the next clear
            return
        new_x, new_y = x[self.count :], y[self.count :]
        self.count = len(x)
        if log_y:
            keep = new_y > 0
            new_x, new_y = new_x[keep], np.log10(new_y[keep])  # log mode does not reach a bare scatter item
        if len(new_x):
            self.item.addPoints(x=new_x, y=new_y)

    def clear(self) -> None:
        self.item.clear()
        self.count = 0


def _nice_ceil(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k that is >= ``value`` (> 0)."""
    decade = 10.0 ** math.floor(math.log10(value))
    return next(m * decade for m in (1.0, 2.0, 5.0, 10.0) if m * decade >= value * (1 - 1e-12))


def _snap_linear(lo: float, hi: float) -> tuple[float, float]:
    """A range holding [lo, hi] whose ends are multiples of a round step (~1/10 of the span)."""
    span = hi - lo
    if not span > 0:
        span = abs(hi) or 1.0
    step = 10.0 ** math.floor(math.log10(span / 10.0))
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


class _Follower:
    """Keeps one plot's view range around its data, moving it only when the data leaves it."""

    def __init__(self, plot: pg.PlotWidget, *, x: bool) -> None:
        self.view = plot.getPlotItem().getViewBox()
        self.view.disableAutoRange()
        self.follow_x = x  # the metric plot's x follows the loss plot through the x link
        self.following = True
        self.x_end = 0.0
        self.y_range: tuple[float, float] | None = None
        self.view.sigRangeChangedManually.connect(self._on_view_range_changed_manually)
        plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    def reset(self) -> None:
        self.following = True
        self.x_end = 0.0
        self.y_range = None

    def update(
        self, x_max: float | None, y_lo: float | None, y_hi: float | None, *, log_y: bool, x_cap: float | None = None
    ) -> None:
        if not self.following:
            return
        if self.follow_x and x_max is not None and x_max > self.x_end:
            # Round 1-2-5 ends: each move regenerates all four axes (~1.5 ms each in a 6 s spiral run,
            # where x goes from 0 to ~180 epochs); growth by 2-2.5× moves half as often as by 1.25×.
            # Never past the run's planned end: a 100-epoch run's axis ends at 100, not at 200.
            end = _nice_ceil(max(x_max * X_HEADROOM, 1.0))
            self.x_end = max(x_max, min(end, x_cap)) if x_cap else end
            self.view.setXRange(0.0, self.x_end, padding=0.02)
        if y_lo is None or y_hi is None:
            return
        current = self.y_range
        if current is not None and current[0] <= y_lo and y_hi <= current[1]:
            return  # the data still fits: no range change, no axis regeneration, no full repaint
        if current is not None:  # data is only ever added: grow, with a margin so it moves rarely
            margin = 0.1 * (current[1] - current[0])
            y_lo = min(current[0], y_lo - margin if y_lo < current[0] else y_lo)
            y_hi = max(current[1], y_hi + margin if y_hi > current[1] else y_hi)
        if log_y:
            lo = math.floor(y_lo / Y_SNAP_DECADES) * Y_SNAP_DECADES
            hi = math.ceil(y_hi / Y_SNAP_DECADES) * Y_SNAP_DECADES
            if hi <= lo:
                hi = lo + Y_SNAP_DECADES
        else:
            lo, hi = _snap_linear(y_lo, y_hi)
        if (lo, hi) != current:
            self.y_range = (lo, hi)
            self.view.setYRange(lo, hi, padding=0.02)

    def _on_view_range_changed_manually(self, _mask: object) -> None:
        self.following = False

    def _on_scene_mouse_clicked(self, event: object) -> None:
        if getattr(event, "double", lambda: False)():
            self.following = True
            self.x_end = 0.0
            self.y_range = None
            self.resumed()

    def resumed(self) -> None:  # replaced by the owner: recompute the ranges from the data
        pass


class LossPlot(QWidget):
    """Loss on top (x = epochs, fractional for steps), the metric below; a log-scale toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: Run | None = None
        self.metric_name: str | None = None
        self._unit_metric = False  # the metric's range is pinned to [0, 1]
        self._x_max: float | None = None
        self._loss_bounds: tuple[float, float] | None = None
        self._metric_bounds: tuple[float, float] | None = None
        self._x_cap: float | None = None  # the planned end of the run: the x axis never passes it

        self.log_check = QCheckBox(self.tr("Log scale"))
        self.log_check.setChecked(True)
        self.log_check.toggled.connect(self._on_log_check_toggled)
        # Rewritten every epoch: a QLabel there re-laid out the dock and the main window ~5x a second.
        self.summary_label = StatusLine(
            "",
            align=Qt.AlignmentFlag.AlignRight,
            widest=self.tr("train {0} · val {1} · acc {2}").format("0.000", "0.000", "0.000"),
        )
        # The curve key sits in this row rather than in a pyqtgraph legend: inside the plot the legend
        # covered the curves (they start top-left and end top-right as the x range grows), and it was
        # one more item to repaint on every range move. Static rich text: laid out once.
        self.key_label = QLabel(
            "  ".join(
                f'<span style="color:{_hex(color)}; font-weight:bold">━</span> {name}'
                for color, name in (
                    (STEP_COLOR, self.tr("step")),
                    (TRAIN_COLOR, self.tr("train")),
                    (VAL_COLOR, self.tr("val")),
                )
            )
        )
        self.key_label.setStyleSheet("font-size: 9pt;")  # the theme's text colour: readable light or dark
        self.key_label.setToolTip(
            self.tr("step: each batch's training loss\ntrain: the epoch's mean training loss\nval: the validation loss")
        )
        top = QHBoxLayout()
        top.addWidget(self.log_check)
        top.addSpacing(12)
        top.addWidget(self.key_label)
        top.addWidget(self.summary_label, 1)

        # No titles, and x tick labels only under the lower plot (the x axes are linked): in a dock of
        # ~260 px, titles and a second "epoch" axis left the metric plot a 15 px strip whose tick
        # labels overlapped. The y-axis labels name the curves instead.
        self.loss_plot = make_plot_widget()
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.loss_plot.getPlotItem().getAxis("bottom").setStyle(showValues=False)
        self.step_curve = _curve(self.loss_plot, STEP_COLOR, self.tr("train (step)"))
        self.train_curve = _curve(self.loss_plot, TRAIN_COLOR, self.tr("train"))
        self.val_curve = _curve(self.loss_plot, VAL_COLOR, self.tr("validation"))
        self.metric_plot = make_plot_widget()
        self.metric_plot.setLabel("bottom", self.tr("epoch"))
        self.metric_plot.setLabel("left", self.tr("metric"))
        self.metric_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.metric_plot):
            plot.getPlotItem().getAxis("left").setWidth(AXIS_WIDTH)
        self.metric_curve = _curve(self.metric_plot, VAL_COLOR, self.tr("metric"))
        self.train_dots = _Dots(self.loss_plot, TRAIN_COLOR)
        self.val_dots = _Dots(self.loss_plot, VAL_COLOR)
        self.metric_dots = _Dots(self.metric_plot, VAL_COLOR)
        self._loss_follower = _Follower(self.loss_plot, x=True)
        self._metric_follower = _Follower(self.metric_plot, x=False)
        self._loss_follower.resumed = self._update_ranges  # type: ignore[method-assign]
        self._metric_follower.resumed = self._update_ranges  # type: ignore[method-assign]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.loss_plot, 5)
        layout.addWidget(self.metric_plot, 4)  # it also holds the shared x axis
        self._apply_log(True)

    # ---- model -> view -------------------------------------------------------------------------
    def show_run(self, run: Run | None) -> None:
        """Draw ``run`` (after its parents) from scratch; None empties the plot."""
        self.run = run
        self.metric_name = None
        for curve in (self.step_curve, self.train_curve, self.val_curve, self.metric_curve):
            curve.setData([], [])
        for dots in (self.train_dots, self.val_dots, self.metric_dots):
            dots.clear()
        self._x_max = None
        self._loss_bounds = self._metric_bounds = None
        self._x_cap = None
        self._loss_follower.reset()
        self._metric_follower.reset()
        self.metric_plot.setLabel("left", self.tr("metric"))
        self.summary_label.setText("")
        if run is not None:
            self.refresh()

    def refresh(self) -> None:
        """Draw what the run holds now (after a progress batch): its bounded curves, new dots, ranges."""
        run = self.run
        if run is None:
            return
        chain = run.lineage()
        log_y = self.log_check.isChecked()
        steps_x, steps_y = _joined(chain, "steps")
        keep = np.isfinite(steps_y) & (steps_y > 0 if log_y else True)
        self.step_curve.setData(steps_x[keep], steps_y[keep])
        shown = [steps_y[keep]]
        for name, curve, dots in (("train", self.train_curve, self.train_dots), ("val", self.val_curve, self.val_dots)):
            x, y = _joined(chain, name)
            curve.setData(x, y)
            dots.show(x, y, log_y=log_y)
            shown.append(y[y > 0] if log_y else y)
        values = np.concatenate(shown)
        self._loss_bounds = (float(values.min()), float(values.max())) if len(values) else None
        xs = [a for a in (steps_x, *(_joined(chain, n)[0] for n in ("train", "val"))) if len(a)]
        self._x_max = max(float(a.max()) for a in xs) if xs else None
        name = next((r.metric_name for r in reversed(chain) if r.metric_name), None)
        if name != self.metric_name:
            self.metric_name = name
            # Short: the rotated label must fit the metric plot's ~60 px height; the key row says "validation".
            self.metric_plot.setLabel("left", self._metric_label(name) if name else self.tr("metric"))
        mx, my = _joined(chain, "metric")
        self.metric_curve.setData(mx, my)
        self.metric_dots.show(mx, my, log_y=False)
        self._metric_bounds = (float(my.min()), float(my.max())) if len(my) else None
        self._x_cap = run.planned_end if not run.is_over else float(run.last_epoch) or run.planned_end
        self._update_ranges()
        self.summary_label.setText(self._summary(run))

    def _summary(self, run: Run) -> str:
        if not run.epochs:
            return ""
        last = run.epochs[-1]
        # No epoch number: the x axis and the Training panel show it, and the dock is narrow.
        text = self.tr("train {0:.3g}").format(last.train_loss)
        if last.val_loss is not None:
            text += self.tr(" · val {0:.3g}").format(last.val_loss)
        if self.metric_name and self.metric_name in last.metrics:
            name = self._metric_label(self.metric_name)
            text += f" · {name} {last.metrics[self.metric_name]:.3g}"
        return text

    def _metric_label(self, name: str) -> str:
        return self.tr(SHORT_METRIC_NAMES.get(name, name))

    def point_counts(self) -> dict[str, int]:
        """Raw points the shown runs received per curve (each is kept at most ``DISPLAY_POINTS`` long)."""
        chain = self.run.lineage() if self.run is not None else []
        return {name: sum(getattr(r, name).total for r in chain) for name in ("steps", "train", "val", "metric")}

    def _update_ranges(self) -> None:
        log_y = self.log_check.isChecked()
        loss = self._loss_bounds
        if loss is not None and log_y:
            loss = (math.log10(max(loss[0], 1e-300)), math.log10(max(loss[1], 1e-300)))
        x_max = self._x_max
        self._loss_follower.update(x_max, *(loss or (None, None)), log_y=log_y, x_cap=self._x_cap)
        metric = self._metric_bounds
        unit = metric is not None and self.metric_name in UNIT_METRICS and metric[0] >= 0.0 and metric[1] <= 1.0
        if unit != self._unit_metric:  # 0, 0.5, 1: in a short plot the automatic 0.2 steps crowd
            self._unit_metric = unit
            axis = self.metric_plot.getPlotItem().getAxis("left")
            if unit:
                axis.setTickSpacing(0.5, 0.25)
            else:
                axis.setTickSpacing()
        if unit:
            metric = (0.0, 1.0)
        self._metric_follower.update(None, *(metric or (None, None)), log_y=False)
        # pyqtgraph applies a new range to the view transform only when it paints; the transform
        # change then re-dirties the curves and axes mid-paint, so each range move cost two or three
        # full repaint passes of both plots (measured: up to 45 ms in the first second of a spiral
        # run). Applying it here, before the repaint, keeps it to one pass. No-op when unchanged.
        for plot in (self.loss_plot, self.metric_plot):
            plot.getPlotItem().getViewBox().updateMatrix()

    # ---- slots ---------------------------------------------------------------------------------
    def _on_log_check_toggled(self, checked: bool) -> None:
        self._apply_log(checked)

    def _apply_log(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(x=False, y=on)
        self.train_dots.clear()
        self.val_dots.clear()
        self._loss_follower.y_range = None  # the y axis changed units: fit it afresh
        if self.run is not None:
            self.refresh()
        else:
            self._update_ranges()


def _joined(chain: list[Run], name: str) -> tuple[np.ndarray, np.ndarray]:
    """One curve of every run in ``chain`` end to end (copies: pyqtgraph keeps what it is given)."""
    curves = [getattr(run, name) for run in chain]
    if len(curves) == 1:
        return curves[0].x.copy(), curves[0].y.copy()
    return np.concatenate([c.x for c in curves]), np.concatenate([c.y for c in curves])
