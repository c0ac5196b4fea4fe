"""The 2-D decision boundary: a colour field of class probabilities with training and test points on top."""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import class_color, make_plot_widget, probabilities_to_rgb, qcolor

log = logging.getLogger(__name__)


class DecisionPlot(QWidget):
    """Call :meth:`set_points` once per dataset and :meth:`set_probabilities` for every probe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No title: the dock says "Decision boundary", and in a short dock a title left the plane a
        # thumbnail (and was itself clipped to "Decision bou…" by the square's width).
        self.plot = make_plot_widget()
        self.plot.setAspectLocked(True)
        item = self.plot.getPlotItem()
        # No grid: pyqtgraph draws grid lines above the image, and they tiled the colour field white.
        item.showGrid(x=False, y=False)
        # The plane is fixed (set_points frames it): wheel zoom and drags drifted it off the data, and
        # "View All" framed the points rather than the plane.
        item.setMouseEnabled(x=False, y=False)
        item.setMenuEnabled(False)
        self.plot.setLabel("bottom", "x1")
        self.plot.setLabel("left", "x2")
        # Row-major: grid[row = y index, col = x index], matching how probes build the mesh.
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=6, pxMode=True)
        # Test points: same class colours but hollow rings with a dark edge, so they read as "held out".
        self.test_points = pg.ScatterPlotItem(size=8, pxMode=True, symbol="o")
        # The points stay put while the field under them changes at every frame: their pixels are
        # kept and blitted rather than hundreds of symbols drawn again (the decision view's draw per
        # update: 3.3 -> 2.6 ms of GUI-thread CPU). A new view range or new points re-render them.
        for points in (self.train_points, self.test_points):
            points.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.plot.addItem(points)
        self.legend = QLabel(self.tr("● training   ○ test"))
        self.legend.setStyleSheet("font-size: 9pt;")
        self.updates = 0  # how many probability grids have been drawn (tests and the benchmark read it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot, 1, Qt.AlignmentFlag.AlignHCenter)
        # The legend's row also takes the overlay toggles (linear regions), so they cost the plot no height.
        self.controls = QHBoxLayout()
        self.controls.addWidget(self.legend)
        self.controls.addStretch(1)
        layout.addLayout(self.controls)
        self._extent = 1.0
        self._image_extent: float | None = None
        self._frame_plane()
        # The axes' margins are known only once pyqtgraph has laid out the view box: refit then.
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._fit_width)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_width()

    def _fit_width(self) -> None:
        """Keep the view box about square: with the aspect locked, a wide dock otherwise showed
        x = -20..20 with the ±extent data plane as a narrow strip in the middle."""
        item = self.plot.getPlotItem()
        vb = item.getViewBox().geometry()
        # Axes and title take a constant margin around the view box (the left axis' own width plus
        # a few pixels of layout margin); before the first layout, guess.
        # + room for half of the last x tick label ("5"), which pyqtgraph draws past the view box.
        extra_w = item.getAxis("left").width() + 24
        extra_h = self.plot.height() - vb.height() if vb.height() > 0 else 70
        available = self.height() - self.legend.sizeHint().height() - 8
        width = max(120, int(available - extra_h + extra_w))
        if abs(width - self.plot.maximumWidth()) > 2:  # settles in one or two passes; no resize loop
            self.plot.setMaximumWidth(width)

    def _frame_plane(self) -> None:
        e = self._extent
        view = self.plot.getPlotItem().getViewBox()
        view.setRange(xRange=(-e, e), yRange=(-e, e), padding=0.02)
        view.disableAutoRange()

    def clear(self) -> None:
        self.image.clear()
        self._image_extent = None
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
        self._frame_plane()

    def set_probabilities(
        self, probs: np.ndarray | None, extent: float | None = None, rgb: np.ndarray | None = None
    ) -> None:
        """``probs``: (H, W, C) class probabilities over the square [-extent, extent]², rows along x2.

        ``rgb``: the colour field already computed (the worker does it, off the GUI thread; its frames
        then come without ``probs``).
        """
        extent = self._extent if extent is None else float(extent)
        if rgb is None:
            if probs is None:
                raise ValueError("a decision frame needs its probabilities or its colour field")
            rgb = probabilities_to_rgb(np.asarray(probs))
        # Explicit levels: auto-levels would rescale colours between frames and make the field flicker.
        self.image.setImage(rgb, levels=(0, 255), autoLevels=False)
        if extent != self._image_extent:  # setRect re-dirties the view's bounds; skip when unchanged
            self._image_extent = extent
            self.image.setRect(QRectF(-extent, -extent, 2 * extent, 2 * extent))
        self.updates += 1
