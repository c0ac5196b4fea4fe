"""The batcher turns a fast generator into few batches a second, with rate-limited probes and a clean end."""

from __future__ import annotations

import time
import types
from typing import Any

import numpy as np
import pytest
import torch

from netbuilder.training.events import EpochStats, Finished, Paused, Snapshot, StepStats, TrainResult
from netbuilder.training.runner.batching import CURVE_HZ, PROBE_HZ, EventBatcher, ProgressBatch, RunFailure


def fake_events(steps: int, snapshot_every: int = 10, delay: float = 0.0) -> Any:
    model = torch.nn.Linear(2, 2)
    start = time.perf_counter()
    for i in range(1, steps + 1):
        if delay:
            time.sleep(delay)
        yield StepStats(1, i, steps, i, 1.0 / i, 0.01, i, time.perf_counter() - start)
        if i % snapshot_every == 0:
            yield Snapshot(1, i, time.perf_counter() - start, model)
    yield EpochStats(1, 1, 0.5, 0.6, {"accuracy": 0.9}, 0.01, 0.1, True)
    yield Finished(TrainResult())


class Sink:
    def __init__(self) -> None:
        self.batches: list[ProgressBatch] = []
        self.frames: list[Any] = []
        self.ended: list[Any] = []

    def batcher(self, probe: Any = None) -> EventBatcher:
        return EventBatcher(self.batches.append, self.frames.append, self.ended.append, probe)


def test_steps_are_batched_and_probes_rate_limited() -> None:
    sink = Sink()
    batcher = sink.batcher(lambda model: model.weight.sum().item())
    end = batcher.run(fake_events(3000, delay=0.0002))
    assert isinstance(end, Finished) and sink.ended == [end]
    assert sum(len(b.step_x) for b in sink.batches) == 3000 == batcher.steps
    elapsed = sink.batches[-1].last_step.elapsed
    # <= CURVE_HZ plus the immediate first flush and the final one: never one batch per step.
    assert len(sink.batches) <= elapsed * CURVE_HZ + 3
    assert 1 <= len(sink.frames) <= elapsed * PROBE_HZ + 3
    assert sink.batches[0].step_loss[0] == 1.0  # the very first step is sent at once
    assert any(b.epochs for b in sink.batches)


def test_flushes_follow_engine_time_not_wall_time() -> None:
    def events() -> Any:
        # 1000 steps of 10 ms engine time each, delivered as fast as possible.
        for i in range(1, 1001):
            yield StepStats(1 + (i - 1) // 100, 1 + (i - 1) % 100, 100, i, 1.0 / i, 0.01, i, 0.01 * i)
        yield Finished(TrainResult())

    sink = Sink()
    sink.batcher().run(events())
    assert abs(len(sink.batches) - 10.0 * CURVE_HZ) <= 3  # 10 s of engine time, whatever the wall time
    assert sink.batches[0].step_x[0] == 0.01  # the first step at once, x in epochs
    x = np.concatenate([b.step_x for b in sink.batches])
    assert np.allclose(x, np.arange(1, 1001) / 100)  # = epoch - 1 + step / steps_per_epoch


def test_a_single_step_while_paused_is_flushed_and_probed_at_once() -> None:
    model = torch.nn.Linear(2, 2)

    def events() -> Any:
        yield StepStats(1, 1, 10, 1, 1.0, 0.01, 1, 0.001)
        yield Snapshot(1, 1, 0.001, model)
        yield Paused(1)
        yield StepStats(1, 2, 10, 2, 0.9, 0.01, 2, 0.002)  # one step granted while paused
        yield Paused(2)
        yield Finished(TrainResult())

    sink = Sink()
    sink.batcher(lambda m: "frame").run(events())
    assert [b.paused for b in sink.batches][:2] == [None, True]
    assert any(len(b.step_x) == 1 and b.step_x[0] == 0.2 for b in sink.batches)  # the step, shown while paused
    assert len(sink.frames) >= 2  # the paused step's effect is probed, not left for the next 200 ms


def test_exception_in_generator_becomes_a_failure() -> None:
    def events() -> Any:
        yield StepStats(1, 1, 1, 1, 1.0, 0.1, 1, 0.0)
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (4x3 and 2x5)")

    sink = Sink()
    end = sink.batcher().run(events())
    assert isinstance(end, RunFailure) and sink.ended == [end]
    assert "shape" in end.message


def test_a_broken_probe_stops_the_views_not_the_training() -> None:
    sink = Sink()
    end = sink.batcher(lambda model: 1 / 0).run(fake_events(200, snapshot_every=1))
    assert isinstance(end, Finished) and not sink.frames
    assert sum(len(b.step_x) for b in sink.batches) == 200


def test_probability_colouring_is_bounded() -> None:
    from netbuilder.training.runner.colors import probabilities_to_rgb

    probs = np.random.default_rng(0).dirichlet([1, 1, 1], size=(5, 7))
    rgb = probabilities_to_rgb(probs)
    assert rgb.shape == (5, 7, 3) and rgb.dtype == np.uint8


def test_probes_take_a_bounded_share_of_the_run() -> None:
    """A probe's rate follows its measured cost: an expensive one runs rarely, a cheap one often."""

    def events(model: Any) -> Any:
        # 2 s of engine time, a snapshot offered every 10 ms (the clock is the events' own).
        for i in range(1, 201):
            yield StepStats(1, i, 200, i, 1.0, 0.01, i, 0.01 * i)
            yield Snapshot(1, i, 0.01 * i, model)
        yield Finished(TrainResult())

    model = torch.nn.Linear(2, 2)

    def slow(_model: Any) -> str:
        time.sleep(0.02)  # 20 ms a probe: at 1.3 % of the run, one every 1.5 s
        return "slow"

    slow_sink = Sink()
    batcher = slow_sink.batcher(slow)
    batcher.run(events(model))
    assert 3 <= len(slow_sink.frames) <= 2.0 / 0.4 + 2
    assert batcher.probe_seconds >= 0.02 * len(slow_sink.frames)
    fast_sink = Sink()
    fast_sink.batcher(lambda _m: "fast").run(events(model))
    assert len(fast_sink.frames) >= 2.0 * PROBE_HZ - 2  # cheap: as often as PROBE_HZ allows


def test_probes_keep_the_rate_their_budget_allows_between_snapshot_ticks(monkeypatch: Any) -> None:
    """Snapshots come every 25 ms; a probe whose budget allows one every 88 ms runs 11.4 times a
    second, not 10 (one at the first tick after each 88 ms gap)."""
    from netbuilder.training.runner import batching

    clock = [0.0]
    monkeypatch.setattr(batching, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    share, cost = 0.01, 0.00088  # gap = cost / share = 88 ms

    def probe(_model: Any) -> str:
        clock[0] += cost  # what the batcher measures the probe to take
        return "frame"

    def events(model: Any) -> Any:
        for i in range(1, 401):  # 10 s of engine time
            yield StepStats(1, i, 400, i, 1.0, 0.01, i, 0.025 * i)
            yield Snapshot(1, i, 0.025 * i, model)
        yield Finished(TrainResult())

    sink = Sink()
    batcher = EventBatcher(sink.batches.append, sink.frames.append, sink.ended.append, probe, probe_share=share)
    batcher.run(events(torch.nn.Linear(2, 2)))
    during = len(sink.frames) - 1  # the last one is the final weights'
    assert 10.0 / 0.088 - 2 <= during <= 10.0 / 0.088 + 1  # 113.6 a run, not 100
    assert batcher.probe_seconds <= share * 10.0 + 2 * cost  # the budget, besides the first and the final


def test_sending_a_frame_counts_in_what_the_probe_cost(monkeypatch: Any) -> None:
    """Computing a frame and handing it on (pickling, the pipe) both ration the next probe; the
    probes' own count (the costs table) keeps the computing alone."""
    from netbuilder.training.runner import batching

    clock = [0.0]
    monkeypatch.setattr(batching, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    share, compute, send = 0.01, 0.0006, 0.0004  # gap = (compute + send) / share = 100 ms

    def probe(_model: Any) -> str:
        clock[0] += compute
        return "frame"

    def on_probe(frame: Any) -> None:
        clock[0] += send
        frames.append(frame)

    def events(model: Any) -> Any:
        for i in range(1, 401):  # 10 s of engine time, a snapshot every 25 ms
            yield StepStats(1, i, 400, i, 1.0, 0.01, i, 0.025 * i)
            yield Snapshot(1, i, 0.025 * i, model)
        yield Finished(TrainResult())

    frames: list[Any] = []
    batcher = EventBatcher(lambda _b: None, on_probe, lambda _e: None, probe, probe_share=share)
    batcher.run(events(torch.nn.Linear(2, 2)))
    assert 99 <= len(frames) - 1 <= 101  # one every 100 ms, not every 60 ms (computing alone)
    assert batcher.probe_seconds == pytest.approx(compute * len(frames))
