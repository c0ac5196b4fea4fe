from __future__ import annotations

import pytest

from netbuilder.core.errors import NetBuilderError
from netbuilder.training.config import TrainConfig
from netbuilder.training.errors import ConfigError


def test_defaults_and_round_trip() -> None:
    config = TrainConfig.from_dict({})
    assert config.optimizer.type == "adam" and config.optimizer.lr == 0.001
    again = TrainConfig.from_dict(config.to_dict())
    assert again == config


def test_full_section_round_trips() -> None:
    section = {
        "epochs": 5,
        "batch_size": 16,
        "loss": "huber",
        "huber_delta": 0.5,
        "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True},
        "schedule": {"type": "plateau", "factor": 0.2, "patience": 2},
        "l1": 1e-4,
        "l2": 1e-3,
        "early_stopping": {"patience": 3, "restore_best": False},
        "init": {"type": "kaiming"},
        "seed": 7,
        "device": "cpu",
    }
    config = TrainConfig.from_dict(section)
    assert config.optimizer.nesterov and config.schedule.type == "plateau"
    assert config.early_stopping is not None and config.early_stopping.patience == 3
    assert TrainConfig.from_dict(config.to_dict()) == config


def test_shorthands_and_aliases() -> None:
    config = TrainConfig.from_dict({"optimizer": "sgd", "schedule": "cosine", "loss": "L1", "init": "he"})
    assert config.optimizer.lr == 0.01  # SGD's own default
    assert (config.schedule.type, config.loss, config.init.type) == ("cosine", "mae", "kaiming")
    assert TrainConfig.from_dict({"loss": "sparse_categorical_crossentropy"}).loss == "cross_entropy"
    assert TrainConfig.from_dict({"early_stopping": True}).early_stopping is not None


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ({"epochs": 0}, "epochs"),
        ({"epochs": "ten"}, "epochs"),
        ({"batch_size": True}, "batch_size"),
        ({"optimizer": {"type": "lbfgs"}}, "optimizer.type"),
        ({"optimizer": {"lr": -1}}, "optimizer.lr"),
        ({"optimizer": {"type": "adam", "nesterov": True}}, "optimizer.nesterov"),
        ({"optimizer": {"betas": [0.9, 0.99]}}, "optimizer.betas"),
        ({"schedule": {"type": "exp"}}, "schedule.type"),
        ({"loss": "hinge"}, "loss"),
        ({"device": "tpu"}, "device"),
        ({"learning_rate": 0.1}, "learning_rate"),
        ({"early_stopping": {"patience": 0}}, "early_stopping.patience"),
        ({"init": {"type": "orthogonal"}}, "init.type"),
        ({"l2": float("nan")}, "l2"),
    ],
)
def test_bad_values_name_the_field(section: dict, field: str) -> None:
    with pytest.raises(ConfigError) as info:
        TrainConfig.from_dict(section)
    assert info.value.field == field
    assert isinstance(info.value, NetBuilderError)
    assert f"training.{field}" in str(info.value)
