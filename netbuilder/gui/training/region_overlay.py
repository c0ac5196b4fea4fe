"""The linear-regions overlay of the decision-boundary view: one colour per ReLU on/off pattern.

A toggle under the plot lays the newest :class:`~netbuilder.training.runner.diagnosis.RegionFrame`
over the class colours: every region a colour of its own (translucent, so the boundary still shows
through), its borders dark, and the count beside the toggle. Inside a region the network is one
affine map, so the count is how many straight pieces it can bend its boundary into.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF
from PySide6.QtWidgets import QCheckBox, QLabel

from netbuilder.gui.training.decision_plot import DecisionPlot
from netbuilder.training.runner.diagnosis import RegionFrame

FILL_ALPHA = 120
BORDER = (20, 20, 20, 230)
_PALETTE_SIZE = 64


def _palette(size: int = _PALETTE_SIZE) -> np.ndarray:
    """Distinct pastel colours: golden-ratio hues, so neighbouring ids never look alike."""
    hues = (np.arange(size) * 0.618034) % 1.0
    colors = [pg.hsvColor(float(h), sat=0.55, val=0.95).getRgb()[:3] for h in hues]
    return np.asarray(colors, dtype=np.uint8)


PALETTE = _palette()


def region_rgba(frame: RegionFrame) -> np.ndarray:
    """(H, W, 4) uint8: the region colours with their borders (rows along x2, as the decision grid)."""
    rgba = np.empty((*frame.ids.shape, 4), dtype=np.uint8)
    rgba[..., :3] = PALETTE[frame.ids % len(PALETTE)]
    rgba[..., 3] = FILL_ALPHA
    rgba[frame.borders] = BORDER
    return rgba


class RegionOverlay(QObject):
    """Adds the toggle, the count and the overlay image to a :class:`DecisionPlot`."""

    def __init__(self, plot: DecisionPlot) -> None:
        super().__init__(plot)
        self.plot = plot
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-5)  # above the class colours (-10), below the data points
        self.image.hide()
        plot.plot.addItem(self.image)
        self.toggle = QCheckBox(self.tr("Linear regions"))
        self.toggle.setToolTip(
            self.tr(
                "Colour the plane by which ReLUs are on: the network is linear in each region"
                " (for ReLU networks; a reopened run shows the count until it trains again)"
            )
        )
        self.count = QLabel()
        plot.controls.addWidget(self.toggle)
        plot.controls.addWidget(self.count)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self._frame: RegionFrame | None = None
        self.set_regions(None)

    def set_regions(self, frame: RegionFrame | None, count: int | None = None) -> None:
        """The newest regions; None: no ReLU regions, no run yet, or a reopened run (``count`` only)."""
        self._frame = frame
        self.toggle.setEnabled(frame is not None)
        if frame is None:
            if count is None:
                self.count.setText("")  # the toggle's tooltip says when regions exist
            else:
                self.count.setText(self.tr("{0} regions").format(count))
            self.image.hide()
            return
        self.count.setText(self.tr("{0} regions").format(frame.count))
        if self.toggle.isChecked():
            self._draw()

    def _draw(self) -> None:
        frame = self._frame
        if frame is None:
            return
        self.image.setImage(region_rgba(frame), levels=(0, 255), autoLevels=False)
        e = frame.extent
        self.image.setRect(QRectF(-e, -e, 2 * e, 2 * e))
        self.image.show()

    def _on_toggle_toggled(self, checked: bool) -> None:
        if checked:
            self._draw()
        else:
            self.image.hide()
