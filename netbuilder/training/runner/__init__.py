"""The training runner: trains in a separate process and reports back in typed messages. No Qt.

How a run travels (the GUI's Qt adapter, a CLI or a test drive it the same way):

1. :func:`pool.acquire` lends a training process, started ahead of time by :func:`pool.prestart` so
   that torch is imported and warmed up before the person presses Train (spawned, never forked).
2. The driver sends :class:`messages.StartJob` with a :class:`messages.Job`: a snapshot of the project,
   the kept weights to continue from, and the environment that locates datasets.
3. In the process, :func:`process.run_job` builds the dataset (cached by spec across jobs), compiles the
   graph, iterates the training generator, batches its events (:mod:`batching`, curves at <= 5 Hz),
   probes the live view (:mod:`views`, <= 5 Hz) and replies with :mod:`messages` types, ending with
   :class:`messages.RunEnded` (the terminal event, whose result carries the final report, and the
   weights). Pause, Step, Resume, Stop and a new learning rate reach the running job at once.
4. The driver feeds every reply to a :class:`run.Run`, the pure model of that run which views render,
   and gives the process back with :func:`pool.release`.
"""

from netbuilder.training.runner.batching import ProgressBatch, RunFailure
from netbuilder.training.runner.messages import Job
from netbuilder.training.runner.run import Run

__all__ = ["Job", "ProgressBatch", "Run", "RunFailure"]
