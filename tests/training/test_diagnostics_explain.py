"""The explained step: the update shown by the optimiser's formula equals the weight's actual change."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from netbuilder.training.config import OptimizerConfig
from netbuilder.training.errors import TrainingError
from netbuilder.training.explain import explain_step
from netbuilder.training.optim import make_optimizer
from tests.training.helpers import blobs, mlp

CONFIGS = {
    "sgd": OptimizerConfig(type="sgd", lr=0.1),
    "sgd_momentum": OptimizerConfig(type="sgd", lr=0.1, momentum=0.9, weight_decay=0.01),
    "sgd_nesterov": OptimizerConfig(type="sgd", lr=0.1, momentum=0.9, nesterov=True),
    "adam": OptimizerConfig(type="adam", lr=0.01, weight_decay=0.01),
    "adamw": OptimizerConfig(type="adamw", lr=0.01, weight_decay=0.1),
    "rmsprop": OptimizerConfig(type="rmsprop", lr=0.01),
    "rmsprop_momentum": OptimizerConfig(type="rmsprop", lr=0.01, momentum=0.5),
}


@pytest.mark.parametrize("kind", list(CONFIGS))
@pytest.mark.parametrize("warm_steps", [0, 3])
def test_shown_update_equals_the_actual_change(kind: str, warm_steps: int) -> None:
    torch.manual_seed(0)
    model, data = mlp(2, 8, 2), blobs()
    optimizer = make_optimizer(model.parameters(), CONFIGS[kind])
    x, y = data.x_train[:32], data.y_train[:32]
    for _ in range(warm_steps):  # momentum buffers and moments are then non-zero
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
    reference = mlp(2, 8, 2)
    reference.load_state_dict(model.state_dict())
    expected_loss = F.cross_entropy(reference(x), y)
    expected_loss.backward()

    step = explain_step(model, x, y, F.cross_entropy, optimizer, "0")
    assert step.kind == kind and set(step.params) == {"0.weight", "0.bias"}
    for name, p in step.params.items():
        assert np.allclose(p.update, p.after - p.before, rtol=1e-4, atol=2e-7), name
        assert np.allclose(p.after, model.get_parameter(name).detach().numpy())
        assert np.allclose(p.grad, reference.get_parameter(name).grad.numpy(), atol=1e-7)  # type: ignore[union-attr]
        assert np.abs(p.update).max() > 0
    assert step.loss == pytest.approx(expected_loss.item(), rel=1e-6)
    assert np.allclose(step.outputs, step.inputs @ step.params["0.weight"].before.T + step.params["0.bias"].before)
    lines = step.filled("0.weight", (1, 0))
    assert len(lines) == len(step.formula)
    shown = float(re.findall(r"= \(?(-?[\d.e+-]+)\)?$", lines[-1])[0])
    assert shown == pytest.approx(step.params["0.weight"].after[1, 0], rel=1e-3, abs=1e-6)


def test_adam_terms_follow_the_article() -> None:
    torch.manual_seed(0)
    model, data = mlp(), blobs()
    optimizer = make_optimizer(model.parameters(), OptimizerConfig(type="adam", lr=0.01))
    step = explain_step(model, data.x_train, data.y_train, F.cross_entropy, optimizer, "2")
    terms, g = step.params["2.bias"].terms, step.params["2.bias"].grad
    assert step.hyper["t"] == 1
    assert np.allclose(terms["m"], 0.1 * g) and np.allclose(terms["v"], 0.001 * g**2)
    assert np.allclose(terms["m̂"], g) and np.allclose(terms["v̂"], g**2)  # bias correction at t = 1
    assert "m̂ = m / (1 − β₁^1)" in "\n".join(step.filled("2.bias", (0,)))


def test_unknown_layer_and_layer_without_weights() -> None:
    model, data = mlp(), blobs()
    optimizer = make_optimizer(model.parameters(), OptimizerConfig(type="sgd"))
    with pytest.raises(TrainingError, match="no layer 'nope'"):
        explain_step(model, data.x_train, data.y_train, F.cross_entropy, optimizer, "nope")
    with pytest.raises(TrainingError, match="no weights"):
        explain_step(model, data.x_train, data.y_train, F.cross_entropy, optimizer, "1")
