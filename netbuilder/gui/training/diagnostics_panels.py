"""The Gradient flow and Unit health docks: a run's :class:`DiagnosisHistory`, drawn.

Both are views: :meth:`show_history` draws a run's diagnostics from scratch (a few curves per layer,
a heat map of ≤ 400 × 40), which is cheap enough to do for every reading (≤ 5 a second).

- Gradient flow: per layer the gradient norm and the update/weight ratio over training on log
  scales, and the plain-language callout of :func:`~netbuilder.training.probes.diagnose_gradients`.
- Unit health: per activation layer the share of dead ReLUs and of saturated sigmoid/tanh units, the
  linear-region count (2-D ReLU classifiers), and weight or activation histograms over training as
  a heat map (time × bins) of the layer chosen in the combo box.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import make_plot_widget, qcolor, unit_color
from netbuilder.training.runner.diagnosis_history import DiagnosisHistory

CALLOUT_STYLE = "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; padding: 4px;"
HEALTHY_STYLE = "color: #2e6b30; padding: 4px;"
HEAT_LUT = pg.colormap.get("viridis").getLookupTable(nPts=256)


def _positive(values: list[float]) -> np.ndarray:
    """NaN where a log axis cannot show the value (0, negative, missing)."""
    array = np.asarray(values, dtype=np.float64)
    return np.where(array > 0, array, np.nan)


class _LayerCurves:
    """One curve per layer in a plot, created when a layer first appears."""

    def __init__(self, plot: pg.PlotWidget, key: QLabel) -> None:
        self.plot = plot
        # A coloured line of names under the plots, not a pyqtgraph legend: in a short dock the legend
        # sat on the curves it names.
        self.key = key
        self.curves: dict[str, pg.PlotDataItem] = {}

    def show(self, x: np.ndarray, table: dict[str, list[float]], order: list[str], log: bool) -> None:
        nodes = [n for n in order if n in table] + [n for n in table if n not in order]
        for node in list(self.curves):
            if node not in table:
                self.plot.removeItem(self.curves.pop(node))
        names = []
        for index, node in enumerate(nodes):
            color = unit_color(index)
            curve = self.curves.get(node)
            if curve is None:
                curve = self.plot.plot(pen=pg.mkPen(qcolor(color), width=2), connect="finite")
                self.curves[node] = curve
            values = _positive(table[node]) if log else np.asarray(table[node], dtype=np.float64)
            curve.setData(x, values)
            names.append(f'<span style="color: rgb{color}; font-weight: bold;">━ {html.escape(node)}</span>')
        self.key.setText("&nbsp;&nbsp;".join(names))

    def clear(self) -> None:
        self.show(np.zeros(0), {}, [], False)


class GradientFlowPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.norm_plot = make_plot_widget(self.tr("‖gradient‖ per layer"))
        self.ratio_plot = make_plot_widget(self.tr("‖update‖ / ‖weight‖"))
        for plot in (self.norm_plot, self.ratio_plot):  # x: epochs, as the loss plot beside them
            plot.setLogMode(x=False, y=True)
        self.key = QLabel()
        self.key.setWordWrap(True)
        self.norms = _LayerCurves(self.norm_plot, self.key)
        self.ratios = _LayerCurves(self.ratio_plot, self.key)
        self.callout = QLabel()
        self.callout.setWordWrap(True)
        plots = QSplitter()
        self.norm_plot.setMinimumWidth(80)
        self.ratio_plot.setMinimumWidth(80)
        plots.addWidget(self.norm_plot)
        plots.addWidget(self.ratio_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(plots, 1)
        layout.addWidget(self.key)
        layout.addWidget(self.callout)
        self.show_history(None)

    def show_history(self, history: DiagnosisHistory | None) -> None:
        if history is None or not len(history):
            self.norms.clear()
            self.ratios.clear()
            self.callout.setStyleSheet(HEALTHY_STYLE)
            self.callout.setText(self.tr("Train to see how the gradient reaches each layer."))
            return
        x = np.asarray(history.x)
        self.norms.show(x, history.series["grad_norm"], history.order, log=True)
        self.ratios.show(x, history.series["update_ratio"], history.order, log=True)
        found = history.diagnosis()
        if found:
            self.callout.setStyleSheet(CALLOUT_STYLE)
            self.callout.setText("\n".join(f"⚠ {d.message}" for d in found))
        else:
            self.callout.setStyleSheet(HEALTHY_STYLE)
            self.callout.setText(self.tr("✓ The gradient reaches every layer: no layer's norm vanishes or explodes."))


class UnitHealthPanel(QWidget):
    reinit_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share_plot = make_plot_widget(self.tr("dead / saturated"))
        self.share_plot.setYRange(0, 1)
        self.key = QLabel()
        self.shares = _LayerCurves(self.share_plot, self.key)
        self.region_plot = make_plot_widget(self.tr("linear regions"))
        self.region_curve = self.region_plot.plot(pen=pg.mkPen("#6a3d9a", width=2), connect="finite")
        self.heat_plot = make_plot_widget(self.tr("histogram"))
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setLookupTable(HEAT_LUT)
        self.heat_plot.addItem(self.heat)
        self.layer = QComboBox()
        self.layer.setToolTip(self.tr("Whose histogram the heat map shows"))
        self.reinit_button = QPushButton(self.tr("Re-initialise dead units"))
        self.reinit_button.setToolTip(self.tr("Give every dead ReLU unit of every layer a fresh start (one undo step)"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # Equal thirds in a plain layout: a splitter sized them from their hints (the region plot got
        # a sliver) and, told to share equally, cut their right edges off in a narrow dock.
        top = QHBoxLayout()
        for plot in (self.share_plot, self.region_plot, self.heat_plot):
            plot.setMinimumWidth(80)
            top.addWidget(plot, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Heat map:")))
        row.addWidget(self.layer, 1)
        row.addWidget(self.reinit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top, 1)
        layout.addWidget(self.key)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        self.layer.currentIndexChanged.connect(lambda _i: self._draw_heat())
        self.reinit_button.clicked.connect(self.reinit_clicked)
        self._history: DiagnosisHistory | None = None
        self.show_history(None)

    def show_history(self, history: DiagnosisHistory | None) -> None:
        self._history = history
        if history is None or not len(history):
            self.shares.clear()
            self.region_curve.clear()
            self.region_plot.hide()
            self._set_layers([])
            self.heat.clear()
            self.summary.setText(self.tr("Train to see which units are alive, dead or saturated."))
            return
        x = np.asarray(history.x)
        table = {**history.series["dead"], **history.series["saturated"]}
        self.shares.show(x, table, history.order, log=False)
        has_regions = history.region_count is not None
        self.region_plot.setVisible(has_regions)
        if has_regions:
            self.region_curve.setData(x, np.asarray(history.regions, dtype=np.float64))
        layers = [(self.tr("weights of {0}").format(n), f"weights:{n}") for n in history.weight_rows]
        layers += [(self.tr("activations of {0}").format(n), f"activations:{n}") for n in history.act_rows]
        self._set_layers(layers)
        self._draw_heat()
        self.summary.setText(self._summary(history))

    def _set_layers(self, layers: list[tuple[str, str]]) -> None:
        """The heat map's choices: (text, "weights:<node>" or "activations:<node>")."""
        current = [self.layer.itemData(i) for i in range(self.layer.count())]
        if current == [data for _, data in layers]:
            return
        chosen = self.layer.currentData()
        self.layer.blockSignals(True)
        self.layer.clear()
        for text, data in layers:
            self.layer.addItem(text, data)
        index = max(0, self.layer.findData(chosen)) if chosen is not None else 0
        self.layer.setCurrentIndex(index if layers else -1)
        self.layer.blockSignals(False)

    def _draw_heat(self) -> None:
        history, chosen = self._history, self.layer.currentData()
        if history is None or chosen is None:
            self.heat.clear()
            return
        kind, node = str(chosen).split(":", 1)
        rows = history.heat_map(kind, node)
        low, high = (history.weight_range if kind == "weights" else history.act_range).get(node, (0.0, 1.0))
        if rows.size == 0:
            self.heat.clear()
            return
        # Rows are readings in time: the image's columns. A share of √ spreads the few busy bins
        # over the colour scale instead of letting one spike hide the rest.
        image = np.sqrt(np.nan_to_num(rows.T, nan=0.0))
        self.heat.setImage(image, levels=(0.0, float(max(image.max(), 1e-9))), autoLevels=False)
        x0, x1 = history.x[0], history.x[-1]
        self.heat.setRect(QRectF(x0, low, max(x1 - x0, 1e-6), high - low))

    def _summary(self, history: DiagnosisHistory) -> str:
        parts = []
        for node, column in history.series["dead"].items():
            if column and math.isfinite(column[-1]):
                parts.append(self.tr("{0}: {1:.0%} dead").format(node, column[-1]))
        for node, column in history.series["saturated"].items():
            if column and math.isfinite(column[-1]):
                parts.append(self.tr("{0}: {1:.0%} saturated").format(node, column[-1]))
        if history.region_count is not None:
            parts.append(self.tr("{0} linear regions").format(history.region_count))
        return " · ".join(parts)
