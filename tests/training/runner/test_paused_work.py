"""Work on a paused run in the training process: the explained step is the run's real next step, and
the landscape's centre is the run's current loss."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.core.project import project_from_dict
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.landscape import LandscapeProgress, LossLandscape
from netbuilder.training.objective import objective
from netbuilder.training.runner.messages import (
    Explained,
    ExplainStep,
    FindLandscape,
    Job,
    LandscapeFound,
    Progress,
    Reply,
    RunEnded,
)
from netbuilder.training.runner.paused_work import work_for
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.session import prepare


class PausedJob:
    """A job run in a thread here, paused after a few epochs, as the GUI drives one."""

    def __init__(self, **optimizer: Any) -> None:
        project = load_example("circles")
        project.training = dict(project.training, epochs=500, optimizer=optimizer)
        self.job = Job(project.to_dict(), None, None, job_environment())
        self.control = TrainControl()
        self.replies: list[Reply] = []
        self.thread = threading.Thread(target=run_job, args=(self.job, self.control, self.replies.append))
        self.thread.start()
        self.wait(
            lambda: any(
                isinstance(r, Progress) and (r.batch.last_step or 0) and r.batch.last_step.global_step > 300
                for r in self.replies
            )
        )
        self.control.pause()

    def wait(self, condition: Any, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < end, "timed out"
            time.sleep(0.02)

    def ask(self, command: Any, kind: type) -> Any:
        count = sum(isinstance(r, kind) for r in self.replies)
        work_for(self.control).put(command)
        self.wait(lambda: sum(isinstance(r, kind) for r in self.replies) > count)
        return [r for r in self.replies if isinstance(r, kind)][-1]

    def stop(self) -> RunEnded:
        self.control.stop()
        self.thread.join(60)
        end = self.replies[-1]
        assert isinstance(end, RunEnded) and end.weights is not None
        return end


@pytest.mark.parametrize(
    "optimizer",
    [{"type": "sgd", "lr": 0.1}, {"type": "sgd", "lr": 0.05, "momentum": 0.9}, {"type": "adam", "lr": 0.02}],
    ids=["sgd", "momentum", "adam"],
)
def test_the_explained_update_is_the_weight_change_of_the_run(optimizer: dict[str, Any]) -> None:
    job = PausedJob(**optimizer)
    first = job.ask(ExplainStep("fc1"), Explained)
    second = job.ask(ExplainStep("fc1"), Explained)  # the state the first one left is the second's start
    end = job.stop()
    assert first.step is not None and second.step is not None, (first.error, second.error)
    step = second.step
    weight = step.params["fc1.weight"]
    np.testing.assert_allclose(weight.before, first.step.params["fc1.weight"].after)
    np.testing.assert_allclose(weight.before + weight.update, weight.after, atol=1e-6)
    np.testing.assert_array_equal(end.weights["fc1.weight"].double().numpy(), weight.after)  # the run's weights
    if optimizer.get("momentum") or optimizer["type"] == "adam":
        # A fresh optimizer would start its buffers at zero: the explained one continues the run's.
        prev = "b_prev" if optimizer["type"] == "sgd" else "m_prev"
        assert np.abs(weight.terms[prev]).max() > 0
    assert step.filled("fc1.weight", (0, 0))[-1].endswith(f"{float(weight.after[0, 0]):.4g}")


def test_the_landscape_centre_is_the_current_loss() -> None:
    job = PausedJob(type="adam", lr=0.02)
    job.ask(FindLandscape("pca", 11), LandscapeFound)

    def ended() -> list[Any]:
        return [
            r.event for r in job.replies if isinstance(r, LandscapeFound) and not isinstance(r.event, LandscapeProgress)
        ]

    job.wait(lambda: bool(ended()))
    found = ended()[0]
    end = job.stop()
    assert isinstance(found, LossLandscape) and found.complete, found
    assert found.losses[5, 5] == found.center_loss
    assert len(found.trajectory) >= 3 and np.allclose(found.trajectory[-1], 0.0, atol=1e-6)
    project = project_from_dict(job.job.project)
    setup = prepare(project, TrainConfig.from_dict(project.training))
    setup.model.load_state_dict(end.weights)
    goal = objective(setup)
    x, y = goal.evaluation_batch(1024, goal.seed)
    with torch.no_grad():
        direct = float(goal.loss_fn(goal.model.eval()(x), y))
    assert found.center_loss == pytest.approx(direct, rel=1e-5)
