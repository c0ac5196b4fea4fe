"""The training thread: hands one job to a training process and forwards what comes back as Qt signals.

The training generator runs in the training process (:mod:`run_process` says why), which batches its
events and computes the probes there. This thread only waits on the pipe (without the GIL) and turns
each message into a queued signal for the GUI thread: a handful a second, whatever the step rate.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal

from netbuilder.gui.training.batching import RunFailure, describe_exception
from netbuilder.gui.training.process_pool import TrainingProcess
from netbuilder.gui.training.run_process import Job

log = logging.getLogger(__name__)


class TrainingThread(QThread):
    """One run. Signals are emitted from this thread and delivered queued to GUI receivers."""

    view_planned = Signal(object)  # ViewPlan.setup (DecisionSetup / HingeSetup) or None
    progressed = Signal(object)  # ProgressBatch
    probed = Signal(object)  # DecisionFrame / HingeFrame
    reported = Signal(object)  # view_probes.Report
    run_ended = Signal(object, object)  # the terminal event (or a RunFailure), the trained weights or None

    def __init__(self, process: TrainingProcess, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingThread")
        self.process = process
        self._job = job
        self.clean_end = False  # the process finished the job and can take another
        self.engine: dict[str, object] = {}  # what the run uses: {"threads": n, "device": "cpu"}

    def run(self) -> None:
        signals = {
            "view_planned": self.view_planned,
            "probe": self.probed,
            "report": self.reported,
        }
        try:
            if not self.process.send("job", self._job):
                raise EOFError
            while True:
                kind, *payload = self.process.receive()
                if kind == "progress":
                    self.progressed.emit(payload[0])
                elif kind == "end":
                    self.clean_end = True
                    self.run_ended.emit(payload[0], payload[1])
                    return
                elif kind == "engine":
                    self.engine = dict(payload[0])
                elif kind in signals:
                    signals[kind].emit(payload[0])
                else:
                    log.warning("unknown message from the training process: %r", kind)
        except EOFError:
            code = self.process.exitcode
            log.error("the training process ended unexpectedly (exit code %s)", code)
            self.run_ended.emit(
                RunFailure(
                    "the training process ended unexpectedly"
                    + (f" (exit code {code})" if code is not None else "")
                    + "; it may have run out of memory. Try a smaller batch size or network, then Train again."
                ),
                None,
            )
        except Exception as error:  # a message that cannot be read: report it, keep the app usable
            log.exception("reading the training process failed")
            self.run_ended.emit(describe_exception(error), None)


__all__ = ["TrainingThread"]
