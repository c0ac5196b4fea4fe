"""The Run model: bounded however long it trains, and saved and restored as it was."""

from __future__ import annotations

import json

import numpy as np

from netbuilder.training.events import HISTORY_LIMIT, thin_append
from netbuilder.training.runner.batching import ProgressBatch
from netbuilder.training.runner.run import CURVE_POINTS, EpochRecord, Run


def test_a_long_run_stays_bounded() -> None:
    run = Run({}, {})
    run.task = "classification"
    for chunk in range(50):  # 200,000 epochs and 2,000,000 steps: a long night of a tiny network
        x = chunk * 4000 + np.arange(1, 4001, dtype=np.float64)
        run.add_progress(ProgressBatch(x / 10, np.exp(-x / 1e6)))
        for epoch in range(chunk * 4000 + 1, chunk * 4000 + 4001):
            run.add_epoch(EpochRecord(epoch, 1.0 / epoch, None, {"accuracy": 0.5}))
    assert len(run.epochs) < HISTORY_LIMIT and run.epochs[0].epoch == 1 and run.epochs[-1].epoch == 200_000
    gaps = np.diff([e.epoch for e in run.epochs[:-1]])  # the newest is kept whatever its gap
    assert gaps.max() == gaps.min()  # evenly spread over the run
    assert all(len(c) <= CURVE_POINTS + 1 for c in (run.steps, run.train, run.metric))
    assert run.train.total == 200_000 and run.steps.total == 200_000
    record = json.dumps(run.to_record())
    assert len(record) < 2_000_000  # what Save writes stays small too


def test_thin_append_keeps_the_first_and_the_newest() -> None:
    records: list[int] = []
    for i in range(1000):
        thin_append(records, i, lambda r: r, limit=10)
    assert records[0] == 0 and records[-1] == 999 and len(records) < 10


def test_a_saved_run_comes_back_equal() -> None:
    run = Run({"epochs": 3}, {"kind": "xor"}, number=2)
    run.task = "classification"
    run.planned_epochs = 3
    run.add_progress(ProgressBatch(np.array([0.5, 1.0]), np.array([0.7, 0.6])))
    run.add_epoch(EpochRecord(1, 0.6, 0.65, {"accuracy": 0.7}))
    child = Run({"epochs": 2}, {"kind": "xor"}, parent=run, number=3)
    child.add_epoch(EpochRecord(2, 0.5, 0.55, {"accuracy": 0.8}))
    back = Run.from_record(json.loads(json.dumps(child.to_record())))
    assert back.parent is not None and back.epoch_offset == 1 and back.parent.epochs == run.epochs
    assert back.epochs == child.epochs and back.metric_name == "accuracy"
    assert np.array_equal(back.parent.steps.x, run.steps.x) and back.progress_text() == child.progress_text()
