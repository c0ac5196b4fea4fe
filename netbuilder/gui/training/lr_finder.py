"""``LRFinder``: the learning-rate range test as a job of a training process, driven from the GUI.

The test (:mod:`netbuilder.training.lr_finder`) trains a copy of the model while the learning rate
grows; it runs in a training process borrowed from the pool, never on the GUI thread, and reports a
few steps a second. The finder keeps the newest curve and result (the panel draws them), cancels
with Stop, and "Use this rate" sets the optimiser's learning rate through the controller as one
undo step. The run's weights are never touched: the process tests a copy.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.training.config import TrainConfig
from netbuilder.training.lr_finder import LRFindProgress, LRFindResult
from netbuilder.training.runner import pool
from netbuilder.training.runner.batching import RunFailure, describe_exception
from netbuilder.training.runner.lr_job import reply_ends_side_job
from netbuilder.training.runner.messages import Command, FindLR, Job, LRFound, Stop
from netbuilder.training.runner.pool import TrainingProcess
from netbuilder.training.runner.process import job_environment

log = logging.getLogger(__name__)


class SideJobThread(QThread):
    """Sends one side-job command to a process and forwards its replies until the last one."""

    replied = Signal(object)

    def __init__(self, process: TrainingProcess, command: Command, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SideJobThread")
        self.process = process
        self._command = command
        self._sent = False
        self.clean_end = False

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        # The command is sent here, on the caller's thread, not in run(): a Cancel pressed at once
        # sends its Stop from this thread too, and must follow the command down the pipe (sent from
        # run() it could overtake it, reach a process with nothing to stop, and the test ran on).
        self._sent = self.process.send(self._command)
        super().start(priority)

    def run(self) -> None:
        try:
            if not self._sent:
                raise EOFError
            while True:
                reply = self.process.receive()
                self.replied.emit(reply)
                if reply_ends_side_job(reply):
                    self.clean_end = True
                    return
        except EOFError:
            self.replied.emit(LRFound(RunFailure(self.tr("the training process ended unexpectedly"))))
        except Exception as error:  # a reply that cannot be read: report it, keep the app usable
            log.exception("reading the training process failed")
            self.replied.emit(LRFound(describe_exception(error)))


class LRFinder(QObject):
    """One range test at a time for the controller's project; see the module docstring."""

    changed = Signal()  # steps, result, failure or the running state changed

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.thread: SideJobThread | None = None
        self.steps: list[LRFindProgress] = []
        self.result: LRFindResult | None = None
        self.failure = ""

    @property
    def is_active(self) -> bool:
        return self.thread is not None

    @property
    def suggested_lr(self) -> float | None:
        return self.result.suggested_lr if self.result is not None else None

    def start(self) -> bool:
        """Start the range test on a snapshot of the project (from the current run's weights, if any)."""
        controller = self.controller
        if self.thread is not None or controller.is_active:
            return False
        self.steps, self.result, self.failure = [], None, ""
        try:
            TrainConfig.from_dict(controller.project.training)
            base = str(controller.base_dir) if controller.base_dir else None
            job = Job(controller.project.to_dict(), base, controller.weights, job_environment(), diagnose=False)
            process = pool.acquire()
        except NetBuilderError as error:
            self.failure = error.message
            self.changed.emit()
            return False
        except (OSError, RuntimeError, ValueError) as error:
            log.exception("cannot start a training process")
            self.failure = self.tr("cannot start the training process: {0}").format(error)
            self.changed.emit()
            return False
        thread = SideJobThread(process, FindLR(job), parent=self)
        thread.replied.connect(self._on_thread_replied)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        thread.start()
        self.changed.emit()
        return True

    def cancel(self) -> None:
        """Stop the test after its current step; the result then holds the curve so far."""
        if self.thread is not None:
            self.thread.process.send(Stop())

    def use_suggestion(self) -> bool:
        """Set the optimiser's learning rate to the suggested one (one undo step)."""
        lr = self.suggested_lr
        if lr is None:
            return False
        training = copy.deepcopy(self.controller.project.training)
        optimizer = dict(training.get("optimizer") or {})
        optimizer["lr"] = float(f"{lr:.3g}")  # the panel's field shows three significant digits
        training["optimizer"] = optimizer
        text = QCoreApplication.translate("LRFinder", "Use the suggested learning rate")
        self.controller.set_training(training, text)
        return True

    def shutdown(self) -> None:
        thread = self.thread
        if thread is not None:
            thread.process.send(Stop())
            if not thread.wait(10_000):
                thread.process.kill(force=True)
                thread.wait(5_000)

    def _on_thread_replied(self, reply: Any) -> None:
        if not isinstance(reply, LRFound):
            return
        event = reply.event
        if isinstance(event, LRFindProgress):
            self.steps.append(event)
        elif isinstance(event, LRFindResult):
            self.result = event
        else:
            self.failure = event.message
        self.changed.emit()

    def _on_thread_finished(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            pool.release(thread.process, reusable=thread.clean_end)
            thread.deleteLater()
        self.changed.emit()


__all__ = ["LRFinder", "SideJobThread"]
