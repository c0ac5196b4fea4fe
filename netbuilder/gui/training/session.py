"""``TrainingSession``: the Qt adapter of the training runner, one job at a time.

The session lives in the GUI thread. :meth:`TrainingSession.start` borrows a training process from
:mod:`netbuilder.training.runner.pool`, hands it the job through a :class:`TrainingThread` and returns
at once; every reply of the process arrives as :attr:`TrainingSession.replied` (queued, a few a
second), :class:`~netbuilder.training.runner.messages.RunEnded` last. Controls (pause, step, resume,
stop, learning rate) are typed commands to the process. The session keeps no results: the
:class:`~netbuilder.gui.training.controller.TrainingController` feeds the replies to the run they
belong to.

A process that does not answer Stop (frozen, or stuck in native code) is killed after
:data:`STOP_TIMEOUT_MS`, and the run ends with a message that says so.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from netbuilder.gui.training.worker import TrainingThread
from netbuilder.training.errors import TrainingError
from netbuilder.training.runner import pool
from netbuilder.training.runner.messages import (
    Command,
    Job,
    Pause,
    Progress,
    Resume,
    SetLearningRate,
    ShowSample,
    Step,
    Stop,
    WatchViews,
)

log = logging.getLogger(__name__)

STOP_TIMEOUT_MS = 5000


class RunState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"


class TrainingSession(QObject):
    state_changed = Signal(str)  # RunState value
    replied = Signal(object)  # every reply of the current job, RunEnded last

    def __init__(self, parent: QObject | None = None, *, stop_timeout_ms: int = STOP_TIMEOUT_MS) -> None:
        super().__init__(parent)
        self.state = RunState.IDLE
        self.thread: TrainingThread | None = None
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.setInterval(stop_timeout_ms)
        self._stop_timer.timeout.connect(self._on_stop_timer_timeout)

    # ---- controls ------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.thread is not None

    def start(self, job: Job) -> None:
        """Begin ``job`` in a training process; raises :class:`TrainingError` when none can be started."""
        if self.thread is not None:
            raise TrainingError(self.tr("a run is already in progress"))
        try:
            process = pool.acquire()
        except (OSError, RuntimeError, ValueError) as error:  # no process could be started (limits, sandbox)
            log.exception("cannot start a training process")
            raise TrainingError(self.tr("cannot start the training process: {0}").format(error)) from None
        thread = TrainingThread(process, job, parent=self)
        thread.replied.connect(self._on_thread_replied)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        self._set_state(RunState.RUNNING)
        thread.start()

    def _send(self, command: Command) -> None:
        if self.thread is not None:
            self.thread.process.send(command)

    def watch_views(self, names: tuple[str, ...]) -> None:
        """Tell the running job which inside views are on screen (it computes only those)."""
        self._send(WatchViews(tuple(names)))

    def show_sample(self, index: int) -> None:
        """Ask the running job to show test sample ``index`` in its inside views."""
        self._send(ShowSample(int(index)))

    def pause(self) -> None:
        if self.thread is not None and self.state == RunState.RUNNING:
            self._send(Pause())
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self.thread is not None and self.state == RunState.PAUSED:
            self._send(Resume())
            self._set_state(RunState.RUNNING)

    def step(self, count: int = 1) -> None:
        if self.thread is not None and self.state in (RunState.RUNNING, RunState.PAUSED):
            self._send(Step(max(1, int(count))))
            self._set_state(RunState.PAUSED)

    def stop(self) -> None:
        if self.thread is not None and self.state != RunState.STOPPING:
            self._send(Stop())
            self._set_state(RunState.STOPPING)
            self._stop_timer.start()

    def set_lr(self, lr: float) -> None:
        """Change the running job's learning rate from its next step on."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0, got {lr}")
        self._send(SetLearningRate(float(lr)))

    def send_work(self, command: Command) -> None:
        """Ask the paused job for work (an explained step, a loss landscape, or to cancel it)."""
        self._send(command)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop any run and wait for its thread (window closing); True if no thread is left running.

        A process that does not finish its step in time is killed, which ends the thread too.
        """
        thread = self.thread
        if thread is None:
            return True
        thread.process.send(Stop())
        if thread.wait(timeout_ms):
            return True
        log.error("training did not stop within %d ms; ending its process", timeout_ms)
        thread.process.kill(force=True)
        return thread.wait(5_000)

    # ---- slots ---------------------------------------------------------------------------------
    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state.value)

    def _on_thread_replied(self, reply: Any) -> None:
        if isinstance(reply, Progress) and reply.batch.paused is True and self.state == RunState.RUNNING:
            self._set_state(RunState.PAUSED)
        self.replied.emit(reply)

    def _on_stop_timer_timeout(self) -> None:
        thread = self.thread
        if thread is None or not thread.isRunning():
            return
        seconds = self._stop_timer.interval() / 1000
        log.error("the training process did not stop within %.0f s; killing it", seconds)
        thread.killed_reason = self.tr(
            "the training process did not respond to Stop within {0:.0f} s (it may be frozen), so it was "
            "ended; the weights of this run are lost. Train again to start a fresh process."
        ).format(seconds)
        thread.process.kill(force=True)  # the thread then reads EOF and ends the run with that message

    def _on_thread_finished(self) -> None:
        self._stop_timer.stop()
        thread, self.thread = self.thread, None
        if thread is not None:
            pool.release(thread.process, reusable=thread.clean_end)
            thread.deleteLater()
        self._set_state(RunState.IDLE)


__all__ = ["RunState", "TrainingSession"]
