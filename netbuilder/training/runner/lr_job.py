"""The learning-rate range test as a job of the training process (answered with :class:`LRFound`).

The test itself is :func:`netbuilder.training.lr_finder.find_lr`: it trains a copy of the model, so the
weights of the project's run are never touched. Here it is given the project snapshot of a
:class:`~netbuilder.training.runner.messages.Job` (built as a run would build it: same dataset cache,
same threads) and its steps are sent at most :data:`PROGRESS_HZ` times a second, its result last.
A Stop sent while it runs cancels it between steps; the result then holds the curve so far.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

import torch

from netbuilder.core.project import project_from_dict
from netbuilder.training.checkpoint import weights_mismatch
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.lr_finder import LRFindProgress, find_lr
from netbuilder.training.runner.batching import ReceiverGone, describe_exception
from netbuilder.training.runner.messages import Job, LRFound, Reply
from netbuilder.training.runner.process import DatasetCache, Send, _apply_environment, gui_threads
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

PROGRESS_HZ = 10.0


def run_lr_find(job: Job, control: TrainControl, send: Send, datasets: DatasetCache | None = None) -> None:
    """Run the range test for ``job`` and send its replies; never raises for the test's own errors."""
    previous_threads = torch.get_num_threads()
    try:
        _apply_environment(job.env)
        snapshot = project_from_dict(job.project)
        config = TrainConfig.from_dict(snapshot.training)
        base_dir = Path(job.base_dir) if job.base_dir else None
        dataset = (datasets or DatasetCache()).get(snapshot.dataset, base_dir, job.env)
        setup = prepare(snapshot, config, dataset=dataset, base_dir=base_dir)
        continues = job.weights is not None and not weights_mismatch(
            {k: v.shape for k, v in setup.model.state_dict().items()}, job.weights
        )
        if continues and job.weights is not None:
            setup.model.load_state_dict(job.weights)  # a copy is tested from here; these stay as they are
        if setup.config.threads == 0:
            setup.config = dataclasses.replace(setup.config, threads=gui_threads(setup.model))
        torch.set_num_threads(setup.config.threads)
        last = 0.0
        for event in find_lr(setup, control=control, init_weights=not continues):
            if isinstance(event, LRFindProgress):
                now = time.monotonic()
                if now - last < 1.0 / PROGRESS_HZ:
                    continue
                last = now
            send(LRFound(event))
    except ReceiverGone:
        raise
    except Exception as error:  # a bad dataset or graph: report it, the process stays usable
        log.info("the learning-rate range test failed", exc_info=True)
        send(LRFound(describe_exception(error)))
    finally:
        torch.set_num_threads(previous_threads)  # as the trainer does: the next job picks its own


def reply_ends_side_job(reply: Reply) -> bool:
    """Whether ``reply`` is the last one of a side job (what a driver waits for)."""
    return isinstance(reply, LRFound) and reply.is_last


__all__ = ["PROGRESS_HZ", "reply_ends_side_job", "run_lr_find"]
