"""After training: a confusion matrix (classification) or predicted-vs-true scatter (regression).

Clicking a cell of the matrix picks a test sample of that (true, predicted) pair and emits
:attr:`ResultsView.sample_requested` with its test index (the inside views then show it); clicking the
same cell again picks the next one, and a cell that counts nothing says so.
"""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import FOREGROUND, make_plot_widget
from netbuilder.gui.training.view_images import ClickableImage
from netbuilder.training.report import Report

log = logging.getLogger(__name__)

MAX_LABELLED_CELLS = 400  # beyond 20×20 classes the numbers would be unreadable
# White to blue: no matplotlib needed, and a well-predicted diagonal reads at a glance.
BLUES = pg.ColorMap([0.0, 1.0], [(255, 255, 255), (8, 81, 156)])


METRIC_NAMES = {
    "accuracy": QT_TRANSLATE_NOOP("ResultsView", "accuracy"),
    "precision": QT_TRANSLATE_NOOP("ResultsView", "precision"),
    "recall": QT_TRANSLATE_NOOP("ResultsView", "recall"),
    "f1": "F1",
    "rmse": "RMSE",
    "mae": "MAE",
    "r2": "R²",
    "mse": "MSE",
    "loss": QT_TRANSLATE_NOOP("ResultsView", "loss"),
}
SPLIT_NAMES = {
    "test": QT_TRANSLATE_NOOP("ResultsView", "test"),
    "val": QT_TRANSLATE_NOOP("ResultsView", "val"),
    "train": QT_TRANSLATE_NOOP("ResultsView", "train"),
}


class ResultsView(QWidget):
    sample_requested = Signal(int)  # a test-set index, picked by a click on a confusion-matrix cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot_widget(self.tr("Results appear here after training"))
        self.metrics = QLabel("")
        self.metrics.setWordWrap(True)
        self.metrics.setStyleSheet("font-size: 10pt;")
        self.note = QLabel("")  # what a click on a cell picked
        self.note.setWordWrap(True)
        self.image = ClickableImage()
        self.image.clicked.connect(self._on_image_clicked)
        self.picked: tuple[int, int, int] | None = None  # (true, predicted, test index) of the last click
        # A frame around the picked cell, so the matrix says which cell the shown image is of.
        self.marker = pg.PlotCurveItem(pen=pg.mkPen((198, 40, 40), width=2.5))
        self._next_in_cell: dict[tuple[int, int], int] = {}
        self.sample_views = False
        self.scatter = pg.ScatterPlotItem(size=5, brush=pg.mkBrush(31, 119, 180, 140), pen=None)
        self.diagonal = pg.PlotCurveItem(pen=pg.mkPen((120, 120, 120), width=1, style=pg.QtCore.Qt.DashLine))
        self._labels: list[pg.TextItem] = []
        self.report: Report | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.metrics)
        layout.addWidget(self.note)

    def clear(self) -> None:
        item = self.plot.getPlotItem()
        for graphic in (self.image, self.scatter, self.diagonal, self.marker, *self._labels):
            if graphic.scene() is not None:
                item.removeItem(graphic)
        self._labels.clear()
        self.metrics.setText("")
        self.note.setText("")
        self.report = None
        self.picked = None
        self._next_in_cell.clear()

    def set_report(self, report: Report) -> None:
        self.clear()
        self.report = report
        if report.task == "classification" and report.confusion is not None:
            self._show_confusion(report)
            keys = ("accuracy", "precision", "recall", "f1")
        else:
            self._show_scatter(report)
            keys = ("rmse", "mae", "r2", "mse")
        parts = [
            f"<b>{self.tr(METRIC_NAMES.get(k, k))}</b> {report.metrics[k]:.4g}" for k in keys if k in report.metrics
        ]
        split = self.tr(SPLIT_NAMES.get(report.split, report.split))
        self.metrics.setText(self.tr("{split} split: ").format(split=split) + " · ".join(parts))
        self._show_hint()

    def set_sample_views(self, shown: bool) -> None:
        """Whether views that show one test sample (feature maps, saliency) fit the run: a click on a
        cell then picks a sample for them; otherwise it only counts the cell's samples."""
        self.sample_views = shown
        self._show_hint()

    def _show_hint(self) -> None:
        report = self.report
        if report is not None and report.confusion is not None and report.y_true is not None and self.sample_views:
            self.note.setText(self.tr("Click a cell to see one of its test images; click again for the next."))

    def _show_confusion(self, report: Report) -> None:
        assert report.confusion is not None
        cm = report.confusion.astype(np.float64)
        n = cm.shape[0]
        rows = cm.sum(axis=1, keepdims=True)
        share = np.divide(cm, rows, out=np.zeros_like(cm), where=rows > 0)  # recall per true class
        item = self.plot.getPlotItem()
        item.setTitle(self.tr("Confusion matrix (rows: true, columns: predicted)"), color=FOREGROUND, size="9pt")
        self.image.setImage(share[::-1], levels=(0.0, 1.0), autoLevels=False)  # true class 0 on top
        self.image.setColorMap(BLUES)
        self.image.setRect(QRectF(0, 0, n, n))
        item.addItem(self.image)
        if n * n <= MAX_LABELLED_CELLS:
            for i in range(n):
                for j in range(n):
                    color = (255, 255, 255) if share[i, j] > 0.6 else (20, 20, 20)
                    label = pg.TextItem(f"{int(cm[i, j])}", color=color, anchor=(0.5, 0.5))
                    label.setPos(j + 0.5, n - i - 0.5)
                    item.addItem(label)
                    self._labels.append(label)
        names = list(report.class_names or [str(i) for i in range(n)])
        # Columns are as wide as the plot allows (no locked aspect: square cells left "x1·x2 < 0" and
        # "x1·x2 ≥ 0" printed over each other); names longer than a column are shortened to fit.
        item.getAxis("bottom").setTicks([[(j + 0.5, _fit(names[j], self._column_chars(n))) for j in range(n)]])
        item.getAxis("left").setTicks([[(n - i - 0.5, names[i]) for i in range(n)]])
        item.setAspectLocked(False)
        item.showGrid(x=False, y=False)  # grid lines would cut through the cells and their counts
        item.setRange(xRange=(0, n), yRange=(0, n), padding=0.02)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(true, predicted) of the cell under image pixel (x, y); row 0 of the image is the last class."""
        report = self.report
        if report is None or report.confusion is None:
            return None
        n = report.confusion.shape[0]
        col, row = int(np.floor(x)), int(np.floor(y))
        if not (0 <= col < n and 0 <= row < n):
            return None
        return n - 1 - row, col

    def pick_cell(self, true: int, predicted: int) -> int | None:
        """Pick the next test sample of cell (true, predicted) and emit it; None (and a note) when none."""
        report = self.report
        if report is None or report.confusion is None:
            return None
        names = list(report.class_names or [str(i) for i in range(report.confusion.shape[0])])
        if report.y_true is None:
            self.note.setText(self.tr("This run's report keeps no per-sample predictions: train again to pick images."))
            return None
        if report.split != "test":
            self.note.setText(
                self.tr("This matrix counts the {0} split; the image views show test samples.").format(report.split)
            )
            return None
        hits = report.cell_samples(true, predicted)
        if not len(hits):
            self.note.setText(
                self.tr("No test sample of class {0} is predicted as {1}.").format(names[true], names[predicted])
            )
            return None
        if not self.sample_views:
            self.note.setText(
                self.tr("{0} test samples of class {1} are predicted as {2}.").format(
                    len(hits), names[true], names[predicted]
                )
            )
            return None
        turn = self._next_in_cell.get((true, predicted), 0) % len(hits)
        self._next_in_cell[(true, predicted)] = turn + 1
        index = int(hits[turn])
        self.picked = (true, predicted, index)
        n = report.confusion.shape[0]
        x0, y0 = predicted, n - 1 - true
        self.marker.setData([x0, x0 + 1, x0 + 1, x0, x0], [y0, y0, y0 + 1, y0 + 1, y0])
        if self.marker.scene() is None:
            self.plot.getPlotItem().addItem(self.marker)
        self.note.setText(
            self.tr("Test sample {0}: true {1}, predicted {2} ({3} of {4} in this cell).").format(
                index, names[true], names[predicted], turn + 1, len(hits)
            )
        )
        self.sample_requested.emit(index)
        return index

    def _on_image_clicked(self, x: float, y: float) -> None:
        cell = self.cell_at(x, y)
        if cell is not None:
            self.pick_cell(*cell)

    def _column_chars(self, columns: int) -> int:
        """About how many characters of a tick label fit under one column of the matrix."""
        axis = self.plot.getPlotItem().getAxis("bottom")
        width = max(1.0, self.plot.width() - self.plot.getPlotItem().getAxis("left").width() - 20)
        char = max(5.0, float(QFontMetrics(axis.font()).averageCharWidth()))
        return max(2, int(width / columns / char) - 1)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.report is not None and self.report.confusion is not None:  # column widths changed
            n = self.report.confusion.shape[0]
            names = list(self.report.class_names or [str(i) for i in range(n)])
            chars = self._column_chars(n)
            self.plot.getPlotItem().getAxis("bottom").setTicks([[(j + 0.5, _fit(names[j], chars)) for j in range(n)]])

    def _show_scatter(self, report: Report) -> None:
        assert report.y_true is not None and report.y_pred is not None
        truth, guess = report.y_true.reshape(-1), report.y_pred.reshape(-1)
        item = self.plot.getPlotItem()
        item.setTitle(self.tr("Predicted vs true"), color=FOREGROUND, size="9pt")
        item.getAxis("bottom").setTicks(None)
        item.getAxis("left").setTicks(None)
        item.setAspectLocked(False)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setLabel("bottom", self.tr("true"))
        item.setLabel("left", self.tr("predicted"))
        self.scatter.setData(truth, guess)
        low = float(min(truth.min(), guess.min()))
        high = float(max(truth.max(), guess.max()))
        self.diagonal.setData([low, high], [low, high])
        item.addItem(self.diagonal)
        item.addItem(self.scatter)
        item.autoRange()


def _fit(text: str, chars: int) -> str:
    """``text`` shortened with an ellipsis to at most ``chars`` characters."""
    return text if len(text) <= chars else text[: max(1, chars - 1)] + "…"
