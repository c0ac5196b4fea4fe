"""The Learning rate dock: the range test's loss against the learning rate, the suggestion marked.

It draws an :class:`~netbuilder.gui.training.lr_finder.LRFinder` (steps while it runs, the result
after) and emits what the person asks for: start, cancel, use the suggested rate.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from netbuilder.gui.training.lr_finder import LRFinder
from netbuilder.gui.training.plot_style import make_plot_widget


class LRFinderPanel(QWidget):
    find_clicked = Signal()
    cancel_clicked = Signal()
    use_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot_widget(self.tr("Loss against learning rate"))
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate"))
        for axis in ("bottom", "left"):  # "x0.001" or "x1e3" beside the label read as a unit
            self.plot.getPlotItem().getAxis(axis).enableAutoSIPrefix(False)
        self.plot.setLabel("left", self.tr("loss (smoothed)"))
        self.curve = self.plot.plot(pen=pg.mkPen("#1f77b4", width=2))
        self.marker = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen("#d62728", width=2, style=Qt.PenStyle.DashLine)
        )
        self.marker.hide()
        self.plot.addItem(self.marker)
        self.find_button = QPushButton(self.tr("Find learning rate"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.use_button = QPushButton(self.tr("Use this rate"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.status = QLabel(self.tr("Trains a copy of the network briefly while the learning rate grows."))
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.find_button, self.cancel_button, self.use_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.find_button.clicked.connect(self.find_clicked)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.use_button.clicked.connect(self.use_clicked)
        self.suggested: float | None = None  # the marked value (tests read it)
        self.show_finder(None)

    def show_finder(self, finder: LRFinder | None) -> None:
        """Draw ``finder``'s newest state (None: nothing run yet)."""
        active = finder is not None and finder.is_active
        result = finder.result if finder is not None else None
        steps = finder.steps if finder is not None else []
        if result is not None:
            lrs, losses = np.asarray(result.lrs), np.asarray(result.losses)
        else:
            lrs = np.array([s.lr for s in steps])
            losses = np.array([s.smoothed for s in steps])
        self.curve.setData(lrs, losses) if len(lrs) else self.curve.clear()
        finite = losses[np.isfinite(losses)]
        if finite.size:
            # The blow-up at the end reaches 100× the start: clip it, so the descent stays readable.
            low, start = float(finite.min()), float(finite[0])
            self.plot.setYRange(low, max(start * 1.5, low + 1e-6), padding=0.05)
        # A cancelled test may stop before the loss climbs, which the suggestion is read from: none then.
        self.suggested = result.suggested_lr if result is not None and result.reason != "cancelled" else None
        if self.suggested is not None:
            self.marker.setValue(math.log10(self.suggested))  # the axis is log10 of the rate
            self.marker.show()
        else:
            self.marker.hide()
        planned = steps[-1].steps if steps else 100
        self.progress.setRange(0, planned)
        self.progress.setValue(planned if result is not None else (steps[-1].step if steps else 0))
        self.find_button.setEnabled(not active)
        self.cancel_button.setEnabled(active)
        self.use_button.setEnabled(not active and self.suggested is not None)
        self.status.setText(self._status(finder))

    def _status(self, finder: LRFinder | None) -> str:
        if finder is None:
            return self.tr("Trains a copy of the network briefly while the learning rate grows.")
        if finder.failure:
            return self.tr("⚠ {0}").format(finder.failure)
        if finder.is_active:
            step = finder.steps[-1] if finder.steps else None
            if step is None:
                return self.tr("Starting…")
            return self.tr("Step {0}/{1}: learning rate {2:.2g}, loss {3:.3g}").format(
                step.step, step.steps, step.lr, step.smoothed
            )
        result = finder.result
        if result is None:
            return self.tr("Cancelled.")
        ended = {
            "completed": self.tr("completed"),
            "diverged": self.tr("stopped when the loss blew up"),
            "cancelled": self.tr("cancelled"),
        }[result.reason]
        if result.suggested_lr is None:
            return self.tr("The loss never fell ({0}): no suggestion.").format(ended)
        return self.tr("Suggested learning rate: {0:.3g} (a tenth of where the loss starts to climb; {1}).").format(
            result.suggested_lr, ended
        )
