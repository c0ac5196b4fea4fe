"""The 2-D decision boundary: a colour field of class probabilities with training and test points on top."""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import class_color, make_plot_widget, probabilities_to_rgb, qcolor

log = logging.getLogger(__name__)


class DecisionPlot(QWidget):
    """Call :meth:`set_points` once per dataset and :meth:`set_probabilities` for every probe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot_widget("Decision boundary")
        self.plot.setAspectLocked(True)
        self.plot.setLabel("bottom", "x1")
        self.plot.setLabel("left", "x2")
        # Row-major: grid[row = y index, col = x index], matching how probes build the mesh.
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=6, pxMode=True)
        # Test points: same class colours but hollow rings with a dark edge, so they read as "held out".
        self.test_points = pg.ScatterPlotItem(size=8, pxMode=True, symbol="o")
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.test_points)
        self.legend = QLabel("● training   ○ test")
        self.legend.setStyleSheet("color: #444; font-size: 9pt;")
        self.updates = 0  # how many probability grids have been drawn (tests and the benchmark read it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self._extent = 1.0

    def clear(self) -> None:
        self.image.clear()
        self.train_points.clear()
        self.test_points.clear()
        self.updates = 0

    def set_points(
        self,
        train_xy: np.ndarray,
        train_labels: np.ndarray,
        test_xy: np.ndarray | None,
        test_labels: np.ndarray | None,
        extent: float,
    ) -> None:
        self._extent = float(extent)
        # One brush/pen object per class, shared by its points: a fresh mkBrush/mkPen per point made
        # the scatter items style (and render a symbol for) every point separately: for the spiral's
        # points 20 → 2 ms alone, and 110 ms was seen in the GUI thread right after Train, under load.
        train_labels = np.asarray(train_labels, dtype=int)
        brushes = {c: pg.mkBrush(qcolor(class_color(c))) for c in np.unique(train_labels).tolist()}
        self.train_points.setData(
            pos=np.asarray(train_xy, dtype=float),
            brush=[brushes[c] for c in train_labels.tolist()],
            pen=pg.mkPen(255, 255, 255, 200, width=1),
        )
        if test_xy is not None and test_labels is not None and len(test_xy):
            test_labels = np.asarray(test_labels, dtype=int)
            classes = np.unique(test_labels).tolist()
            test_brushes = {c: pg.mkBrush(qcolor(class_color(c), 90)) for c in classes}
            test_pens = {c: pg.mkPen(qcolor(class_color(c)).darker(160), width=2) for c in classes}
            self.test_points.setData(
                pos=np.asarray(test_xy, dtype=float),
                brush=[test_brushes[c] for c in test_labels.tolist()],
                pen=[test_pens[c] for c in test_labels.tolist()],
            )
        else:
            self.test_points.clear()
        self.plot.setRange(xRange=(-extent, extent), yRange=(-extent, extent), padding=0.02)

    def set_probabilities(self, probs: np.ndarray, extent: float | None = None) -> None:
        """``probs``: (H, W, C) class probabilities over the square [-extent, extent]², rows along x2."""
        extent = self._extent if extent is None else float(extent)
        rgb = probabilities_to_rgb(np.asarray(probs))
        # Explicit levels: auto-levels would rescale colours between frames and make the field flicker.
        self.image.setImage(rgb, levels=(0, 255), autoLevels=False)
        self.image.setRect(QRectF(-extent, -extent, 2 * extent, 2 * extent))
        self.updates += 1
