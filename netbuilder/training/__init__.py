"""Headless training: config, the event generator, metrics, weights files and probes. No Qt.

Typical use (the CLI, the tests and the GUI worker all do this)::

    setup = prepare(project)                      # dataset + compiled modules (+ Softmax folding)
    control = TrainControl()                      # pause/resume/step/stop/set_lr from any thread
    for event in setup.trainer(control, snapshot_every_seconds=0.2).run():
        ...                                       # StepStats, EpochStats, Snapshot, Notice, Paused,
                                                  # Resumed, then Finished | Stopped | Failed

Probes (``netbuilder.training.probes``) are computed on ``Snapshot.model`` while handling the event.
"""

from netbuilder.training.checkpoint import load_weights, read_weights, save_weights
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.errors import ConfigError, TrainingError, WeightsError
from netbuilder.training.events import (
    EpochStats,
    Failed,
    Finished,
    Notice,
    Paused,
    Resumed,
    Snapshot,
    StepStats,
    Stopped,
    TrainEvent,
    TrainResult,
)
from netbuilder.training.metrics import classification_metrics, confusion_matrix, regression_metrics
from netbuilder.training.session import TrainingSetup, prepare
from netbuilder.training.tensors import TrainData
from netbuilder.training.trainer import Trainer

__all__ = [
    "ConfigError",
    "EpochStats",
    "Failed",
    "Finished",
    "Notice",
    "Paused",
    "Resumed",
    "Snapshot",
    "StepStats",
    "Stopped",
    "TrainConfig",
    "TrainControl",
    "TrainData",
    "TrainEvent",
    "TrainResult",
    "Trainer",
    "TrainingError",
    "TrainingSetup",
    "WeightsError",
    "classification_metrics",
    "confusion_matrix",
    "load_weights",
    "prepare",
    "read_weights",
    "regression_metrics",
    "save_weights",
]
