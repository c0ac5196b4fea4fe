"""Shared helpers: record a run of an example into a store, in this process (as the training process does)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from netbuilder.core.examples import load_example
from netbuilder.training.control import TrainControl
from netbuilder.training.runner.messages import Job
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.runner.run import Run
from netbuilder.training.runs.store import RunStore


def record_run(store: RunStore, name: str, weights: Any = None, offset: int = 0, **training: Any) -> Run:
    """Train example ``name`` with ``training`` overrides into a new folder of ``store``; returns the Run."""
    project = load_example(name)
    project.training = dict(project.training, **training)
    snapshot = project.to_dict()
    path = store.create(snapshot)
    run = Run(project.training, project.dataset)
    run.run_id = path.name
    run.epoch_offset = offset
    job = Job(snapshot, None, weights, job_environment(), run_dir=str(path), epoch_offset=offset)
    run_job(job, TrainControl(), lambda reply: run.apply(pickle.loads(pickle.dumps(reply))))
    store.finish(path.name, run)
    return run


@pytest.fixture
def store(tmp_path: Any) -> RunStore:
    return RunStore.beside(tmp_path / "demo.nbproj")
