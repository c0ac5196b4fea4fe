"""Views of recurrent and attention networks for a chosen test sequence: the hidden state over time, the
LSTM/GRU gates over time, the prediction against the target, and each attention head's weights
(queries × keys). They draw a :class:`~netbuilder.training.runner.inside.SequenceFrame` made in the
training process.
"""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from netbuilder.gui.training.plot_style import FOREGROUND, TRAIN_COLOR, VAL_COLOR, qcolor
from netbuilder.gui.training.view_images import PanelView, SamplePicker, diverging, set_choices
from netbuilder.training.runner.inside import SequenceFrame

log = logging.getLogger(__name__)


def _labels(frame: SequenceFrame) -> list[str]:
    if frame.task == "classification":
        classes = np.asarray(frame.targets).reshape(len(frame.samples), -1)[:, 0]
        return [QCoreApplication.translate("SequenceViews", "class {0}").format(int(y)) for y in classes]
    target = QCoreApplication.translate("SequenceViews", "target {0:.2f}")
    return [target.format(float(np.asarray(y).reshape(-1)[0])) for y in frame.targets]


def _heat_item(plot: pg.PlotItem) -> pg.ImageItem:
    """A heat map item in ``plot`` whose x is time (column) and y is unit/query (row, 0 at the top)."""
    item = pg.ImageItem(axisOrder="row-major")
    plot.addItem(item)
    plot.invertY(True)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    return item


class _SequenceView(PanelView):
    """A view of sequence frames: a sample picker and, when there are several, a layer chooser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.picker = SamplePicker()
        self.layer = QComboBox()
        super().__init__([self.picker, self.layer], parent, minimum_height=260)
        self.layer.setToolTip(self.tr("The layer shown"))
        self.frame: SequenceFrame | None = None
        self.picker.picked.connect(lambda _i: self.redraw())
        self.layer.currentIndexChanged.connect(lambda _i: self.redraw())

    @property
    def position(self) -> int:
        return max(0, self.picker.currentIndex())

    def layers(self, frame: SequenceFrame) -> list[str]:
        raise NotImplementedError

    def show_frame(self, frame: SequenceFrame) -> None:
        self.frame = frame
        self.picker.set_samples(frame.samples, _labels(frame))
        names = self.layers(frame)
        set_choices(self.layer, names)
        self.layer.setVisible(len(names) > 1)
        self.redraw()

    def clear(self) -> None:
        self.frame = None
        self.caption.clear()

    def redraw(self) -> None:
        frame = self.frame
        if frame is None or not len(frame.samples) or self.layer.currentText() not in self.layers(frame):
            return
        self.draw(frame, min(self.position, len(frame.samples) - 1), self.layer.currentText())
        self.updates += 1

    def draw(self, frame: SequenceFrame, k: int, layer: str) -> None:
        raise NotImplementedError


class HiddenStatesView(_SequenceView):
    """h_t of every unit over time (heat map), the gates over time, and input, target and prediction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ci = self.graphics.ci
        # A legend inside the plot covered the sequence's last steps and the markers: the title says it.
        title = self.tr("input (line) · next value: target ● and prediction ✕")
        self.series = ci.addPlot(row=0, col=0, colspan=4, title=title)
        self.series.hideButtons()
        self.input_curve = self.series.plot([], pen=pg.mkPen(FOREGROUND, width=1), name=self.tr("input"))
        self.target_mark = self.series.plot(
            [], pen=None, symbol="o", symbolBrush=qcolor(VAL_COLOR), name=self.tr("target")
        )
        self.pred_mark = self.series.plot([], pen=None, symbol="x", symbolPen=pg.mkPen(qcolor(TRAIN_COLOR), width=2),
                                          symbolSize=12, name=self.tr("prediction"))  # fmt: skip
        self.hidden_plot = ci.addPlot(row=1, col=0, title=self.tr("hidden state h (unit × time)"))
        self.hidden = _heat_item(self.hidden_plot)
        self.gate_plots: list[pg.PlotItem] = []
        self.gate_items: list[pg.ImageItem] = []
        self._gate_names: tuple[str, ...] = ()

    def layers(self, frame: SequenceFrame) -> list[str]:
        return list(frame.traces)

    def _ensure_gates(self, names: tuple[str, ...]) -> None:
        if names == self._gate_names:
            return
        for plot in self.gate_plots:
            self.graphics.ci.removeItem(plot)
        self.gate_plots, self.gate_items = [], []
        for i, name in enumerate(names):
            plot = self.graphics.ci.addPlot(row=1, col=1 + i, title=self.tr("{0} gate").format(name))
            self.gate_plots.append(plot)
            self.gate_items.append(_heat_item(plot))
        self._gate_names = names

    def draw(self, frame: SequenceFrame, k: int, layer: str) -> None:
        trace = frame.traces[layer]
        hidden = trace.hidden[k].T  # (units, time)
        self.hidden.setImage(diverging(hidden, 1.0), autoLevels=False, levels=(0, 255))
        self._ensure_gates(tuple(trace.gates))
        for item, name in zip(self.gate_items, self._gate_names, strict=True):
            item.setImage(diverging(trace.gates[name][k].T, 1.0), autoLevels=False, levels=(0, 255))
        x = frame.inputs[k]
        steps = np.arange(x.shape[0])
        self.input_curve.setData(steps, x[:, 0])
        out = np.asarray(frame.output[k]).reshape(-1)
        if frame.task == "regression":
            target = np.asarray(frame.targets[k]).reshape(-1)
            self.target_mark.setData([len(steps)], [float(target[0])])
            self.pred_mark.setData([len(steps)], [float(out[0])])
            self.caption.setText(
                self.tr("next value: predicted <b>{0:+.3f}</b>, target {1:+.3f}").format(
                    float(out[0]), float(target[0])
                )
            )
        else:
            self.target_mark.setData([], [])
            self.pred_mark.setData([], [])
            probs = np.exp(out - out.max())
            probs /= probs.sum()
            label = int(np.asarray(frame.targets[k]).reshape(-1)[0])
            self.caption.setText(
                self.tr("predicted class <b>{0}</b> ({1:.0%}), true class {2}").format(
                    int(probs.argmax()), float(probs.max()), label
                )
            )


class AttentionView(_SequenceView):
    """Each head's attention weights for the chosen sequence: row = query step, column = key step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.head_plots: list[pg.PlotItem] = []
        self.head_items: list[pg.ImageItem] = []

    def layers(self, frame: SequenceFrame) -> list[str]:
        return list(frame.attention)

    def _ensure_heads(self, heads: int) -> None:
        if heads == len(self.head_items):
            return
        self.graphics.ci.clear()
        self.head_plots, self.head_items = [], []
        columns = min(heads, 4)
        for h in range(heads):
            plot = self.graphics.ci.addPlot(row=h // columns, col=h % columns, title=self.tr("head {0}").format(h + 1))
            plot.setLabel("left", self.tr("query"))
            plot.setLabel("bottom", self.tr("key"))
            self.head_plots.append(plot)
            self.head_items.append(_heat_item(plot))

    def draw(self, frame: SequenceFrame, k: int, layer: str) -> None:
        weights = frame.attention[layer][k]  # (heads, T, T)
        self._ensure_heads(weights.shape[0])
        for item, w in zip(self.head_items, weights, strict=True):
            item.setImage(diverging(w, float(w.max()) or 1.0), autoLevels=False, levels=(0, 255))
            item.setToolTip(self.tr("largest weight {0:.3f}").format(float(w.max())))
        self.caption.setText(
            self.tr("{0}: {1} heads over {2} steps; each row sums to 1").format(
                layer, weights.shape[0], weights.shape[1]
            )
        )
