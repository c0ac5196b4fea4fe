"""The Training dock: every training setting, the run buttons and the progress bar.

Settings are written to ``project.training`` through :class:`SetSection` undo commands; the panel
re-reads the project whenever the undo stack moves, so undo and redo update the form too.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Callable
from typing import Any

import torch
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.status_line import StatusLine
from netbuilder.gui.training.session import RunState
from netbuilder.training.config import INITS, LOSSES, OPTIMIZERS, SCHEDULES, TrainConfig
from netbuilder.training.errors import ConfigError

log = logging.getLogger(__name__)


def available_devices() -> list[str]:
    devices = ["auto", "cpu"]
    if torch.cuda.is_available():
        devices.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    return devices


def _spin(low: float, high: float, decimals: int = 0) -> QSpinBox | QDoubleSpinBox:
    box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox() if decimals else QSpinBox()
    if isinstance(box, QDoubleSpinBox):
        box.setDecimals(decimals)
        box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    box.setRange(low, high)  # type: ignore[arg-type]
    box.setKeyboardTracking(False)  # commit on Enter / focus out, not on every keystroke
    return box


class TrainingPanel(QWidget):
    """Emits what the person asked for; the dock installer connects it to a :class:`TrainingSession`."""

    settings_edited = Signal(dict, str, str)  # new training section, undo text, merge key
    lr_edited = Signal(float)
    train_clicked = Signal()
    pause_clicked = Signal()
    resume_clicked = Signal()
    step_clicked = Signal()
    stop_clicked = Signal()
    reset_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._training: dict[str, Any] = {}
        self._loading = False
        self.optimizer = QComboBox()
        self.optimizer.addItems(list(OPTIMIZERS))
        self.lr = _spin(1e-6, 10.0, 6)
        self.batch_size = _spin(1, 1_000_000)
        self.epochs = _spin(1, 1_000_000)
        self.loss = QComboBox()
        self.loss.addItems(list(LOSSES))
        self.l1 = _spin(0.0, 1.0, 6)
        self.l2 = _spin(0.0, 1.0, 6)
        self.early_stopping = QCheckBox("stop when validation stalls for")
        self.patience = _spin(1, 10_000)
        self.patience.setSuffix(" epochs")
        self.schedule = QComboBox()
        self.schedule.addItems(list(SCHEDULES))
        self.init = QComboBox()
        self.init.addItems(list(INITS))
        self.seed = _spin(0, 2**31 - 1)
        self.device = QComboBox()
        self.device.addItems(available_devices())

        form = QFormLayout()
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate", self.lr)
        form.addRow("Batch size", self.batch_size)
        form.addRow("Epochs", self.epochs)
        form.addRow("Loss", self.loss)
        form.addRow("L1", self.l1)
        form.addRow("L2", self.l2)
        form.addRow("Early stopping", self.early_stopping)
        form.addRow("", self.patience)
        form.addRow("LR schedule", self.schedule)
        form.addRow("Initialisation", self.init)
        form.addRow("Seed", self.seed)
        form.addRow("Device", self.device)

        self.train_button = QPushButton("Train")
        self.pause_button = QPushButton("Pause")
        self.resume_button = QPushButton("Resume")
        self.step_button = QPushButton("Step")
        self.stop_button = QPushButton("Stop")
        self.reset_button = QPushButton("Reset weights")
        buttons = QGridLayout()
        for index, button in enumerate(
            (
                self.train_button,
                self.pause_button,
                self.resume_button,
                self.step_button,
                self.stop_button,
                self.reset_button,
            )
        ):
            buttons.addWidget(button, index // 3, index % 3)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.status = StatusLine("Ready")
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self._connect_fields()
        self.train_button.clicked.connect(self.train_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.resume_button.clicked.connect(self.resume_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        self.reset_button.clicked.connect(self.reset_clicked)
        self.set_state(RunState.IDLE.value)
        self.load({})

    # ---- model -> view -------------------------------------------------------------------------
    def load(self, training: dict[str, Any]) -> None:
        """Show a project's training section (defaults filled in); invalid sections show their error."""
        self._training = copy.deepcopy(training)
        try:
            config = TrainConfig.from_dict(training)
        except ConfigError as error:
            self.show_error(error.message)
            config = TrainConfig()
        self._loading = True
        try:
            self.optimizer.setCurrentText(config.optimizer.type)
            self.lr.setValue(config.optimizer.lr)
            self.batch_size.setValue(config.batch_size)
            self.epochs.setValue(config.epochs)
            self.loss.setCurrentText(config.loss)
            self.l1.setValue(config.l1)
            self.l2.setValue(config.l2)
            self.early_stopping.setChecked(config.early_stopping is not None)
            self.patience.setValue(config.early_stopping.patience if config.early_stopping else 10)
            self.patience.setEnabled(config.early_stopping is not None)
            self.schedule.setCurrentText(config.schedule.type)
            self.init.setCurrentText(config.init.type)
            self.seed.setValue(config.seed or 0)
            if self.device.findText(config.device) < 0:
                self.device.addItem(config.device)
            self.device.setCurrentText(config.device)
        finally:
            self._loading = False

    def set_state(self, state: str) -> None:
        """Enable the buttons that make sense in ``state`` (a :class:`RunState` value)."""
        idle, running, paused = state == "idle", state == "running", state == "paused"
        self.train_button.setEnabled(idle)
        self.pause_button.setEnabled(running)
        self.resume_button.setEnabled(paused)
        self.step_button.setEnabled(running or paused)
        self.stop_button.setEnabled(running or paused)
        self.reset_button.setEnabled(idle)
        # Everything but the learning rate is fixed while a run is active (the engine reads it once).
        for widget in (self.optimizer, self.batch_size, self.epochs, self.loss, self.l1, self.l2):
            widget.setEnabled(idle)
        for widget in (self.early_stopping, self.patience, self.schedule, self.init, self.seed, self.device):
            widget.setEnabled(idle)
        if state == "stopping":
            self.status.setText("Stopping…")
        elif paused:
            self.status.setText(self.status.text().replace(" (paused)", "") + " (paused)")

    def show_progress(self, stats: Any, epochs: int) -> None:
        """From the newest StepStats: epoch, step, steps/s and time left."""
        total = max(1, epochs * stats.steps_per_epoch)
        done = (stats.epoch - 1) * stats.steps_per_epoch + stats.step
        value = int(1000 * min(1.0, done / total))
        if value != self.progress.value():
            # QProgressBar.setValue repaints synchronously (a backing-store flush inside this slot,
            # up to 2-3 ms); with updates off it only schedules the repaint for the next paint pass.
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(value)
            self.progress.setUpdatesEnabled(True)
        rate = stats.global_step / stats.elapsed if stats.elapsed > 0 else math.nan
        eta = (total - done) / rate if rate and math.isfinite(rate) and rate > 0 else math.nan
        eta_text = f"{eta:.0f} s left" if math.isfinite(eta) else "…"
        rate_text = f"{rate:,.0f} steps/s" if math.isfinite(rate) else "…"
        self.status.setText(
            f"epoch {stats.epoch}/{epochs} · step {stats.step}/{stats.steps_per_epoch} · {rate_text} · {eta_text}"
        )

    def show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")
        self.error.setVisible(bool(message))

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    # ---- view -> model -------------------------------------------------------------------------
    def _connect_fields(self) -> None:
        def bind(signal: Any, key: str, value: Callable[[], Any], text: str) -> None:
            signal.connect(lambda *_: self._edit(key, value(), text))

        bind(self.optimizer.currentTextChanged, "optimizer.type", self.optimizer.currentText, "Set optimizer")
        bind(self.batch_size.valueChanged, "batch_size", self.batch_size.value, "Set batch size")
        bind(self.epochs.valueChanged, "epochs", self.epochs.value, "Set epochs")
        bind(self.loss.currentTextChanged, "loss", self.loss.currentText, "Set loss")
        bind(self.l1.valueChanged, "l1", self.l1.value, "Set L1")
        bind(self.l2.valueChanged, "l2", self.l2.value, "Set L2")
        bind(self.schedule.currentTextChanged, "schedule.type", self.schedule.currentText, "Set LR schedule")
        bind(self.init.currentTextChanged, "init.type", self.init.currentText, "Set initialisation")
        bind(self.seed.valueChanged, "seed", self.seed.value, "Set seed")
        bind(self.device.currentTextChanged, "device", self.device.currentText, "Set device")
        self.lr.valueChanged.connect(self._on_lr_value_changed)
        self.early_stopping.toggled.connect(self._on_early_stopping_toggled)
        self.patience.valueChanged.connect(self._on_early_stopping_toggled)

    def _edit(self, key: str, value: Any, text: str) -> None:
        if self._loading:
            return
        training = copy.deepcopy(self._training)
        section, _, name = key.rpartition(".")
        target = training
        if section:
            current = training.get(section)
            target = {"type": current} if isinstance(current, str) else dict(current or {})
            if section == "optimizer" and name == "type":
                target.pop("lr", None)  # each optimizer has its own sensible default rate
            training[section] = target
        target[name] = value
        try:
            TrainConfig.from_dict(training)
        except ConfigError as error:
            self.show_error(error.message)
            return
        self.clear_error()
        self._training = training
        self.settings_edited.emit(training, text, key)

    def _on_lr_value_changed(self, value: float) -> None:
        if self._loading:
            return
        self._edit("optimizer.lr", float(value), "Set learning rate")
        self.lr_edited.emit(float(value))

    def _on_early_stopping_toggled(self, *_: Any) -> None:
        self.patience.setEnabled(self.early_stopping.isChecked())
        if self._loading:
            return
        value = {"patience": self.patience.value()} if self.early_stopping.isChecked() else None
        self._edit("early_stopping", value, "Set early stopping")
