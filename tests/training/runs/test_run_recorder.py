"""What the training process writes while it trains: checkpoints, TensorBoard files, a crash's leftovers."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from netbuilder.core.examples import load_example
from netbuilder.training.runner import pool
from netbuilder.training.runner.messages import Job, StartJob
from netbuilder.training.runner.process import job_environment
from netbuilder.training.runs import checkpoints
from netbuilder.training.runs.store import RunStore, read_progress
from tests.training.runs.conftest import record_run


def test_checkpoints_are_log_spaced_and_bounded() -> None:
    kept: list[int] = []
    for epoch in range(0, 1001):
        if checkpoints.is_due(epoch, kept[-1] if kept else -1, 0, 1000, 12):
            kept.append(epoch)
    assert kept[:2] == [0, 1] and kept[-1] == 1000
    assert len(kept) <= 14
    gaps = np.diff(np.log1p(kept))
    assert gaps.max() < 3 * gaps.mean()  # evenly spread in log(epoch), no long hole
    assert (
        checkpoints.thin(list(range(0, 101)), 10) and len(set(range(101)) - set(checkpoints.thin(range(101), 10))) == 10
    )
    assert checkpoints.checkpoint_count(4_000) == checkpoints.MAX_CHECKPOINTS
    assert checkpoints.checkpoint_count(2_700_000) == 6  # a 784-512-512-10 MLP: 16 MB budget


def test_tensorboard_files_read_back_with_tensorboards_reader(store: RunStore) -> None:
    run = record_run(store, "spiral", epochs=12, seed=3)
    folder = store.root / run.run_id / "tb"  # type: ignore[operator]
    events = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0})
    events.Reload()
    tags = events.Tags()
    for name, curve in (("loss/train", run.train), ("loss/val", run.val), (f"metric/{run.metric_name}", run.metric)):
        scalars = events.Scalars(name)
        assert [s.step for s in scalars] == [int(x) for x in curve.x]
        np.testing.assert_allclose([s.value for s in scalars], curve.y, rtol=1e-6)
    steps = events.Scalars("loss/step")
    assert len(steps) == len(run.steps.x)
    weights = [t for t in tags["histograms"] if t.startswith("weights/")]
    grads = [t for t in tags["histograms"] if t.startswith("grads/")]
    assert len(weights) == 6 and len(grads) == 6  # 3 Dense layers: weight and bias
    first, last = events.Histograms(weights[0])[0], events.Histograms(weights[0])[-1]
    assert first.step == 1 and last.step == 12
    assert len(list(folder.glob("**/events.out.tfevents*"))) == 1  # one file: TensorBoard reads the newest only
    final = events.Scalars("final/accuracy")
    assert final[0].value == pytest.approx(run.result.test_metrics["accuracy"])  # type: ignore[union-attr]


def test_a_run_continued_from_a_checkpoint_counts_on_from_it(store: RunStore) -> None:
    record_run(store, "xor", epochs=20, seed=2)
    epoch = store.entries()[0].checkpoints[3]
    start = store.checkpoint("run-0001", epoch)
    child = record_run(store, "xor", weights=start, offset=epoch, epochs=5, seed=2)
    assert [e.epoch for e in child.epochs] == list(range(epoch + 1, epoch + 6))
    entry = store.entries()[1]
    assert entry.checkpoints[0] == epoch  # its starting weights are the checkpoint's
    begun = store.checkpoint("run-0002", epoch)
    assert all(torch.equal(begun[k], start[k]) for k in start)


@pytest.mark.timeout(180)
def test_a_killed_training_process_leaves_an_interrupted_run_with_its_checkpoints(tmp_path: Path) -> None:
    store = RunStore.beside(tmp_path / "spiral.nbproj")
    project = load_example("spiral")
    project.training = dict(project.training, epochs=100_000, seed=1)
    folder = store.create(project.to_dict())
    process = pool.acquire()
    try:
        assert process.send(StartJob(Job(project.to_dict(), None, None, job_environment(), run_dir=str(folder))))
        deadline = time.monotonic() + 120
        while len(read_progress(folder / "progress.jsonl")) < 5 and time.monotonic() < deadline:
            process.receive()  # read its replies, as a driver does: a full pipe would block it
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
    finally:
        pool.release(process, reusable=False)
    entry = store.entries()[0]
    assert entry.status == "interrupted" and len(entry.epochs) >= 5
    assert entry.checkpoints[:3] == [0, 1, 2]
    for epoch in entry.checkpoints:
        assert store.checkpoint(entry.id, epoch)  # every completed checkpoint reads back
    run = store.load_run(entry.id)
    assert run.outcome == "interrupted" and run.weights is not None
    assert len(run.epochs) == len(entry.epochs)
