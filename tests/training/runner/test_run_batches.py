"""A run fed its epochs in batches holds exactly what it holds when fed one epoch at a time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from netbuilder.training.events import HISTORY_LIMIT
from netbuilder.training.runner.batching import ProgressBatch
from netbuilder.training.runner.run import CURVE_POINTS, EpochRecord, Run

EPOCHS = 2 * CURVE_POINTS + 345  # past the curves' decimation and the epoch list's thinning


def epoch_tuple(epoch: int) -> tuple[int, float, float | None, dict[str, float]]:
    train = math.inf if epoch == 17 else 1.0 / epoch  # a diverged epoch leaves no point
    val = None if epoch % 5 == 0 else 2.0 / epoch
    metrics = {} if epoch < 3 else {"accuracy": 1 - 1 / epoch, "f1": 0.5}
    return epoch, train, val, metrics


def fed(batch_size: int) -> Run:
    run = Run({}, {})
    run.task = "classification"
    epochs = [epoch_tuple(e) for e in range(1, EPOCHS + 1)]
    for start in range(0, EPOCHS, batch_size):
        batch = ProgressBatch(np.empty(0), np.empty(0))
        batch.epochs = epochs[start : start + batch_size]
        run.add_progress(batch)
    return run


@pytest.mark.parametrize("batch_size", [7, 250, EPOCHS])
def test_batched_epochs_give_the_same_run(batch_size: int) -> None:
    one, batched = fed(1), fed(batch_size)
    assert batched.metric_name == one.metric_name == "accuracy"
    assert batched.epochs == one.epochs
    assert len(one.epochs) < HISTORY_LIMIT
    for name in ("train", "val", "metric"):
        a, b = getattr(one, name), getattr(batched, name)
        assert a.total == b.total and a.stride == b.stride
        np.testing.assert_allclose(b.x, a.x, rtol=1e-12)
        np.testing.assert_allclose(b.y, a.y, rtol=1e-12)
    assert one.train.total == EPOCHS - 1  # the diverged epoch is not drawn
    assert one.val.total == EPOCHS - EPOCHS // 5
    assert one.metric.total == EPOCHS - 2


def test_one_epoch_by_hand_is_a_batch_of_one() -> None:
    run = Run({}, {})
    run.task = "regression"
    run.add_epoch(EpochRecord(1, 0.5, None, {"rmse": 0.7, "mae": 0.6}))
    assert run.metric_name == "rmse"
    assert list(run.train.y) == [0.5] and len(run.val) == 0 and list(run.metric.y) == [0.7]
