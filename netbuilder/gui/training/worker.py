"""The training thread: iterates the training generator and forwards its events in batches.

Per-step Qt signals cut training from ~3000 to ~350 steps/s (architecture.md), so steps are buffered and
flushed at most ``curve_hz`` times a second, and probes (decision grid, hinges, activation maps) are
computed here, in the worker, at most ``probe_hz`` times a second while the generator is suspended on a
``Snapshot`` (so the model is consistent). The GUI thread only draws.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from netbuilder.core.errors import NetBuilderError

log = logging.getLogger(__name__)

CURVE_HZ = 10.0
PROBE_HZ = 5.0


@dataclass
class ProgressBatch:
    """Everything that happened since the last flush; x values are in (fractional) epochs."""

    step_x: np.ndarray
    step_loss: np.ndarray
    epochs: list[tuple[int, float, float | None, dict[str, float]]] = field(default_factory=list)
    last_step: Any = None  # the newest StepStats, for the progress bar
    notices: list[tuple[str, str | None]] = field(default_factory=list)
    paused: bool | None = None  # True/False when the pause state changed in this batch


@dataclass(frozen=True)
class RunFailure:
    """The run could not start or crashed outside the generator's own checks (shape error, OOM...)."""

    message: str
    node_id: str | None = None


# The generator factory runs in the worker thread: compiling, building the dataset and the optimiser
# all happen there, so the click on Train returns at once. It returns the events and the model to probe.
EventSource = Callable[[], tuple[Iterator[Any], Any]]
Probe = Callable[[Any], Any]


def describe_exception(error: BaseException) -> RunFailure:
    """A message a person can act on, and the node it concerns when known."""
    if isinstance(error, NetBuilderError):
        return RunFailure(error.message, getattr(error, "node_id", None))
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if isinstance(error, MemoryError) or "out of memory" in text.lower():
        return RunFailure(f"out of memory: {text} (try a smaller batch size or a smaller network)")
    if isinstance(error, RuntimeError) and ("shape" in text or "size" in text):
        return RunFailure(f"shape error while training: {text}")
    return RunFailure(f"training failed: {type(error).__name__}: {text}")


class TrainingThread(QThread):
    """One run. Signals are emitted from the worker thread and delivered queued to GUI receivers."""

    progressed = Signal(object)  # ProgressBatch
    probed = Signal(object)  # whatever ``probe`` returned
    run_ended = Signal(object)  # the terminal event (Finished/Stopped/Failed) or a RunFailure

    def __init__(
        self,
        source: EventSource,
        probe: Probe | None = None,
        *,
        curve_hz: float = CURVE_HZ,
        probe_hz: float = PROBE_HZ,
        terminal_types: tuple[type, ...] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingThread")
        self._source = source
        self._probe = probe
        self._curve_period = 1.0 / curve_hz
        self._probe_period = 1.0 / probe_hz
        self._terminal_types = terminal_types
        self.flushes = 0
        self.probes = 0
        self.steps = 0

    def run(self) -> None:
        from netbuilder.training.events import (
            TERMINAL_EVENTS,
            EpochStats,
            Notice,
            Paused,
            Resumed,
            Snapshot,
            StepStats,
        )

        terminal = self._terminal_types or TERMINAL_EVENTS
        xs: list[float] = []
        losses: list[float] = []
        batch = ProgressBatch(np.empty(0), np.empty(0))
        last_flush = -1.0  # flush the very first step at once: time-to-first-point matters
        last_probe = -1.0
        probe_model: Any = None
        probe_stale = False
        paused = False

        def flush() -> None:
            nonlocal batch, last_flush
            batch.step_x = np.asarray(xs, dtype=np.float64)
            batch.step_loss = np.asarray(losses, dtype=np.float64)
            xs.clear()
            losses.clear()
            self.progressed.emit(batch)
            self.flushes += 1
            batch = ProgressBatch(np.empty(0), np.empty(0))
            last_flush = time.perf_counter()

        def probe(model: Any) -> None:
            nonlocal last_probe, probe_stale
            if self._probe is None or model is None:
                return
            try:
                self.probed.emit(self._probe(model))
                self.probes += 1
            except Exception:  # a probe bug must not kill training: log it and carry on without views
                log.exception("probe failed")
                self._probe = None
            last_probe = time.perf_counter()
            probe_stale = False

        try:
            events, model = self._source()
            probe_model = model
            for event in events:
                if isinstance(event, StepStats):
                    self.steps += 1
                    xs.append(event.epoch - 1 + event.step / event.steps_per_epoch)
                    losses.append(event.loss)
                    batch.last_step = event
                    probe_stale = True
                    if time.perf_counter() - last_flush >= self._curve_period:
                        flush()
                elif isinstance(event, Snapshot):
                    probe_model = event.model
                    if time.perf_counter() - last_probe >= self._probe_period:
                        probe(event.model)
                elif isinstance(event, EpochStats):
                    batch.epochs.append((event.epoch, event.train_loss, event.val_loss, dict(event.val_metrics)))
                elif isinstance(event, Paused):
                    if not paused:
                        paused = True
                        batch.paused = True
                        flush()
                    if probe_stale:  # a single step while paused: show its effect
                        probe(probe_model)
                        flush()
                elif isinstance(event, Resumed):
                    paused = False
                    batch.paused = False
                elif isinstance(event, Notice):
                    batch.notices.append((event.message, event.node_id))
                elif isinstance(event, terminal):
                    flush()
                    probe(probe_model)  # the generator is done: the model holds the final weights
                    self.run_ended.emit(event)
                    return
            flush()
            self.run_ended.emit(RunFailure("training ended without a result"))
        except Exception as error:  # shape errors, OOM, bad data: report, never crash the app
            log.exception("training run crashed")
            self.run_ended.emit(describe_exception(error))
