"""When training stops on a non-finite value, the message names the layer where it started, in every case."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from netbuilder.training.config import TrainConfig
from netbuilder.training.events import Failed
from netbuilder.training.trainer import Trainer, final_event
from tests.training.helpers import line


def _config(**section: object) -> TrainConfig:
    base = {"epochs": 50, "batch_size": 16, "loss": "mse", "device": "cpu", "optimizer": {"type": "sgd", "lr": 10.0}}
    base.update(section)
    return TrainConfig.from_dict(base)


def _failed(model: nn.Module, config: TrainConfig, order: list[str]) -> Failed:
    end = final_event(Trainer(model, line(), config, node_order=order).run())
    assert isinstance(end, Failed), end
    return end


class Shift(nn.Module):
    """Adds a constant: outputs stay finite and gradients pass through unchanged."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + 1e20


class Scale(nn.Module):
    """A learnable scale with no ``reset_parameters``, so the trainer's initialisation keeps its value."""

    def __init__(self, value: float) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.tensor([value]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.w


def test_a_loss_overflowing_from_finite_outputs_names_the_output_layer() -> None:
    model = nn.Sequential(nn.Linear(1, 1), Shift())  # outputs ~1e20 are finite; their square is not
    end = _failed(model, _config(), ["0", "1"])
    assert end.node_id == "1" and "output of '1' is too large" in end.message  # before: "the loss became inf"


def test_weights_that_became_infinite_are_named() -> None:
    model = nn.Sequential(nn.Linear(1, 4), nn.Tanh(), nn.Linear(4, 1), Scale(float("inf")))
    end = _failed(model, _config(), ["0", "1", "2", "3"])
    assert end.node_id == "3" and "weights of '3'" in end.message


def test_an_overflowing_activation_is_named() -> None:
    class Exp(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.exp(x * 1e3)

    model = nn.Sequential(nn.Linear(1, 4), Exp(), nn.Linear(4, 1))
    end = _failed(model, _config(), ["0", "1", "2"])
    assert end.node_id == "1" and "output of '1'" in end.message


@pytest.mark.parametrize("seed", range(6))
def test_diverging_runs_always_name_a_layer(seed: int) -> None:
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1))
    end = _failed(model, _config(seed=seed, optimizer={"type": "sgd", "lr": 10.0}), ["0", "1", "2"])
    assert end.node_id in {"0", "1", "2"}, end.message
    assert f"'{end.node_id}'" in end.message
