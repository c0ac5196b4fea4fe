"""The typed events the training generator yields.

A consumer (GUI worker, CLI, test) iterates the generator and dispatches on the event type. Every run
ends with exactly one terminal event: :class:`Finished`, :class:`Stopped` or :class:`Failed`, each
carrying a :class:`TrainResult` with what was trained so far.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from netbuilder.training.report import Report


@dataclass(frozen=True, slots=True)
class StepStats:
    """One optimiser step: ``loss`` is this batch's data loss (penalties excluded)."""

    epoch: int  # 1-based
    step: int  # 1-based step within the epoch
    steps_per_epoch: int
    global_step: int  # 1-based over the whole run
    loss: float
    lr: float
    samples: int  # samples seen so far in the run
    elapsed: float  # seconds of training so far (pauses excluded)


@dataclass(frozen=True)
class EpochStats:
    """End of an epoch: mean training loss, validation loss and metrics (empty without a validation set)."""

    epoch: int
    epochs: int
    train_loss: float
    val_loss: float | None
    val_metrics: dict[str, float]
    lr: float
    elapsed: float
    best: bool  # this epoch has the best validation (or training) loss so far


@dataclass(frozen=True)
class Snapshot:
    """A moment at which the consumer may compute probes (decision grid, hinges...) on ``model``.

    The generator is suspended while the consumer handles this event, so ``model`` (the inference
    module, in eval mode) is consistent: call any function of :mod:`netbuilder.training.probes` on it
    before asking for the next event. Do not keep ``model`` to use later from another thread.
    """

    epoch: int
    global_step: int
    elapsed: float
    model: torch.nn.Module


@dataclass(frozen=True)
class Notice:
    """Something the user should know that does not stop training (e.g. softmax folded into the loss)."""

    message: str
    node_id: str | None = None


@dataclass(frozen=True)
class Paused:
    """Training is paused; repeated about every ``poll`` seconds so a single-threaded driver can act."""

    global_step: int


@dataclass(frozen=True)
class Resumed:
    global_step: int


# A ten-minute run of a small network is 60,000-180,000 epochs: its per-epoch records would grow
# without bound in the training process and in the GUI's run. Past this many, they are thinned.
HISTORY_LIMIT = 10_000


def thin_append(records: list[Any], record: Any, epoch: Callable[[Any], int], limit: int = HISTORY_LIMIT) -> None:
    """Append ``record``, keeping at most ``limit`` records evenly spread over the epochs, and the newest.

    The kept records are ``stride`` epochs apart (the gap between the first two); a record closer than
    that to the one before it is kept only while it is the newest. When ``limit`` is reached every other
    record goes and the stride doubles. Amortised O(1).
    """
    if len(records) >= 2:
        stride = epoch(records[1]) - epoch(records[0])
        if epoch(records[-1]) - epoch(records[-2]) < stride:
            records.pop()  # it was kept only for being the newest
    records.append(record)
    if len(records) >= limit:
        newest = records[-1]
        del records[1::2]
        if records[-1] is not newest:
            records.append(newest)


@dataclass
class TrainResult:
    """What a run produced; the model passed to the trainer holds the final weights."""

    # One dict per finished epoch; a long run keeps at most HISTORY_LIMIT of them (see thin_append).
    history: list[dict[str, Any]] = field(default_factory=list)
    test_metrics: dict[str, float] = field(default_factory=dict)
    train_loss: float | None = None
    val_loss: float | None = None
    test_loss: float | None = None
    epochs: int = 0  # epochs fully completed
    steps: int = 0
    seconds: float = 0.0
    device: str = "cpu"
    best_epoch: int | None = None
    restored_best: bool = False
    best_state: dict[str, torch.Tensor] | None = None  # CPU copy of the best weights
    last_state: dict[str, torch.Tensor] | None = None  # CPU copy of the last weights
    report: Report | None = None  # the final evaluation behind test_metrics, for the Results view

    def summary(self) -> dict[str, Any]:
        """The final metrics as JSON-ready values (the CLI's --json line and metrics.json)."""
        return {
            "train_loss": self.train_loss,
            "val_loss": self.val_loss,
            "test_loss": self.test_loss,
            "test": dict(self.test_metrics),
            "epochs": self.epochs,
            "steps": self.steps,
            "seconds": round(self.seconds, 3),
            "device": self.device,
            "best_epoch": self.best_epoch,
            "restored_best": self.restored_best,
        }


@dataclass(frozen=True)
class Finished:
    """All epochs ran, or early stopping ended the run (``reason`` says which)."""

    result: TrainResult
    reason: str = "completed"  # "completed" | "early_stopping"


@dataclass(frozen=True)
class Stopped:
    """The consumer asked to stop; the step in progress was completed first."""

    result: TrainResult


@dataclass(frozen=True)
class Failed:
    """Training could not continue (non-finite loss or gradients); ``node_id`` is the first bad layer."""

    message: str
    result: TrainResult
    node_id: str | None = None


TrainEvent = StepStats | EpochStats | Snapshot | Notice | Paused | Resumed | Finished | Stopped | Failed
TERMINAL_EVENTS = (Finished, Stopped, Failed)
