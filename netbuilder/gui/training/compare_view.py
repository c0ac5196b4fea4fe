"""``CompareView``: two or more runs side by side — overlaid curves and a settings table.

Each run gets one colour: its validation loss (solid) and training loss (dashed) overlay on the loss
plot, its metric on the plot below. The key above the plots names each run and what differs from the
first one ("run-0002: lr 0.02 → 0.2"). The table lists every setting and final number, one column per
run, and highlights the rows whose values differ.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import make_plot_widget
from netbuilder.training.runner.colors import CLASS_COLORS
from netbuilder.training.runner.run import Run
from netbuilder.training.runs.compare import Row, comparison_rows, legend_labels

# The class palette (Tableau 10): distinct and readable on the light plot background.
RUN_COLORS = CLASS_COLORS
DIFFERS_BRUSH = QBrush(QColor(255, 236, 160))


def run_color(index: int) -> tuple[int, int, int]:
    return RUN_COLORS[index % len(RUN_COLORS)]


def _own(run: Run, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A run's own curve, without its parents': a run that continued another starts where it forked,
    so the two are told apart instead of one being drawn over the other."""
    curve = getattr(run, name)
    return np.asarray(curve.x, dtype=float), np.asarray(curve.y, dtype=float)


class CompareView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.rows: list[Row] = []
        self.curves: dict[str, list[pg.PlotDataItem]] = {"val": [], "train": [], "metric": []}
        self.key = QLabel(self.tr("Select two or more runs in Runs and press Compare."))
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.loss_plot = make_plot_widget()
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.metric_plot = make_plot_widget()
        self.metric_plot.setLabel("left", self.tr("metric"))
        self.metric_plot.setLabel("bottom", self.tr("epoch"))
        self.metric_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.metric_plot):
            # "accuracy (x0.001)" with ticks at 600..800 is what the SI prefix made of 0.6..0.8.
            plot.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
            plot.getPlotItem().getAxis("left").setWidth(48)
        self.table = QTableWidget()
        self.table.setObjectName("CompareTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumWidth(240)  # two runs side by side stay readable in a narrow dock
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        plots = QWidget()
        plots_layout = QVBoxLayout(plots)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.addWidget(self.key)
        plots_layout.addWidget(self.loss_plot, 3)
        plots_layout.addWidget(self.metric_plot, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(plots)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(splitter)

    def show_runs(
        self, names: list[str], settings: list[dict[str, Any]], finals: list[dict[str, Any]], runs: list[Run]
    ) -> None:
        """Overlay ``runs`` (one per name) and tabulate their ``settings`` and ``finals``."""
        self.labels = legend_labels(names, settings)
        self.rows = comparison_rows(settings, finals)
        for plot in (self.loss_plot, self.metric_plot):
            plot.clear()
        self.curves = {"val": [], "train": [], "metric": []}
        metric_names = {run.metric_name for run in runs if run.metric_name}
        self.metric_plot.setLabel("left", ", ".join(sorted(metric_names)) or self.tr("metric"))
        for index, run in enumerate(runs):
            color = run_color(index)
            for name, plot, style in (
                ("val", self.loss_plot, Qt.PenStyle.SolidLine),
                ("train", self.loss_plot, Qt.PenStyle.DashLine),
                ("metric", self.metric_plot, Qt.PenStyle.SolidLine),
            ):
                x, y = _own(run, name)
                curve = plot.plot(x, y, pen=pg.mkPen(color, width=1.5, style=style), name=self.labels[index])
                self.curves[name].append(curve)
        self.key.setText(
            " &nbsp; ".join(
                f'<span style="color:rgb{run_color(i)}; font-weight:bold">━━</span> {label}'
                for i, label in enumerate(self.labels)
            )
            + " &nbsp; <span style='color:#666'>"
            + self.tr("(solid: validation loss, dashed: training loss)")
            + "</span>"
        )
        self._fill_table(names)

    def _fill_table(self, names: list[str]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(names))
        self.table.setRowCount(len(self.rows))
        self.table.setHorizontalHeaderLabels(names)
        self.table.setVerticalHeaderLabels([row.name for row in self.rows])
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row.values):
                item = QTableWidgetItem(text)
                if row.differs:
                    item.setBackground(DIFFERS_BRUSH)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def highlighted_rows(self) -> list[str]:
        """The names of the table rows shown highlighted (their values differ between runs)."""
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            header = self.table.verticalHeaderItem(r)
            if item is not None and header is not None and item.background() == DIFFERS_BRUSH:
                out.append(header.text())
        return out


__all__ = ["CompareView", "run_color"]
