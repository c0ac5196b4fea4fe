"""Acceptance: the bundled examples train out of the box with their saved settings."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.training import probes
from netbuilder.training.config import TrainConfig
from netbuilder.training.events import EpochStats, Finished
from netbuilder.training.session import prepare


def _train(name: str, **overrides: object) -> tuple[Finished, object, list[EpochStats]]:
    project = load_example(name)
    config = TrainConfig.from_dict({**project.training, **overrides})
    setup = prepare(project, config)
    events = list(setup.trainer().run())
    end = events[-1]
    assert isinstance(end, Finished), end
    return end, setup, [e for e in events if isinstance(e, EpochStats)]


@pytest.mark.slow
def test_digits_mlp_reaches_96_percent() -> None:
    end, setup, _ = _train("seed-digits-mlp")
    assert end.result.test_metrics["accuracy"] >= 0.96
    assert setup.train_model is not setup.model  # trained on logits; the Softmax stays for inference


def test_digits_seed_002_sgd_setting_runs_and_learns() -> None:
    # Seed 002: SGD lr 0.01, batch 32, 10 epochs; documented in the example's training note as slower.
    end, _, epochs = _train("seed-digits-mlp", optimizer={"type": "sgd", "lr": 0.01}, batch_size=32, epochs=10)
    assert "sgd" in load_example("seed-digits-mlp").training["note"].lower()
    assert epochs[-1].train_loss < epochs[0].train_loss
    assert end.result.test_metrics["accuracy"] > 0.3


@pytest.mark.slow
def test_relu_pieces_fits_kinks_in_most_seeds() -> None:
    passed = 0
    for seed in range(10):
        end, setup, _ = _train("seed-relu-pieces", seed=seed)
        probe = probes.hinge_decomposition(setup.model, -2.0, 8.0)
        live = [u.kink for u in probe.units if u.kink is not None and abs(u.a) > 0.05 and not u.dead]
        near = [any(abs(k - target) <= 0.15 for k in live) for target in (1.0, 4.0)]
        passed += end.result.test_metrics["mae"] <= 0.05 and all(near)
    assert passed >= 8


@pytest.mark.slow
def test_spiral_reaches_95_percent_within_seconds() -> None:
    start = time.perf_counter()
    end, _, _ = _train("spiral")
    assert end.result.test_metrics["accuracy"] >= 0.95
    assert time.perf_counter() - start < 10


def test_mlp_regression_loss_decreases() -> None:
    _, _, epochs = _train("seed-mlp-regression")
    losses = np.array([e.train_loss for e in epochs])
    assert np.mean(np.diff(losses)) < 0
    assert (np.diff(losses) < 0).mean() > 0.8
    assert losses[-1] < 0.5 * losses[0]


def _constant_mse(setup: object) -> float:
    y_train, y_test = setup.dataset.y_train, setup.dataset.y_test  # type: ignore[attr-defined]
    return float(((y_test - y_train.mean(0)) ** 2).mean())


@pytest.mark.slow
def test_lstm_beats_a_constant_predictor() -> None:
    end, setup, _ = _train("lstm-sequence")
    assert end.result.test_metrics["mse"] < 0.2 * _constant_mse(setup)


@pytest.mark.slow
def test_attention_beats_the_majority_class() -> None:
    end, setup, _ = _train("attention-sequence")
    y_train = setup.dataset.y_train  # type: ignore[attr-defined]
    majority = float((setup.dataset.y_test == torch.bincount(y_train).argmax()).float().mean())  # type: ignore[attr-defined]
    assert end.result.test_metrics["accuracy"] >= majority + 0.2


def test_notice_for_folded_softmax() -> None:
    setup = prepare(load_example("xor"))
    assert any("no double softmax" in n.message and n.node_id == "softmax1" for n in setup.notices)


def test_same_seed_same_history_on_a_compiled_example() -> None:
    def history() -> list[float]:
        end, _, _ = _train("circles", epochs=3)
        return [h["train_loss"] for h in end.result.history]

    assert history() == history()
