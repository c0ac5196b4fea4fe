"""Turn the training generator's stream of events into a few batches a second, and probe the model.

Per-step Qt signals cut training from ~3000 to ~350 steps/s (architecture.md), so steps are buffered and
flushed at most ``curve_hz`` times a second, and probes (decision grid, hinges, activation maps) are
computed while the generator is suspended on a ``Snapshot`` (so the model is consistent), as often as
``probe_hz`` allows but never taking more than ``probe_share`` of the run's time: the gap after a probe
is its measured cost (computing the frame and handing it to ``on_probe``) divided by that share. A
cheap probe on a quiet machine animates at 20 Hz; the same probe slowed 10× by a competing process
drops to ~2 Hz instead of slowing training. This runs in the training process, next to the
generator; the GUI only draws.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netbuilder.core.errors import NetBuilderError
from netbuilder.training import watch_budget
from netbuilder.training.events import (
    TERMINAL_EVENTS,
    EpochStats,
    Notice,
    Paused,
    Resumed,
    Snapshot,
    StepStats,
)

log = logging.getLogger(__name__)

# Curves at 5 Hz, not 10: each flush costs the GUI a repaint of the loss dock, and 5 Hz already looks
# continuous. The first point is still sent at once.
CURVE_HZ = 5.0
PROBE_HZ = 20.0  # the most a live view needs to look animated
# Of the run's time, at most: the views' part of what watching may cost (see watch_budget).
PROBE_SHARE = watch_budget.PROBES


@dataclass
class ProgressBatch:
    """Everything that happened since the last flush; x values are in (fractional) epochs."""

    step_x: np.ndarray
    step_loss: np.ndarray
    epochs: list[tuple[int, float, float | None, dict[str, float]]] = field(default_factory=list)
    last_step: Any = None  # the newest StepStats, for the progress bar
    notices: list[tuple[str, str | None]] = field(default_factory=list)
    paused: bool | None = None  # True/False when the pause state changed in this batch


class ReceiverGone(Exception):
    """Raised by a callback whose receiver is gone (the driver closed its pipe): stop, report nothing."""


@dataclass(frozen=True)
class RunFailure:
    """The run could not start or crashed outside the generator's own checks (shape error, OOM...)."""

    message: str
    node_id: str | None = None


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


Probe = Callable[[Any], Any]


class EventBatcher:
    """Drive one run's events, calling ``on_progress(batch)``, ``on_probe(frame)`` and ``on_end(event)``.

    ``run`` returns the terminal event (or a :class:`RunFailure`) after ``on_end`` was called with it;
    it never raises for the run's own errors.
    """

    def __init__(
        self,
        on_progress: Callable[[ProgressBatch], None],
        on_probe: Callable[[Any], None],
        on_end: Callable[[Any], None],
        probe: Probe | None = None,
        *,
        curve_hz: float = CURVE_HZ,
        probe_hz: float = PROBE_HZ,
        probe_share: float = PROBE_SHARE,
    ) -> None:
        self._on_progress = on_progress
        self._on_probe = on_probe
        self._on_end = on_end
        self._probe = probe
        self._curve_period = 1.0 / curve_hz
        self._probe_period = 1.0 / probe_hz
        self._probe_share = probe_share
        self.probe_seconds = 0.0  # time spent computing probes, in all (benchmarks read it; sending is not in it)
        self.flushes = 0
        self.probes = 0
        self.steps = 0

    def run(self, events: Iterable[Any], model: Any = None) -> Any:
        # The per-step path is one append and one float comparison, as cheap as a headless loop: the
        # clock is the step's own ``elapsed`` (the engine reads it anyway), and x/loss arrays are
        # built once per flush from the buffered events rather than per step.
        pending: list[Any] = []
        batch = ProgressBatch(np.empty(0), np.empty(0))
        last_flush = -math.inf  # flush the very first step at once: time-to-first-point matters
        # Engine time from which the next probe may run. Snapshots come on a grid (every 25 ms): a
        # probe due at 88 ms waits for the one at 100 ms. The next one is then due 88 ms after the
        # *due* time, not after the late probe, so the rate is what the budget allows (11.4 a
        # second, not 10); a probe later than a whole gap (a pause, a slow epoch) starts afresh.
        probe_due = -math.inf
        now = 0.0  # engine time (pauses excluded) of the newest step or snapshot
        probe_model: Any = model
        probed_step = -1  # global step of the last probe
        newest_step = 0
        paused = False

        def flush() -> None:
            nonlocal batch, last_flush
            if pending:
                count = len(pending)
                per_epoch = pending[0].steps_per_epoch
                steps = np.fromiter((e.global_step for e in pending), dtype=np.float64, count=count)
                batch.step_x = steps / per_epoch  # = epoch - 1 + step / steps_per_epoch
                batch.step_loss = np.fromiter((e.loss for e in pending), dtype=np.float64, count=count)
                batch.last_step = pending[-1]
                self.steps += count
                pending.clear()
            self._on_progress(batch)
            self.flushes += 1
            batch = ProgressBatch(np.empty(0), np.empty(0))
            last_flush = now

        def probe(model: Any) -> None:
            nonlocal probe_due, probed_step
            if self._probe is None or model is None:
                return
            started = time.perf_counter()
            try:
                frame = self._probe(model)
            except Exception:  # a probe bug must not kill training: log it and carry on without views
                log.exception("probe failed")
                self._probe = None
                return
            computed = time.perf_counter()
            self.probe_seconds += computed - started
            self._on_probe(frame)
            # The frame's way to the GUI (pickling, the pipe) is part of what the probe cost the run:
            # a frame of ~250 KB takes a third as long to send as to compute, and a GUI slow to read
            # it makes the next one wait.
            cost = time.perf_counter() - started
            gap = max(self._probe_period, cost / self._probe_share)
            probe_due = (probe_due if now - probe_due < gap else now) + gap
            self.probes += 1
            probed_step = newest_step

        def end(event: Any) -> Any:
            self._on_end(event)
            return event

        try:
            curve_period = self._curve_period
            for event in events:
                if type(event) is StepStats:  # the hot path: thousands a second
                    pending.append(event)
                    if event.elapsed - last_flush >= curve_period:
                        now = event.elapsed
                        newest_step = event.global_step
                        flush()
                elif isinstance(event, Snapshot):
                    probe_model = event.model
                    if event.elapsed >= probe_due:
                        now = event.elapsed
                        newest_step = pending[-1].global_step if pending else newest_step
                        probe(event.model)
                elif isinstance(event, EpochStats):
                    batch.epochs.append((event.epoch, event.train_loss, event.val_loss, dict(event.val_metrics)))
                elif isinstance(event, Paused):
                    if pending:
                        newest_step = pending[-1].global_step
                    if not paused:
                        paused = True
                        batch.paused = True
                        flush()
                    if newest_step != probed_step:  # a single step while paused: show its effect
                        probe(probe_model)
                        flush()
                elif isinstance(event, Resumed):
                    paused = False
                    batch.paused = False
                elif isinstance(event, Notice):
                    batch.notices.append((event.message, event.node_id))
                elif isinstance(event, TERMINAL_EVENTS):
                    flush()
                    probe(probe_model)  # the generator is done: the model holds the final weights
                    return end(event)
            flush()
            return end(RunFailure("training ended without a result"))
        except ReceiverGone:
            raise  # nobody to tell: not a crash of the run
        except Exception as error:  # shape errors, OOM, bad data: report, never crash the app
            log.exception("training run crashed")
            return end(describe_exception(error))
