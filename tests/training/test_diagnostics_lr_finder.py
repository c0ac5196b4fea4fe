"""The learning-rate range test: events, early stop, cancel, untouched weights, and a useful suggestion."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from netbuilder.core.examples import load_example
from netbuilder.training.config import OptimizerConfig, TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.events import Finished
from netbuilder.training.lr_finder import LRFindProgress, LRFindResult, find_lr, range_test, suggest_lr
from netbuilder.training.objective import Objective
from netbuilder.training.session import prepare
from netbuilder.training.trainer import final_event
from tests.training.helpers import blobs, mlp


def _objective() -> Objective:
    torch.manual_seed(0)
    data = blobs(300)
    return Objective(mlp(2, 16, 2), F.cross_entropy, data.x_train, data.y_train)


def test_events_and_the_exponential_schedule() -> None:
    events = list(range_test(_objective(), OptimizerConfig(type="sgd"), 32, start_lr=1e-4, end_lr=1.0, steps=30))
    progress = [e for e in events if isinstance(e, LRFindProgress)]
    result = events[-1]
    assert isinstance(result, LRFindResult) and len(events) == len(progress) + 1
    assert result.reason == "completed" and len(result.lrs) == 30 == progress[-1].step
    assert result.lrs[0] == pytest.approx(1e-4) and result.lrs[-1] == pytest.approx(1.0)
    ratios = np.diff(np.log(result.lrs))
    assert np.allclose(ratios, ratios[0])
    assert [p.smoothed for p in progress] == list(result.losses)
    assert result.suggested_lr is not None and 1e-4 <= result.suggested_lr <= 1.0


def test_the_callers_weights_are_untouched() -> None:
    objective = _objective()
    before = {k: v.clone() for k, v in objective.model.state_dict().items()}
    list(range_test(objective, OptimizerConfig(type="adam"), 32, steps=40))
    assert all(torch.equal(before[k], v) for k, v in objective.model.state_dict().items())
    project = load_example("xor")
    setup = prepare(project, TrainConfig.from_dict({**project.training, "seed": 1}))
    before = {k: v.clone() for k, v in setup.model.state_dict().items()}
    result = list(find_lr(setup, steps=20))[-1]
    assert isinstance(result, LRFindResult) and len(result.lrs) > 0
    assert all(torch.equal(before[k], v) for k, v in setup.model.state_dict().items())


def test_stops_when_the_loss_diverges() -> None:
    result = list(range_test(_objective(), OptimizerConfig(type="sgd"), 32, start_lr=1e-3, end_lr=1e6, steps=100))[-1]
    assert isinstance(result, LRFindResult)
    assert result.reason == "diverged" and len(result.lrs) < 100
    assert result.suggested_lr is not None and result.suggested_lr < result.lrs[-1]


def test_cancel_between_steps() -> None:
    control = TrainControl()
    seen = 0
    result = None
    for event in range_test(_objective(), OptimizerConfig(type="sgd"), 32, steps=100, control=control):
        if isinstance(event, LRFindProgress):
            seen += 1
            if seen == 10:
                control.stop()
        else:
            result = event
    assert result is not None and result.reason == "cancelled" and len(result.lrs) == 10


def test_suggestion_is_a_tenth_of_where_the_loss_climbs() -> None:
    lrs = np.logspace(-5, 1, 61)
    losses = np.where(lrs < 1e-2, 1.0 - 0.05 * np.log10(lrs / 1e-5), 0.85 + 5 * (lrs - 1e-2))
    edge = lrs[np.nonzero(losses > 1.3 * losses.min())[0][0]]
    assert suggest_lr(lrs, losses) == pytest.approx(edge / 10)
    assert suggest_lr(lrs, np.linspace(2, 1, 61)) == pytest.approx(1.0)  # still falling: min / 10
    assert suggest_lr(lrs[:3], losses[:3]) is None
    assert suggest_lr(lrs, np.full(61, math.nan)) is None


@pytest.mark.parametrize(("name", "accuracy"), [("spiral", 0.95), ("seed-digits-mlp", 0.96)])
def test_suggestion_trains_the_example(name: str, accuracy: float) -> None:
    project = load_example(name)
    setup = prepare(project, TrainConfig.from_dict({**project.training, "seed": 0}))
    result = list(find_lr(setup))[-1]
    assert isinstance(result, LRFindResult) and result.suggested_lr is not None
    example_lr = setup.config.optimizer.lr  # the example's own rate reaches ``accuracy`` (test_examples_train)
    assert 0.1 <= result.suggested_lr / example_lr <= 10
    optimizer = {**project.training["optimizer"], "lr": result.suggested_lr}
    config = TrainConfig.from_dict({**project.training, "optimizer": optimizer, "seed": 0})
    end = final_event(prepare(project, config).trainer().run())
    assert isinstance(end, Finished) and end.result.test_metrics["accuracy"] >= accuracy
