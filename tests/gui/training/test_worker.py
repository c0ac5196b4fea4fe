"""The worker batches a fast generator: few signals, rate-limited probes, a clean end, no thread left."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import torch

from netbuilder.gui.training.worker import RunFailure, TrainingThread
from netbuilder.training.events import EpochStats, Finished, Snapshot, StepStats, TrainResult


def fake_events(steps: int, snapshot_every: int = 10, delay: float = 0.0) -> Any:
    model = torch.nn.Linear(2, 2)
    start = time.perf_counter()
    for i in range(1, steps + 1):
        if delay:
            time.sleep(delay)
        yield StepStats(1, i, steps, i, 1.0 / i, 0.01, i, time.perf_counter() - start)
        if i % snapshot_every == 0:
            yield Snapshot(1, i, 0.0, model)
    yield EpochStats(1, 1, 0.5, 0.6, {"accuracy": 0.9}, 0.01, 0.1, True)
    yield Finished(TrainResult())


def test_steps_are_batched_and_probes_rate_limited(qtbot: Any) -> None:
    batches: list[Any] = []
    probes: list[Any] = []
    ended: list[Any] = []
    thread = TrainingThread(lambda: (fake_events(3000, delay=0.0002), None), lambda model: model.weight.sum().item())
    thread.progressed.connect(batches.append)
    thread.probed.connect(probes.append)
    thread.run_ended.connect(ended.append)
    with qtbot.waitSignal(thread.finished, timeout=20_000):
        thread.start()
    qtbot.waitUntil(lambda: bool(ended))
    assert isinstance(ended[0], Finished)
    steps = sum(len(b.step_x) for b in batches)
    assert steps == 3000
    elapsed = batches[-1].last_step.elapsed if batches[-1].last_step else 1.0
    # <= 10 Hz plus the immediate first flush and the final one: never one signal per step.
    assert len(batches) <= elapsed * 10 + 3
    assert len(probes) <= elapsed * 5 + 3
    assert batches[0].step_loss[0] == 1.0  # the very first step is sent at once
    assert any(b.epochs for b in batches)
    assert not thread.isRunning()


def test_exception_in_generator_becomes_a_failure(qtbot: Any) -> None:
    def broken() -> Any:
        def events() -> Any:
            yield StepStats(1, 1, 1, 1, 1.0, 0.1, 1, 0.0)
            raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (4x3 and 2x5)")

        return events(), None

    ended: list[Any] = []
    thread = TrainingThread(broken)
    thread.run_ended.connect(ended.append)
    with qtbot.waitSignal(thread.finished, timeout=5000):
        thread.start()
    qtbot.waitUntil(lambda: bool(ended))
    assert isinstance(ended[0], RunFailure)
    assert "shape" in ended[0].message


def test_probability_colouring_is_bounded() -> None:
    from netbuilder.gui.training.plot_style import probabilities_to_rgb

    probs = np.random.default_rng(0).dirichlet([1, 1, 1], size=(5, 7))
    rgb = probabilities_to_rgb(probs)
    assert rgb.shape == (5, 7, 3) and rgb.dtype == np.uint8
