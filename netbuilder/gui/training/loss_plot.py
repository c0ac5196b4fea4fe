"""Live loss curves (training per step, training and validation per epoch) and the task's metric."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.curve_buffer import CurveBuffer
from netbuilder.gui.training.plot_style import TRAIN_COLOR, VAL_COLOR, make_plot_widget

log = logging.getLogger(__name__)

# Which validation metric to plot under the loss, by task (first one present wins).
METRIC_PREFERENCE = {"classification": ("accuracy", "acc"), "regression": ("rmse", "mae", "r2")}


def _curve(plot: pg.PlotWidget, color: tuple[int, int, int], name: str, *, symbol: bool = False) -> pg.PlotDataItem:
    # Width-1 pens and clip/downsample keep 100k-point curves cheap (architecture.md).
    item = plot.plot(
        [],
        [],
        pen=pg.mkPen(color, width=1),
        name=name,
        symbol="o" if symbol else None,
        symbolSize=4,
        symbolBrush=color,
        symbolPen=None,
    )
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    return item


class LossPlot(QWidget):
    """Loss on top (x = epochs, fractional for steps), the metric below; a log-scale toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = "classification"
        self.metric_name: str | None = None
        self._steps = CurveBuffer()
        self._train = CurveBuffer(256)
        self._val = CurveBuffer(256)
        self._metric = CurveBuffer(256)

        self.log_check = QCheckBox("Log scale")
        self.log_check.setChecked(True)
        self.log_check.toggled.connect(self._on_log_check_toggled)
        self.summary_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.log_check)
        top.addStretch(1)
        top.addWidget(self.summary_label)

        self.loss_plot = make_plot_widget("Loss")
        self.loss_plot.addLegend(offset=(-10, 10), labelTextColor=(40, 40, 40))
        self.loss_plot.setLabel("bottom", "epoch")
        self.step_curve = _curve(self.loss_plot, (160, 190, 225), "train (step)")
        self.train_curve = _curve(self.loss_plot, TRAIN_COLOR, "train", symbol=True)
        self.val_curve = _curve(self.loss_plot, VAL_COLOR, "validation", symbol=True)
        self.metric_plot = make_plot_widget("Metric")
        self.metric_plot.setLabel("bottom", "epoch")
        self.metric_plot.setXLink(self.loss_plot)
        self.metric_curve = _curve(self.metric_plot, VAL_COLOR, "metric", symbol=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.metric_plot, 2)
        self._apply_log(True)

    # ---- model -> view -------------------------------------------------------------------------
    def reset(self, task: str = "classification") -> None:
        self.task = task
        self.metric_name = None
        for buffer in (self._steps, self._train, self._val, self._metric):
            buffer.clear()
        for curve in (self.step_curve, self.train_curve, self.val_curve, self.metric_curve):
            curve.setData([], [])
        self.metric_plot.getPlotItem().setTitle("Metric", color=(40, 40, 40), size="9pt")
        self.summary_label.setText("")

    def append_steps(self, x: np.ndarray, losses: np.ndarray) -> None:
        """``x`` in epochs (fractional), ``losses`` per step; non-finite losses are dropped (log axes)."""
        keep = np.isfinite(losses) & (losses > 0 if self.log_check.isChecked() else True)
        self._steps.extend(x[keep], losses[keep])
        self.step_curve.setData(self._steps.x, self._steps.y)

    def append_epochs(self, epochs: Sequence[tuple[int, float, float | None, Mapping[str, float]]]) -> None:
        """Each entry: (epoch, train loss, validation loss or None, validation metrics)."""
        for epoch, train_loss, val_loss, metrics in epochs:
            if math.isfinite(train_loss):
                self._train.append(epoch, train_loss)
            if val_loss is not None and math.isfinite(val_loss):
                self._val.append(epoch, val_loss)
            name = self._pick_metric(metrics)
            if name is not None and math.isfinite(metrics[name]):
                self._metric.append(epoch, metrics[name])
        self.train_curve.setData(self._train.x, self._train.y)
        self.val_curve.setData(self._val.x, self._val.y)
        self.metric_curve.setData(self._metric.x, self._metric.y)
        if epochs:
            epoch, train_loss, val_loss, metrics = epochs[-1]
            text = f"epoch {epoch}: train {train_loss:.4g}"
            if val_loss is not None:
                text += f", val {val_loss:.4g}"
            if self.metric_name and self.metric_name in metrics:
                text += f", {self.metric_name} {metrics[self.metric_name]:.4g}"
            self.summary_label.setText(text)

    def point_counts(self) -> dict[str, int]:
        return {
            "steps": len(self._steps),
            "train": len(self._train),
            "val": len(self._val),
            "metric": len(self._metric),
        }

    def _pick_metric(self, metrics: Mapping[str, float]) -> str | None:
        if self.metric_name is None and metrics:
            preferred = METRIC_PREFERENCE.get(self.task, ())
            self.metric_name = next((m for m in preferred if m in metrics), next(iter(metrics)))
            self.metric_plot.getPlotItem().setTitle(f"Validation {self.metric_name}", color=(40, 40, 40), size="9pt")
        return self.metric_name if self.metric_name in metrics else None

    # ---- slots ---------------------------------------------------------------------------------
    def _on_log_check_toggled(self, checked: bool) -> None:
        self._apply_log(checked)

    def _apply_log(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(x=False, y=on)
