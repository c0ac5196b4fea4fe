"""``TrainControl``: thread-safe pause / resume / single-step / stop and live learning-rate changes.

The GUI thread calls these methods while a worker thread iterates the training generator; the
generator polls the object between steps (a lock-free read of a few attributes on the fast path) and
blocks on a condition variable while paused, so a paused run costs no CPU.
"""

from __future__ import annotations

import threading


class TrainControl:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._paused = False
        self._stop = False
        self._steps_allowed = 0  # single steps granted while paused
        self._new_lr: float | None = None
        # Read without the lock by the generator on every step: a bool read is atomic in CPython,
        # and a stale value only delays the reaction by one step.
        self.dirty = False

    # ---- called by the consumer (any thread) ------------------------------------------------------
    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self.dirty = True
            self._cond.notify_all()

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._steps_allowed = 0
            self.dirty = True
            self._cond.notify_all()

    def step(self, count: int = 1) -> None:
        """While paused, run ``count`` more optimiser steps, then pause again (pauses if running)."""
        with self._cond:
            self._paused = True
            self._steps_allowed += max(1, count)
            self.dirty = True
            self._cond.notify_all()

    def stop(self) -> None:
        """Finish the step in progress, then end the run with a ``Stopped`` event."""
        with self._cond:
            self._stop = True
            self.dirty = True
            self._cond.notify_all()

    def set_lr(self, lr: float) -> None:
        """Change the base learning rate from the next step on (schedules scale the new value)."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0, got {lr}")
        with self._cond:
            self._new_lr = float(lr)
            self.dirty = True

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stop_requested(self) -> bool:
        return self._stop

    # ---- called by the generator --------------------------------------------------------------------
    def take_lr(self) -> float | None:
        with self._cond:
            lr, self._new_lr = self._new_lr, None
            self._refresh_dirty()
            return lr

    def may_step(self) -> bool:
        """True if a step may run now; consumes a single-step grant when paused."""
        with self._cond:
            if self._stop:
                return False
            if not self._paused:
                self._refresh_dirty()
                return True
            if self._steps_allowed > 0:
                self._steps_allowed -= 1
                return True
            return False

    def wait(self, timeout: float) -> None:
        """Block until the state changes (resume, step, stop) or ``timeout`` seconds pass."""
        with self._cond:
            if self._paused and not self._stop and self._steps_allowed == 0:
                self._cond.wait(timeout)

    def _refresh_dirty(self) -> None:
        self.dirty = self._paused or self._stop or self._new_lr is not None
