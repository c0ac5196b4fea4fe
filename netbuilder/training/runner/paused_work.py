"""Work on a paused run, done in the training process: the explained step and the loss landscape.

While a run is paused the trainer yields ``Paused`` every ``pause_poll`` seconds from the training
loop's thread, with the generator suspended. :class:`PausedWork` wraps the event stream and, at each
``Paused``, does the requests that the command listener queued (:func:`work_for`): so they see the
run's real model and optimizer (momentum buffers, Adam's moments and step count) and never race the
training loop. An explained step is a real step of the run: the weights it shows after are the
weights the run continues from. The landscape reads a copy of the model and leaves the run as it was.

While training, the wrapper also keeps a bounded trajectory of weight snapshots (every reading of
the diagnostics' rate rule, at most :data:`TRAJECTORY` of them), for the landscape's PCA directions.
"""

from __future__ import annotations

import logging
import queue
import weakref
from collections.abc import Callable, Iterator

import torch

from netbuilder.core.errors import NetBuilderError
from netbuilder.training.control import TrainControl
from netbuilder.training.events import Paused, Snapshot, TrainEvent
from netbuilder.training.explain import explain_step
from netbuilder.training.landscape import Directions, flat_weights, loss_landscape
from netbuilder.training.objective import Objective, objective
from netbuilder.training.runner.batching import ReceiverGone, RunFailure, describe_exception
from netbuilder.training.runner.messages import (
    CancelWork,
    Explained,
    ExplainStep,
    FindLandscape,
    LandscapeFound,
    Reply,
)
from netbuilder.training.session import TrainingSetup
from netbuilder.training.trainer import Trainer

log = logging.getLogger(__name__)

TRAJECTORY = 40  # weight snapshots kept for the PCA directions (halved when full)
TRAJECTORY_FLOATS = 8_000_000  # ~32 MB at most: past that, snapshots are not kept (no PCA slice)
TRAJECTORY_SECONDS = 0.25
LANDSCAPE_SAMPLES = 1024

Work = ExplainStep | FindLandscape


class WorkQueue:
    """The requests for one job's paused run, filled by the command listener; ``cancel`` stops the current one."""

    def __init__(self) -> None:
        self.requests: queue.SimpleQueue[Work] = queue.SimpleQueue()
        self.cancel = TrainControl()

    def put(self, command: Work | CancelWork) -> None:
        if isinstance(command, CancelWork):
            self.cancel.stop()
        else:
            self.requests.put(command)

    def take(self) -> Work | None:
        try:
            return self.requests.get_nowait()
        except queue.Empty:
            return None


_QUEUES: weakref.WeakKeyDictionary[TrainControl, WorkQueue] = weakref.WeakKeyDictionary()


def work_for(control: TrainControl) -> WorkQueue:
    """The work queue of the job that ``control`` controls (made on first use)."""
    found = _QUEUES.get(control)
    if found is None:
        found = _QUEUES[control] = WorkQueue()
    return found


class PausedWork:
    """See the module docstring; :meth:`watch` wraps a run's events."""

    def __init__(self, setup: TrainingSetup, trainer: Trainer, control: TrainControl, send: Callable[[Reply], None]):
        self._setup = setup
        self._trainer = trainer
        self._queue = work_for(control)
        self._send = send
        self._goal: Objective | None = None
        self.trajectory: list[torch.Tensor] = []
        numel = sum(p.numel() for p in setup.train_model.parameters())
        self._record = numel * TRAJECTORY <= TRAJECTORY_FLOATS
        self._explained = 0

    @property
    def goal(self) -> Objective:
        if self._goal is None:  # the trainer's loss, built once (targets prepared as the trainer does)
            self._goal = objective(self._setup)
        return self._goal

    def watch(self, events: Iterator[TrainEvent]) -> Iterator[TrainEvent]:
        last, last_step = -1e9, 0
        for event in events:
            if type(event) is Paused:
                while (work := self._queue.take()) is not None:
                    self._do(work)
            elif self._record and isinstance(event, Snapshot) and self._due(event, last, last_step):
                last, last_step = event.elapsed, event.global_step
                self._keep(flat_weights(self._setup.train_model))
            yield event

    @staticmethod
    def _due(event: Snapshot, last: float, last_step: int) -> bool:
        # As the diagnostics: by time, and whenever the step count doubled (the path's start).
        return event.elapsed - last >= TRAJECTORY_SECONDS or event.global_step >= 2 * max(last_step, 1)

    def _keep(self, weights: torch.Tensor) -> None:
        self.trajectory.append(weights)
        if len(self.trajectory) > TRAJECTORY:
            self.trajectory = self.trajectory[::-1][::2][::-1]  # every other one, the newest kept

    def _do(self, work: Work) -> None:
        try:
            if isinstance(work, ExplainStep):
                self._explain(work)
            else:
                self._landscape(work)
        except ReceiverGone:
            raise
        except Exception as error:  # a request that cannot be done is an answer, not a crash of the run
            log.info("paused-run work failed", exc_info=True)
            failure = describe_exception(error)
            if isinstance(work, ExplainStep):
                self._send(Explained(None, failure.message))
            else:
                self._send(LandscapeFound(failure))

    def _explain(self, work: ExplainStep) -> None:
        optimizer = self._trainer.optimizer
        if optimizer is None:
            self._send(Explained(None, "the run has not taken a step yet"))
            return
        goal = self.goal
        batch = max(1, min(self._setup.config.batch_size, goal.x.shape[0]))
        generator = torch.Generator().manual_seed(goal.seed + self._explained)
        self._explained += 1
        index = torch.randperm(goal.x.shape[0], generator=generator)[:batch].to(goal.x.device)
        was_training = goal.model.training
        goal.model.train()  # as the trainer steps: dropout and batch statistics as in training
        try:
            step = explain_step(
                goal.model,
                goal.x.index_select(0, index),
                goal.y.index_select(0, index),
                goal.loss_fn,
                optimizer,
                work.node_id,
            )
        finally:
            goal.model.train(was_training)
        self._send(Explained(step))

    def _landscape(self, work: FindLandscape) -> None:
        self._queue.cancel = cancel = TrainControl()
        directions: Directions = "pca" if work.directions == "pca" else "random"
        if directions == "pca" and not self._record:
            raise NetBuilderError("this network is too large to keep a trajectory: use random directions")
        goal = self.goal
        x, y = goal.evaluation_batch(LANDSCAPE_SAMPLES, goal.seed)
        trajectory = [*self.trajectory, flat_weights(goal.model)]
        for event in loss_landscape(
            goal.model,
            x,
            y,
            goal.loss_fn,
            directions=directions,
            trajectory=trajectory,
            resolution=work.resolution,
            seed=goal.seed,
            control=cancel,
        ):
            self._send(LandscapeFound(event))


__all__ = ["PausedWork", "RunFailure", "WorkQueue", "work_for"]
