"""The Qt adapter's reader thread: hands one job to a training process and forwards its replies.

The training generator runs in the training process (:mod:`netbuilder.training.runner` says why),
which batches its events and computes the probes there. This thread only waits on the pipe (without
the GIL) and re-emits each typed reply as one queued signal for the GUI thread: a handful a second,
whatever the step rate. A process that dies mid-run becomes a :class:`RunEnded` with a
:class:`RunFailure` that says so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal

from netbuilder.training.runner.batching import RunFailure, describe_exception
from netbuilder.training.runner.messages import Job, RunEnded, StartJob
from netbuilder.training.runner.pool import TrainingProcess

log = logging.getLogger(__name__)


class TrainingThread(QThread):
    """One run. ``replied`` is emitted from this thread and delivered queued to GUI receivers."""

    replied = Signal(object)  # a netbuilder.training.runner.messages reply; RunEnded comes last

    def __init__(self, process: TrainingProcess, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingThread")
        self.process = process
        self._job = job
        self.clean_end = False  # the process finished the job and can take another
        self.killed_reason = ""  # set by the session when it ends an unresponsive process

    def run(self) -> None:
        try:
            if not self.process.send(StartJob(self._job)):
                raise EOFError
            while True:
                reply = self.process.receive()
                if isinstance(reply, RunEnded):
                    self.clean_end = True
                    self.replied.emit(reply)
                    return
                self.replied.emit(reply)
        except EOFError:
            self.replied.emit(RunEnded(RunFailure(self._lost_message()), None))
        except Exception as error:  # a reply that cannot be read: report it, keep the app usable
            log.exception("reading the training process failed")
            self.replied.emit(RunEnded(describe_exception(error), None))

    def _lost_message(self) -> str:
        if self.killed_reason:
            return self.killed_reason
        code = self.process.exitcode
        log.error("the training process ended unexpectedly (exit code %s)", code)
        return (
            self.tr("the training process ended unexpectedly")
            + (self.tr(" (exit code {0})").format(code) if code is not None else "")
            + self.tr("; it may have run out of memory. Try a smaller batch size or network, then Train again.")
        )


__all__ = ["TrainingThread"]
