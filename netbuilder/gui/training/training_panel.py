"""The Training dock: every training setting, the run buttons, the progress bar and the run's status.

The panel emits what the person asked for (:attr:`TrainingPanel.settings_edited`, the buttons); the
training docks hand that to the :class:`TrainingController`, which changes ``project.training``
through an undo command. The panel shows a training section with :meth:`TrainingPanel.load` (called
on every section-changed event, so undo and redo update the form too) and a run with
:meth:`TrainingPanel.show_run`.
"""

from __future__ import annotations

import copy
import logging
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
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.core_text import core_message, run_progress_text
from netbuilder.gui.option_names import add_options, current_option, select_option
from netbuilder.gui.status_line import StatusLine
from netbuilder.gui.training.session import RunState
from netbuilder.training.config import INITS, LOSSES, OPTIMIZERS, SCHEDULES, TrainConfig
from netbuilder.training.defaults import effective_training, suggest, unset_keys
from netbuilder.training.errors import ConfigError
from netbuilder.training.runner.run import Run

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
    find_lr_clicked = Signal()
    help_requested = Signal(str)  # "What is this?" about a setting: a guide topic such as "optimizer:adam"

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
        add_options(self.loss, LOSSES)
        self.l1 = _spin(0.0, 1.0, 6)
        self.l2 = _spin(0.0, 1.0, 6)
        self.early_stopping = QCheckBox(self.tr("stop when validation stalls for"))
        self.patience = _spin(1, 10_000)
        self.patience.setSuffix(self.tr(" epochs"))
        self.schedule = QComboBox()
        add_options(self.schedule, SCHEDULES)
        self.init = QComboBox()
        add_options(self.init, INITS)
        self.seed = _spin(0, 2**31 - 1)
        self.device = QComboBox()
        add_options(self.device, available_devices())

        form = QFormLayout()
        form.addRow(self.tr("Optimizer"), self.optimizer)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Loss"), self.loss)
        form.addRow("L1", self.l1)
        form.addRow("L2", self.l2)
        form.addRow(self.tr("Early stopping"), self.early_stopping)
        form.addRow("", self.patience)
        form.addRow(self.tr("LR schedule"), self.schedule)
        form.addRow(self.tr("Initialisation"), self.init)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Device"), self.device)

        self.train_button = QPushButton(self.tr("Train"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.step_button = QPushButton(self.tr("Step"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Forget the trained weights and the run: the next Train starts afresh"))
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
        self.status = StatusLine(self.tr("Ready"))
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-size: 9pt; font-style: italic;")  # the theme's text colour
        self.hint.hide()
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._help_buttons())
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.find_lr_button = QPushButton(self.tr("Find learning rate…"))
        self.find_lr_button.setToolTip(
            self.tr("A short range test on a copy of the network: loss against a growing learning rate")
        )
        self.find_lr_button.clicked.connect(self.find_lr_clicked)
        layout.addWidget(self.find_lr_button)
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

    def _help_buttons(self) -> QGridLayout:
        """A grid of "What is this?" buttons: each opens the guide about a setting's current value."""
        topics: tuple[tuple[str, str, Callable[[], str]], ...] = (
            ("optimizer", self.tr("Optimizer"), lambda: f"optimizer:{self.optimizer.currentText()}"),
            ("lr", self.tr("Learning rate"), lambda: "training:lr"),
            ("loss", self.tr("Loss"), lambda: f"loss:{self.loss.currentText()}"),
            ("l1", self.tr("L1"), lambda: "training:l1"),
            ("l2", self.tr("L2"), lambda: "training:l2"),
            ("early_stopping", self.tr("Early stopping"), lambda: "training:early_stopping"),
        )
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("What is this?")), 0, 0, 1, 3)
        self.help_buttons: dict[str, QToolButton] = {}
        for index, (key, text, topic) in enumerate(topics):
            button = QToolButton()
            button.setText(f"? {text}")
            button.setToolTip(self.tr("Open the guide's page about this setting"))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, t=topic: self.help_requested.emit(t()))
            grid.addWidget(button, 1 + index // 3, index % 3)
            self.help_buttons[key] = button
        return grid

    # ---- model -> view -------------------------------------------------------------------------
    def load(self, training: dict[str, Any], dataset: dict[str, Any] | None = None) -> None:
        """Show a project's training section, unset values as the dataset suggests (invalid: its error)."""
        self._training = copy.deepcopy(training)
        suggestion = suggest(dataset or {})
        unset = unset_keys(training)
        if suggestion is not None and unset:
            self.hint.setText(
                self.tr("Suggested for this data: {why}. A value you set replaces it.").format(
                    why=core_message(suggestion.why)
                )
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        try:
            config = TrainConfig.from_dict(effective_training(training, dataset or {}))
        except ConfigError as error:
            self.show_error(error.message)
            config = TrainConfig()
        self._loading = True
        try:
            self.optimizer.setCurrentText(config.optimizer.type)
            self.lr.setValue(config.optimizer.lr)
            self.batch_size.setValue(config.batch_size)
            self.epochs.setValue(config.epochs)
            select_option(self.loss, config.loss)
            self.l1.setValue(config.l1)
            self.l2.setValue(config.l2)
            self.early_stopping.setChecked(config.early_stopping is not None)
            self.patience.setValue(config.early_stopping.patience if config.early_stopping else 10)
            self.patience.setEnabled(config.early_stopping is not None)
            select_option(self.schedule, config.schedule.type)
            select_option(self.init, config.init.type)
            self.seed.setValue(config.seed or 0)
            select_option(self.device, config.device)
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
        # Here, with the run buttons: disabled later, it took the focus handed on by a disabled Train.
        self.find_lr_button.setEnabled(idle)
        # Everything but the learning rate is fixed while a run is active (the engine reads it once).
        for widget in (self.optimizer, self.batch_size, self.epochs, self.loss, self.l1, self.l2):
            widget.setEnabled(idle)
        for widget in (self.early_stopping, self.schedule, self.init, self.seed, self.device):
            widget.setEnabled(idle)
        self.patience.setEnabled(idle and self.early_stopping.isChecked())
        if state == "stopping":
            self.status.setText(self.tr("Stopping…"))

    def show_run(self, run: Run | None) -> None:
        """The run's progress and outcome (the text a reopened project shows again); None: "Ready"."""
        if run is None:
            self.status.setText(self.tr("Ready"))
            self._set_progress(0)
            self.clear_error()
            return
        self._set_progress(int(1000 * run.progress_fraction()))
        self.status.setText(run_progress_text(run))
        if run.failure is not None:
            self.show_error(core_message(run.failure.message))
        else:
            self.clear_error()

    def _set_progress(self, value: int) -> None:
        if value != self.progress.value():
            # QProgressBar.setValue repaints synchronously (a backing-store flush inside this slot,
            # up to 2-3 ms); with updates off it only schedules the repaint for the next paint pass.
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(value)
            self.progress.setUpdatesEnabled(True)

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

        bind(self.optimizer.currentTextChanged, "optimizer.type", self.optimizer.currentText, self.tr("Set optimizer"))
        bind(self.batch_size.valueChanged, "batch_size", self.batch_size.value, self.tr("Set batch size"))
        bind(self.epochs.valueChanged, "epochs", self.epochs.value, self.tr("Set epochs"))
        bind(self.loss.currentIndexChanged, "loss", lambda: current_option(self.loss), self.tr("Set loss"))
        bind(self.l1.valueChanged, "l1", self.l1.value, self.tr("Set L1"))
        bind(self.l2.valueChanged, "l2", self.l2.value, self.tr("Set L2"))
        bind(
            self.schedule.currentIndexChanged,
            "schedule.type",
            lambda: current_option(self.schedule),
            self.tr("Set LR schedule"),
        )
        bind(
            self.init.currentIndexChanged, "init.type", lambda: current_option(self.init), self.tr("Set initialisation")
        )
        bind(self.seed.valueChanged, "seed", self.seed.value, self.tr("Set seed"))
        bind(self.device.currentIndexChanged, "device", lambda: current_option(self.device), self.tr("Set device"))
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
        self._edit("optimizer.lr", float(value), self.tr("Set learning rate"))
        self.lr_edited.emit(float(value))

    def _on_early_stopping_toggled(self, *_: Any) -> None:
        self.patience.setEnabled(self.early_stopping.isChecked())
        if self._loading:
            return
        value = {"patience": self.patience.value()} if self.early_stopping.isChecked() else None
        self._edit("early_stopping", value, self.tr("Set early stopping"))
