"""Gradient flow: norms and update ratios against a plain torch step; vanishing and exploding callouts."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from netbuilder.training.config import TrainConfig
from netbuilder.training.events import Snapshot
from netbuilder.training.probes.gradients import GradientFlow, diagnose_gradients
from netbuilder.training.trainer import Trainer
from tests.training.helpers import blobs, mlp


def _deep_mlp(activation: type[nn.Module], layers: int = 10, width: int = 16) -> nn.Sequential:
    modules: list[nn.Module] = []
    features = 2
    for _ in range(layers - 1):
        modules += [nn.Linear(features, width), activation()]
        features = width
    modules.append(nn.Linear(features, 2))
    return nn.Sequential(*modules)


def _train_and_read(model: nn.Module, steps: int, lr: float) -> GradientFlow:
    data = blobs(256)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    flow = GradientFlow()
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        F.cross_entropy(model(data.x_train), data.y_train).backward()
        optimizer.step()
        flow.read(model, step)
    return flow


def test_norms_and_update_ratio_equal_a_plain_torch_step() -> None:
    torch.manual_seed(0)
    model, data, lr = mlp(2, 8, 2), blobs(), 0.1
    flow = GradientFlow()
    flow.read(model, 0)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    optimizer.zero_grad()
    F.cross_entropy(model(data.x_train), data.y_train).backward()
    optimizer.step()
    reading = flow.read(model, 1)
    assert set(reading) == {"0", "2"}
    for node in reading:
        params = [(n, p) for n, p in model.named_parameters() if n.startswith(f"{node}.")]
        grad = math.sqrt(sum(float(p.grad.norm()) ** 2 for _, p in params))  # type: ignore[union-attr]
        weight = math.sqrt(sum(float(p.detach().norm()) ** 2 for _, p in params))
        old = math.sqrt(sum(float(before[n].norm()) ** 2 for n, _ in params))
        update = math.sqrt(sum(float((lr * p.grad).norm()) ** 2 for _, p in params))  # type: ignore[operator]
        assert reading[node].grad_norm == pytest.approx(grad, rel=1e-5)
        assert reading[node].weight_norm == pytest.approx(weight, rel=1e-5)
        assert reading[node].update_ratio == pytest.approx(update / old, rel=1e-4)
    assert len(flow.history) == 1  # the step-0 reading had no gradient yet


def test_update_ratio_is_per_step_between_sparse_readings() -> None:
    model = mlp()
    flow = GradientFlow()
    flow.read(model, 0)
    with torch.no_grad():
        model[0].weight.mul_(1.5)
        model[0].bias.mul_(1.5)
    assert flow.read(model, 5)["0"].update_ratio == pytest.approx(0.5 / 5, rel=1e-5)
    assert flow.read(model, 5)["0"].update_ratio is None  # same step: nothing to divide by


def test_gradients_are_on_the_model_at_a_trainer_snapshot() -> None:
    model = mlp()
    trainer = Trainer(model, blobs(), TrainConfig.from_dict({"epochs": 1, "seed": 0}), snapshot_every_steps=1)
    flow = GradientFlow()
    readings = [flow.read(e.model, e.global_step) for e in trainer.run() if isinstance(e, Snapshot)]
    assert all(r.grad_norm == 0.0 for r in readings[0].values())  # the step-0 snapshot
    assert all(r.grad_norm > 0 for r in readings[1].values())
    assert all(r.update_ratio is not None and r.update_ratio > 0 for r in readings[1].values())


def test_ten_layer_sigmoid_mlp_names_an_early_layer() -> None:
    torch.manual_seed(0)
    flow = _train_and_read(_deep_mlp(nn.Sigmoid), steps=5, lr=0.1)
    found = diagnose_gradients(flow.history)
    assert [d.kind for d in found] == ["vanishing"]
    assert found[0].node_id in {"0", "2", "4"}  # among the first three Linear layers
    assert f"'{found[0].node_id}'" in found[0].message and "ReLU" in found[0].message


def test_relu_mlp_with_sensible_init_has_no_callout() -> None:
    torch.manual_seed(0)
    model = _deep_mlp(nn.ReLU)
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    flow = _train_and_read(model, steps=5, lr=0.01)
    assert diagnose_gradients(flow.history) == []


def test_exploding_and_order() -> None:
    history = [{"a": 2e4, "b": 5e3, "c": 1.0}] * 3
    found = diagnose_gradients(history, order=["c", "b", "a"])
    assert found[0].kind == "exploding" and found[0].node_id == "b"
    assert diagnose_gradients([{"a": float("nan"), "b": 1.0}])[0].node_id == "a"
    assert diagnose_gradients([]) == []
    zero = diagnose_gradients([{"a": 0.0, "b": 1.0}])
    assert zero[0].kind == "vanishing" and "zero" in zero[0].message
