"""Diagnostics in the training process: readings equal direct computations, the run keeps them, bounded."""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

import numpy as np
import torch

from netbuilder.core.examples import load_example
from netbuilder.core.project import project_from_dict
from netbuilder.data import build_dataset
from netbuilder.training import probes
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.lr_finder import LRFindProgress, LRFindResult, suggest_lr
from netbuilder.training.runner.diagnosis import DiagnosisPlan
from netbuilder.training.runner.diagnosis_history import MAX_READINGS, DiagnosisHistory
from netbuilder.training.runner.lr_job import run_lr_find
from netbuilder.training.runner.messages import Diagnosed, Job, LRFound, Reply, RunEnded
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.runner.run import Run
from netbuilder.training.runner.views import GRID
from netbuilder.training.session import prepare


def _job(name: str, weights: Any = None, **training: Any) -> Job:
    project = load_example(name)
    project.training = dict(project.training, **training)
    return Job(project.to_dict(), None, weights, job_environment())


def _collect(job: Job, runner: Any = run_job) -> list[Reply]:
    replies: list[Reply] = []
    runner(job, TrainControl(), lambda reply: replies.append(pickle.loads(pickle.dumps(reply))))
    return replies


def _setup(job: Job) -> Any:
    project = project_from_dict(job.project)
    return prepare(project, TrainConfig.from_dict(project.training), dataset=build_dataset(project.dataset))


def test_a_run_sends_readings_whose_region_count_is_that_of_its_final_weights() -> None:
    job = _job("circles", epochs=8)
    replies = _collect(job)
    readings = [r.frame for r in replies if isinstance(r, Diagnosed)]
    end = replies[-1]
    assert isinstance(end, RunEnded) and end.weights is not None
    assert len(readings) >= 2 and readings[-1].regions is not None
    setup = _setup(job)
    setup.model.load_state_dict(end.weights)
    featurize, extent = probes.plane_featurizer(setup.dataset)
    direct = probes.region_map(setup.model, extent, GRID, featurize)
    assert readings[-1].regions.count == direct.count
    assert np.array_equal(readings[-1].regions.ids, direct.ids)
    assert set(readings[-1].dead) == {"relu1"} and set(readings[-1].grad_norm) == {"fc1", "fc2"}
    run = Run(job.project["training"], job.project["dataset"])
    for reply in replies:
        run.apply(reply)
    assert run.diagnostics.region_count == direct.count
    assert run.diagnostics.heat_map("weights", "fc1").shape == (len(readings), 40)


def test_a_reading_equals_the_gradients_of_a_plain_torch_step() -> None:
    setup = _setup(_job("seed-digits-mlp"))
    model, data = setup.model, setup.data
    plan = DiagnosisPlan(setup.dataset, model)
    logits = setup.train_model(data.x_train[:64])
    torch.nn.functional.cross_entropy(logits, data.y_train[:64]).backward()  # type: ignore[no-untyped-call]
    frame = plan.read(model, 1, 0.1)
    for node in ("fc1", "fc2", "fc3"):
        module = model.get_submodule(node)
        direct = math.sqrt(sum(float(p.grad.norm()) ** 2 for p in module.parameters() if p.grad is not None))
        assert math.isclose(frame.grad_norm[node], direct, rel_tol=1e-5)
    health = probes.unit_health(model, data.x_train[:256])
    assert frame.dead == {k: h.dead_share for k, h in health.items() if h.dead_share is not None}
    assert frame.regions is None  # digits are not points of the plane


def test_the_history_is_bounded_keeps_its_span_and_survives_the_record() -> None:
    job = _job("circles", epochs=3)
    frames = [r.frame for r in _collect(job) if isinstance(r, Diagnosed)]
    history = DiagnosisHistory()
    for i in range(3 * MAX_READINGS):
        history.add(frames[i % len(frames)], offset=float(i))
    assert len(history) <= MAX_READINGS and history.x[0] == frames[0].x and history.x[-1] == frames[-1].x + i
    run = Run(job.project["training"], job.project["dataset"])
    run.diagnostics = history
    back = Run.from_record(json.loads(json.dumps(run.to_record())))
    assert back.diagnostics.x == history.x and back.diagnostics.region_count == history.region_count
    np.testing.assert_allclose(
        back.diagnostics.heat_map("weights", "fc1"), history.heat_map("weights", "fc1"), rtol=1e-5
    )


def test_the_lr_finder_job_marks_suggest_lr_and_leaves_the_weights_alone() -> None:
    trained = _collect(_job("circles", epochs=2))[-1]
    assert isinstance(trained, RunEnded) and trained.weights is not None
    kept = {k: v.clone() for k, v in trained.weights.items()}
    replies = _collect(_job("circles", weights=trained.weights), run_lr_find)
    assert all(isinstance(r, LRFound) for r in replies)
    assert any(isinstance(r.event, LRFindProgress) for r in replies if isinstance(r, LRFound))
    last = replies[-1]
    assert isinstance(last, LRFound) and isinstance(last.event, LRFindResult)
    result = last.event
    assert result.suggested_lr == suggest_lr(np.array(result.lrs), np.array(result.losses))
    assert all(torch.equal(kept[k], trained.weights[k]) for k in kept)
