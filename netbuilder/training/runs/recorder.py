"""Record a run into its folder while it trains: epochs, checkpoints, TensorBoard, final weights.

:meth:`RunRecorder.record` wraps the training generator and passes every event through unchanged. It
runs where the model is (the training process, or the headless CLI) so weights never cross a pipe to
be saved. Each finished epoch appends one line to ``progress.jsonl`` and its TensorBoard scalars
(buffered, and written a few times a second in one batch); the
epochs :mod:`.checkpoints` picks keep their weights (atomically: a killed process leaves every
completed checkpoint readable). At the end come the final weights, the last checkpoint and the step
curve. A write that fails (a full disk) is logged and turns recording off; training carries on.

Epoch numbers are absolute: a run continuing another counts on from ``epoch_offset``, like its curves.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import save as st_save

from netbuilder.core.errors import NetBuilderError
from netbuilder.training import watch_budget
from netbuilder.training.checkpoint import save_weights, state_to_cpu
from netbuilder.training.events import TERMINAL_EVENTS, EpochStats, StepStats, TrainEvent
from netbuilder.training.runner.curves import DecimatedCurve
from netbuilder.training.runner.run import CURVE_POINTS
from netbuilder.training.runs import checkpoints
from netbuilder.training.runs.store import (
    CHECKPOINTS_FOLDER,
    PROGRESS_FILE,
    TENSORBOARD_FOLDER,
    WEIGHTS_FILE,
    checkpoint_name,
    list_checkpoints,
)
from netbuilder.training.runs.tensorboard import TensorBoardLog

log = logging.getLogger(__name__)


def write_renamed(path: Path, state: dict[str, torch.Tensor]) -> None:
    """Weights written under a temporary name and renamed: a reader (or a killed writer) never sees half a file.

    No fsync, unlike project files: it guards against power loss, not against a killed process, and
    its two syncs per file (~3.5 ms each here) were 12% of a spiral run's time. The final weights
    (``save_weights``) are still synced.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(st_save(state_to_cpu(state)))
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


CHECKPOINT_SHARE = watch_budget.CHECKPOINTS  # of training time, for the checkpoints between the first and the last
# ...but a toy run of a fraction of a second still gets its checkpoints: rewinding is what it is for,
# and 30 ms in all goes unnoticed.
CHECKPOINT_FLOOR_SECONDS = 0.03
# Epoch lines and scalars are written at most this often (a tiny model finishes hundreds of epochs a
# second): a killed process loses at most the last fraction of a second of its progress log.
PROGRESS_FLUSH_SECONDS = 0.25
STEP_BUFFER = 4096  # step losses buffered before they join the decimated step curve


class RunRecorder:
    """Writes one run's folder from its training events (see the module docstring)."""

    def __init__(
        self,
        run_dir: str | Path,
        model: torch.nn.Module,
        training: dict[str, Any],
        *,
        epoch_offset: int = 0,
        planned_epochs: int = 1,
        tensorboard: bool = True,
    ) -> None:
        self.run_dir = Path(run_dir)
        self.model = model
        self.training = training
        self.offset = epoch_offset
        self.end_epoch = epoch_offset + max(1, planned_epochs)
        size = sum(t.numel() * t.element_size() for t in model.state_dict().values())
        self.keep = checkpoints.checkpoint_count(size)
        self.steps = DecimatedCurve(CURVE_POINTS)
        self.steps_per_epoch = 1
        self._pending_x: list[float] = []
        self._pending_loss: list[float] = []
        self._epochs: list[tuple[EpochStats, float]] = []  # finished epochs not written yet, with their wall time
        self._last_kept = -1
        self._checkpoint_seconds = 0.0
        self._progress_flushed = 0.0
        self._ok = True
        self.seconds = 0.0  # time spent recording, for the benchmark and the logs
        (self.run_dir / CHECKPOINTS_FOLDER).mkdir(parents=True, exist_ok=True)
        self._progress = (self.run_dir / PROGRESS_FILE).open("a", encoding="utf-8")
        self.tensorboard: TensorBoardLog | None = None
        if tensorboard:
            try:
                self.tensorboard = TensorBoardLog(self.run_dir / TENSORBOARD_FOLDER)
            except OSError as error:
                log.warning("no TensorBoard files for this run: %s", error)

    def record(self, events: Iterator[TrainEvent]) -> Iterator[TrainEvent]:
        """``events``, unchanged, with the run folder written on the way."""
        self._guarded(self._start)
        pending_x, pending_loss = self._pending_x, self._pending_loss
        try:
            for event in events:
                if type(event) is StepStats:  # the hot path: two appends
                    pending_x.append(event.global_step)
                    pending_loss.append(event.loss)
                    self.steps_per_epoch = event.steps_per_epoch
                    if len(pending_x) >= STEP_BUFFER:
                        self._flush_steps()
                elif isinstance(event, EpochStats):
                    self._guarded(self._epoch, event)
                elif isinstance(event, TERMINAL_EVENTS):
                    self._guarded(self._end, event)
                yield event
        finally:
            if not self._progress.closed:  # the stream was abandoned (its reader went): keep what was buffered
                self._guarded(self._abandon)

    # ---- the work --------------------------------------------------------------------------------
    def _guarded(self, action: Any, *args: Any) -> None:
        if not self._ok:
            return
        start = time.perf_counter()
        try:
            action(*args)
        except (OSError, NetBuilderError, ValueError) as error:
            log.warning("run recording stopped (%s): %s", self.run_dir, error)
            self._ok = False
        self.seconds += time.perf_counter() - start

    def _start(self) -> None:
        self._checkpoint(self.offset)  # the starting weights: "Continue from here" can fork from them

    def _epoch(self, event: EpochStats) -> None:
        # A tiny model ends an epoch every few milliseconds: its line and scalars are kept here (with
        # the wall time, so the files read the same) and encoded and written in one batch per
        # PROGRESS_FLUSH_SECONDS. Only what needs this epoch's weights is done now: histograms
        # (after the epochs before them, so the file's order is the epochs' order) and checkpoints.
        self._epochs.append((event, time.time()))
        epoch = self.offset + event.epoch
        now = time.monotonic()
        if self.tensorboard is not None and self.tensorboard.histograms_due(event.elapsed, force=event.epoch == 1):
            self._flush_epochs(now)
            self.tensorboard.rationed_histograms(epoch, self.model)
        elif now - self._progress_flushed >= PROGRESS_FLUSH_SECONDS:  # handed to the OS: a kill keeps them
            self._flush_epochs(now)
        due = checkpoints.is_due(epoch, self._last_kept, self.offset, self.end_epoch, self.keep)
        # Within budget: a big model's checkpoint every short epoch (a 784-512-512-10 MLP: 2.7 MB,
        # ~25 ms on 0.3 s epochs of a small data set) would cost more than the 5% logging may take.
        budget = max(CHECKPOINT_SHARE * event.elapsed, CHECKPOINT_FLOOR_SECONDS)
        if due and self._checkpoint_seconds <= budget:
            start = time.perf_counter()
            self._checkpoint(epoch)
            self._checkpoint_seconds += time.perf_counter() - start

    def _flush_epochs(self, now: float) -> None:
        """The buffered epochs' progress lines and TensorBoard scalars, written, and the lines handed to the OS."""
        lines = []
        for event, wall_time in self._epochs:
            epoch = self.offset + event.epoch
            item: dict[str, Any] = {"epoch": epoch, "train_loss": event.train_loss, "val_loss": event.val_loss}
            item.update({f"val_{k}": v for k, v in event.val_metrics.items()})
            item.update(lr=event.lr, seconds=round(event.elapsed, 4))
            lines.append(json.dumps(item, allow_nan=True) + "\n")
            if self.tensorboard is not None:
                values: dict[str, float | None] = {"loss/train": event.train_loss, "loss/val": event.val_loss}
                values.update({f"metric/{k}": v for k, v in event.val_metrics.items()})
                values["lr"] = event.lr
                self.tensorboard.scalars(epoch, values, wall_time)
        self._epochs.clear()
        self._progress.write("".join(lines))
        self._progress.flush()
        self._progress_flushed = now

    def _end(self, event: Any) -> None:
        self._flush_steps()
        self._flush_epochs(time.monotonic())
        self._progress.close()
        result = event.result
        state = result.last_state if result.last_state is not None else state_to_cpu(self.model)
        last = self.offset + result.epochs
        save_weights(state, self.run_dir / WEIGHTS_FILE)
        if last != self._last_kept and result.epochs > 0:
            final = self.run_dir / CHECKPOINTS_FOLDER / checkpoint_name(last)
            try:
                os.link(self.run_dir / WEIGHTS_FILE, final)  # the same bytes: no second copy on disk
            except OSError:
                write_renamed(final, state)
        self._thin()
        if self.tensorboard is not None:
            self.tensorboard.steps(self.steps.x, self.steps.y, self.steps_per_epoch)
            if result.epochs > 0:
                self.tensorboard.histograms(last, self.model)
            self.tensorboard.hparams(self.training, dict(result.test_metrics), last)
            self.tensorboard.close()

    def _abandon(self) -> None:
        try:
            self._flush_epochs(time.monotonic())
            if self.tensorboard is not None:
                self.tensorboard.close()
        finally:
            self._progress.close()

    def _flush_steps(self) -> None:
        if self._pending_x:
            x = np.asarray(self._pending_x, dtype=np.float64) / max(1, self.steps_per_epoch) + self.offset
            loss = np.asarray(self._pending_loss, dtype=np.float64)
            keep = np.isfinite(loss)
            self.steps.extend(x[keep], loss[keep])
            self._pending_x.clear()
            self._pending_loss.clear()

    def _checkpoint(self, epoch: int) -> None:
        write_renamed(self.run_dir / CHECKPOINTS_FOLDER / checkpoint_name(epoch), self.model.state_dict())
        self._last_kept = epoch

    def _thin(self) -> None:
        for epoch in checkpoints.thin(list_checkpoints(self.run_dir), self.keep):
            (self.run_dir / CHECKPOINTS_FOLDER / checkpoint_name(epoch)).unlink(missing_ok=True)


__all__ = ["RunRecorder"]
