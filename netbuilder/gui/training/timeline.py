"""``TimelineBar``: a slider over the current run's checkpoints, and "Continue from here".

Moving the slider asks for the views to show the weights kept at that epoch (the controller computes
the frame off the GUI thread); the right end is the run's final weights. Requests are debounced while
the slider is dragged: each one costs a model build and a probe in the background, and only the last
position matters.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from netbuilder.training.runs.store import RunEntry

DEBOUNCE_MS = 80


def _metric_name(key: str) -> str:
    # The metrics' names are translated once, with the Results view's.
    return QCoreApplication.translate("ResultsView", key.removeprefix("val_"))


class TimelineBar(QWidget):
    epoch_chosen = Signal(object)  # an epoch with a checkpoint, or None for the final weights
    continue_requested = Signal(int)  # fork a new run from this checkpoint

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epochs: list[int] = []
        self.metrics: dict[int, str] = {}
        self.caption = QLabel(self.tr("Timeline"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("TimelineSlider")
        self.slider.setPageStep(1)
        self.slider.setToolTip(self.tr("Scrub through the checkpoints kept while this run trained"))
        self.label = QLabel()
        self.label.setMinimumWidth(180)
        self.continue_button = QPushButton(self.tr("Continue from here"))
        self.continue_button.setToolTip(
            self.tr("Start a new run from this checkpoint with the current settings (e.g. a lower learning rate)")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.continue_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_choice)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.continue_button.clicked.connect(self._on_continue_button_clicked)
        self.show_entry(None)

    def show_entry(self, entry: RunEntry | None, *, enabled: bool = True) -> None:
        """Show ``entry``'s checkpoints; the slider starts at its end (the final weights)."""
        self.epochs = list(entry.checkpoints) if entry is not None else []
        self.metrics = {}
        if entry is not None:
            for item in entry.epochs:
                shown = [f"{_metric_name(k)} {v:.3f}" for k, v in item.items() if k.startswith("val_") and v]
                loss = self.tr("loss {0:.3f}").format(item.get("train_loss", 0))
                self.metrics[int(item["epoch"])] = shown[0] if shown else loss
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.epochs) - 1))
        self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        usable = enabled and len(self.epochs) > 1
        self.slider.setEnabled(usable)
        self.continue_button.setEnabled(enabled and bool(self.epochs))
        self._update_label()

    def chosen_epoch(self) -> int | None:
        """The epoch under the slider, or None at the right end (the final weights)."""
        if not self.epochs or self.slider.value() >= self.slider.maximum():
            return None
        return self.epochs[self.slider.value()]

    def set_epoch(self, epoch: int) -> None:
        """Move the slider to the checkpoint at ``epoch`` (the nearest one kept)."""
        if self.epochs:
            nearest = min(range(len(self.epochs)), key=lambda i: abs(self.epochs[i] - epoch))
            self.slider.setValue(nearest)

    def _update_label(self) -> None:
        if not self.epochs:
            self.label.setText(self.tr("no checkpoints"))
            return
        epoch = self.epochs[self.slider.value()]
        text = self.tr("epoch {0} of {1}").format(epoch, self.epochs[-1])
        if epoch in self.metrics:
            text += f" · {self.metrics[epoch]}"
        self.label.setText(text)

    def _on_slider_value_changed(self, _value: int) -> None:
        self._update_label()
        self._timer.start()

    def _emit_choice(self) -> None:
        self.epoch_chosen.emit(self.chosen_epoch())

    def _on_continue_button_clicked(self) -> None:
        if self.epochs:
            self.continue_requested.emit(self.epochs[self.slider.value()])


__all__ = ["TimelineBar"]
