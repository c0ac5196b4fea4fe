"""The Explained step and Loss landscape docks: what a paused run can show about its next step.

- :class:`ExplainPanel`: "Explain next step" runs one real step of the paused run (in the training
  process, with the run's own optimizer) and shows, for the chosen layer and weight, the forward
  values, the loss, the gradient, the update, and the optimiser's formula with those numbers in.
- :class:`LandscapePanel`: "Loss landscape" computes a 2-D slice of the loss around the weights
  (random filter-normalised directions, or the trajectory's principal directions) with a progress
  bar and Cancel, drawn as a heat map with contour lines and the optimiser's path on it.

Both draw what the run holds (``run.explained``, ``run.landscape``) and emit what the person asks.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.training.plot_style import make_plot_widget
from netbuilder.training.landscape import LandscapeProgress, LossLandscape
from netbuilder.training.runner.messages import Explained, LandscapeFound

LANDSCAPE_LUT = pg.colormap.get("CET-L4").getLookupTable(nPts=256)
CONTOURS = 8


def _values(array: np.ndarray, limit: int = 8) -> str:
    shown = ", ".join(f"{v:.4g}" for v in array.reshape(-1)[:limit])
    return f"[{shown}{', …' if array.size > limit else ''}]"


class ExplainPanel(QWidget):
    explain_clicked = Signal(str)  # node id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = QComboBox()
        self.layer.setToolTip(self.tr("The layer to explain (selecting a layer on the canvas picks it)"))
        self.unit = QSpinBox()
        self.unit.setToolTip(self.tr("Which unit (output row) of the weight matrix"))
        self.input = QSpinBox()
        self.input.setToolTip(self.tr("Which input (column) of that unit"))
        self.explain_button = QPushButton(self.tr("Explain next step"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace", 9))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Layer")))
        row.addWidget(self.layer, 1)
        row.addWidget(QLabel(self.tr("unit")))
        row.addWidget(self.unit)
        row.addWidget(QLabel(self.tr("input")))
        row.addWidget(self.input)
        row.addWidget(self.explain_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.explain_button.clicked.connect(lambda: self.explain_clicked.emit(str(self.layer.currentText())))
        self.unit.valueChanged.connect(lambda _v: self._draw())
        self.input.valueChanged.connect(lambda _v: self._draw())
        self._explained: Explained | None = None
        self.show_explained(None)

    def set_layers(self, layers: list[str]) -> None:
        if [self.layer.itemText(i) for i in range(self.layer.count())] != layers:
            current = self.layer.currentText()
            self.layer.clear()
            self.layer.addItems(layers)
            if current in layers:
                self.layer.setCurrentText(current)

    def choose_layer(self, node_id: str) -> None:
        if self.layer.findText(node_id) >= 0:
            self.layer.setCurrentText(node_id)

    def show_explained(self, explained: Explained | None) -> None:
        self._explained = explained
        step = explained.step if explained is not None else None
        if step is not None:
            weight = step.params.get(f"{step.node_id}.weight") or next(iter(step.params.values()))
            shape = weight.before.shape
            self.unit.setRange(0, max(0, shape[0] - 1))
            self.input.setRange(0, max(0, (shape[1] if len(shape) > 1 else 1) - 1))
        self._draw()

    def lines(self) -> list[str]:
        """The text shown: forward values, loss, gradient, update and the filled formula."""
        explained = self._explained
        if explained is None:
            return [self.tr("Pause training, pick a layer and press Explain next step.")]
        if explained.step is None:
            return [self.tr("⚠ {0}").format(explained.error)]
        step = explained.step
        name = f"{step.node_id}.weight" if f"{step.node_id}.weight" in step.params else next(iter(step.params))
        param = step.params[name]
        index = (self.unit.value(), self.input.value())[: param.before.ndim]
        unit = index[0]
        out = step.outputs[0] if step.outputs.ndim > 1 else step.outputs
        lines = [
            self.tr("One real step of the run on a batch of {0} samples ({1}).").format(len(step.inputs), step.kind),
            self.tr("forward, first sample: {0} receives {1}").format(step.node_id, _values(step.inputs[0])),
            self.tr("                       unit {0} gives {1:.4g}").format(unit, float(out.reshape(-1)[unit])),
            self.tr("loss on the batch: {0:.6g}").format(step.loss),
            self.tr(
                "weight {0}{1}: before {2:.6g}, gradient ∂L/∂w = {3:.6g}, update Δw = {4:.6g}, after {5:.6g}"
            ).format(
                name,
                list(index),
                float(param.before[index]),
                float(param.grad[index]),
                float(param.update[index]),
                float(param.after[index]),
            ),
            self.tr("the optimiser's rule with this step's numbers:"),
            *("  " + line for line in step.filled(name, index)),
            "",
            self.tr("the rule:"),
            *("  " + line for line in step.formula),
        ]
        return lines

    def _draw(self) -> None:
        self.text.setPlainText("\n".join(self.lines()))


class LandscapePanel(QWidget):
    landscape_clicked = Signal(str)  # "random" | "pca"
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directions = QComboBox()
        self.directions.addItem(self.tr("random directions (filter-normalised)"), "random")
        self.directions.addItem(self.tr("principal directions of the path"), "pca")
        self.landscape_button = QPushButton(self.tr("Loss landscape"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.plot = make_plot_widget(self.tr("Loss around the current weights"))
        self.plot.setAspectLocked(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(LANDSCAPE_LUT)
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.contours: list[pg.IsocurveItem] = []
        self.path = self.plot.plot(pen=pg.mkPen("#ffffff", width=2), symbol="o", symbolSize=4, symbolBrush="#ffffff")
        self.centre = pg.ScatterPlotItem(size=10, symbol="+", pen=pg.mkPen("#d62728", width=2))
        self.plot.addItem(self.centre)
        row = QHBoxLayout()
        row.addWidget(self.directions, 1)
        row.addWidget(self.landscape_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self.landscape_button.clicked.connect(lambda: self.landscape_clicked.emit(str(self.directions.currentData())))
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.shown: LossLandscape | None = None
        self.show_landscape(None)

    def show_landscape(self, found: LandscapeFound | None) -> None:
        event = found.event if found is not None else None
        computing = isinstance(event, LandscapeProgress)
        self.cancel_button.setEnabled(computing)
        if isinstance(event, LandscapeProgress):
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
            self.status.setText(self.tr("Computing row {0} of {1}…").format(event.done, event.total))
            return
        if isinstance(event, LossLandscape):
            self.progress.setRange(0, 1)
            self.progress.setValue(1 if event.complete else 0)
            self._draw(event)
            return
        self.progress.setValue(0)
        if event is None:
            self.status.setText(self.tr("Pause training, then press Loss landscape."))
        else:
            self.status.setText(self.tr("⚠ {0}").format(event.message))

    def _draw(self, landscape: LossLandscape) -> None:
        self.shown = landscape
        losses = np.log10(np.clip(np.nan_to_num(landscape.losses, nan=np.nanmax(landscape.losses)), 1e-12, None))
        self.image.setImage(losses, autoLevels=True)
        a, b = landscape.alphas, landscape.betas
        self.image.setRect(QRectF(a[0], b[0], a[-1] - a[0], b[-1] - b[0]))
        for item in self.contours:
            self.plot.removeItem(item)
        self.contours = []
        for level in np.linspace(losses.min(), losses.max(), CONTOURS + 2)[1:-1]:
            curve = pg.IsocurveItem(data=losses.T, level=float(level), pen=pg.mkPen(255, 255, 255, 140))
            curve.setParentItem(self.image)  # in the image's pixel coordinates, scaled with it
            self.contours.append(curve)
        path = landscape.trajectory
        self.path.setData(path[:, 0], path[:, 1]) if len(path) else self.path.clear()
        self.centre.setData([0.0], [0.0])
        kind = self.tr("principal directions") if landscape.directions == "pca" else self.tr("random directions")
        text = self.tr("Centre (the current weights): loss {0:.6g} · {1} · colour: log10 of the loss").format(
            landscape.center_loss, kind
        )
        if not landscape.complete:
            text += self.tr(" · cancelled: rows not computed are blank")
        self.status.setText(text)
