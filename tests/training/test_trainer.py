from __future__ import annotations

import math
import threading
import time

import pytest
import torch
from torch import nn

from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.events import (
    EpochStats,
    Failed,
    Finished,
    Paused,
    Resumed,
    Snapshot,
    StepStats,
    Stopped,
)
from netbuilder.training.optim import LRSchedule
from netbuilder.training.trainer import Trainer, final_event
from tests.training.helpers import blobs, line, mlp


def _config(**section: object) -> TrainConfig:
    base = {"epochs": 3, "batch_size": 16, "optimizer": {"type": "adam", "lr": 0.01}, "device": "cpu"}
    base.update(section)
    return TrainConfig.from_dict(base)


def test_trains_and_reports_metrics() -> None:
    events = list(Trainer(mlp(), blobs(), _config(epochs=20)).run())
    steps = [e for e in events if isinstance(e, StepStats)]
    epochs = [e for e in events if isinstance(e, EpochStats)]
    end = events[-1]
    assert isinstance(end, Finished) and end.reason == "completed"
    assert len(epochs) == 20 and len(steps) == 20 * math.ceil(120 / 16)
    assert steps[-1].global_step == len(steps) and steps[0].steps_per_epoch == 8
    assert end.result.test_metrics["accuracy"] >= 0.9
    assert set(end.result.test_metrics) == {"accuracy", "precision", "recall", "f1"}
    assert epochs[-1].val_metrics["accuracy"] >= 0.9
    assert end.result.best_state is not None and end.result.last_state is not None


def test_regression_metrics_and_losses() -> None:
    for loss in ("mse", "mae", "huber"):
        end = final_event(Trainer(nn.Linear(1, 1), line(), _config(epochs=40, loss=loss, batch_size=8)).run())
        assert isinstance(end, Finished)
        assert set(end.result.test_metrics) == {"mse", "rmse", "mae", "r2"}
        assert end.result.test_metrics["r2"] > 0.9, loss


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "adamw", "rmsprop"])
def test_every_optimizer_learns(optimizer: str) -> None:
    section = {"type": optimizer, "lr": 0.05}
    if optimizer == "sgd":
        section.update(momentum=0.9, nesterov=True)
    events = list(Trainer(mlp(), blobs(), _config(epochs=8, optimizer=section)).run())
    losses = [e.train_loss for e in events if isinstance(e, EpochStats)]
    assert losses[-1] < losses[0]


def test_same_seed_same_history_and_different_seed_differs() -> None:
    def history(seed: int) -> list[float]:
        config = _config(epochs=3, seed=seed, l2=1e-3)
        return [e.loss for e in Trainer(mlp(), blobs(), config).run() if isinstance(e, StepStats)]

    assert history(5) == history(5)
    assert history(5) != history(6)


def test_pause_single_step_resume_and_stop_single_threaded() -> None:
    control = TrainControl()
    gen = Trainer(mlp(), blobs(), _config(epochs=50), control=control, pause_poll=0.01).run()
    first = next(e for e in gen if isinstance(e, StepStats))
    assert first.global_step == 1
    control.pause()
    assert isinstance(next(gen), Paused)
    assert isinstance(next(gen), Paused)  # still paused: repeated so the driver keeps control
    control.step()
    events = [next(gen), next(gen), next(gen)]
    assert isinstance(events[0], Resumed)
    assert isinstance(events[1], StepStats) and events[1].global_step == 2
    assert isinstance(events[2], Paused)
    control.set_lr(0.5)
    control.resume()
    nxt = next(e for e in gen if isinstance(e, StepStats))
    assert nxt.global_step == 3 and nxt.lr == 0.5
    control.stop()
    rest = list(gen)
    assert isinstance(rest[-1], Stopped)
    assert not any(isinstance(e, StepStats) for e in rest)
    assert rest[-1].result.steps == 3
    assert rest[-1].result.test_metrics  # evaluated what was trained so far


def test_control_from_another_thread() -> None:
    control = TrainControl()
    trainer = Trainer(mlp(), blobs(), _config(epochs=100_000), control=control, pause_poll=0.05)
    seen: list[object] = []

    def consume() -> None:
        seen.extend(trainer.run())

    worker = threading.Thread(target=consume)
    worker.start()
    time.sleep(0.3)
    control.pause()
    time.sleep(0.2)
    count = sum(isinstance(e, StepStats) for e in seen)
    time.sleep(0.2)
    assert sum(isinstance(e, StepStats) for e in seen) == count  # paused: no steps
    control.step(3)
    time.sleep(0.2)
    assert sum(isinstance(e, StepStats) for e in seen) == count + 3
    control.resume()
    time.sleep(0.1)
    control.stop()
    worker.join(5)
    assert not worker.is_alive()
    assert isinstance(seen[-1], Stopped)
    assert sum(isinstance(e, StepStats) for e in seen) > count + 3


def test_snapshots_every_n_steps_give_a_consistent_model() -> None:
    trainer = Trainer(mlp(), blobs(), _config(epochs=2), snapshot_every_steps=4)
    snaps = []
    for event in trainer.run():
        if isinstance(event, Snapshot):
            assert not event.model.training
            with torch.no_grad():
                event.model(torch.zeros(3, 2))  # the consumer may run probes here
            snaps.append(event.global_step)
    assert snaps == [0, 4, 8, 12, 16, 16]  # start, every 4 steps, and the final state


def test_snapshots_at_doubling_steps_see_the_runs_first_moments() -> None:
    # What the diagnostics read at the start of a run (steps 1, 2, 4, …), with no snapshot per epoch.
    events = list(Trainer(mlp(), blobs(), _config(epochs=5), snapshot_at_doublings=True).run())
    snaps = [event.global_step for event in events if isinstance(event, Snapshot)]
    steps = sum(isinstance(event, StepStats) for event in events)
    assert steps > 20
    assert snaps == [0, *(2**k for k in range(steps.bit_length()) if 2**k <= steps), steps]


def test_nan_gradient_names_the_first_bad_layer_and_keeps_weights() -> None:
    class Boom(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc1 = nn.Linear(2, 4)
            self.fc2 = nn.Linear(4, 2)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.fc2(torch.sqrt(self.fc1(x) - 100.0).nan_to_num(0.0) + self.fc1(x))

    model = Boom()
    end = final_event(Trainer(model, blobs(), _config(), node_order=["fc1", "fc2"]).run())
    assert isinstance(end, Failed)
    assert end.node_id == "fc1"
    assert "'fc1'" in end.message and "epoch 1, step 1" in end.message
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_huge_learning_rate_fails_cleanly() -> None:
    end = final_event(
        Trainer(nn.Linear(1, 1), line(), _config(epochs=50, loss="mse", optimizer={"type": "sgd", "lr": 10.0})).run()
    )
    assert isinstance(end, Failed)
    assert "NaN or infinite" in end.message or "loss became" in end.message


def test_early_stopping_restores_best() -> None:
    config = _config(epochs=200, optimizer={"type": "adam", "lr": 0.05}, early_stopping={"patience": 3})
    events = list(Trainer(mlp(hidden=64), blobs(n=60), config).run())
    end = events[-1]
    assert isinstance(end, Finished) and end.reason == "early_stopping"
    assert end.result.epochs < 200
    best = end.result.best_epoch
    assert best is not None and end.result.epochs - best == 3
    assert end.result.restored_best


def test_softmax_output_trains_on_logits() -> None:
    logits = mlp()
    model = nn.Sequential(logits, nn.Softmax(dim=-1))
    end = final_event(Trainer(model, blobs(), _config(epochs=20), train_model=logits).run())
    assert isinstance(end, Finished)
    assert end.result.test_metrics["accuracy"] >= 0.9
    # Without the fold, probabilities would need output_is_probability (log, not a second softmax).
    end2 = final_event(
        Trainer(nn.Sequential(mlp(), nn.Softmax(dim=-1)), blobs(), _config(epochs=20), output_is_probability=True).run()
    )
    assert end2.result.test_metrics["accuracy"] >= 0.9


def test_binary_cross_entropy_with_one_output() -> None:
    end = final_event(Trainer(mlp(outputs=1), blobs(), _config(epochs=20, loss="bce")).run())
    assert end.result.test_metrics["accuracy"] >= 0.9


def test_schedules() -> None:
    from netbuilder.training.config import ScheduleConfig

    cosine = LRSchedule(ScheduleConfig(type="cosine", min_lr=0.0), 1.0, steps_per_epoch=10, total_steps=100)
    assert cosine.lr_at(1) == 1.0 and cosine.lr_at(51) == pytest.approx(0.5, abs=0.01) and cosine.lr_at(100) < 0.01
    step = LRSchedule(ScheduleConfig(type="step", step_size=2, gamma=0.5), 1.0, 10, 100)
    assert [step.lr_at(s) for s in (1, 20, 21, 41)] == [1.0, 1.0, 0.5, 0.25]
    plateau = LRSchedule(ScheduleConfig(type="plateau", patience=1, factor=0.5), 1.0, 10, 100)
    for loss in (1.0, 1.0, 1.0):
        plateau.epoch_end(loss)
    assert plateau.lr_at(31) == 0.5
    warm = LRSchedule(ScheduleConfig(warmup_epochs=1), 1.0, 10, 100)
    assert warm.lr_at(5) == 0.5 and warm.lr_at(11) == 1.0


def test_init_schemes_are_seeded() -> None:
    from netbuilder.training.config import InitConfig
    from netbuilder.training.init import initialize

    for kind in ("default", "xavier", "kaiming", "normal"):
        a, b = mlp(), mlp()
        initialize(a, InitConfig(type=kind), 3)
        initialize(b, InitConfig(type=kind), 3)
        assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    notes = initialize(mlp(), InitConfig(type="spread_kinks"), 0, torch.zeros(4, 2))
    assert notes and "single numeric input" in notes[0]


def test_spread_kinks_places_kinks_inside_the_data() -> None:
    from netbuilder.training.config import InitConfig
    from netbuilder.training.init import initialize

    model = mlp(inputs=1, hidden=4, outputs=1)
    x = torch.linspace(-2, 8, 50).reshape(-1, 1)
    initialize(model, InitConfig(type="spread_kinks"), 0, x, torch.full((50, 1), 3.0))
    kinks = (-model[0].bias / model[0].weight.reshape(-1)).tolist()
    assert kinks == pytest.approx([-0.75, 1.75, 4.25, 6.75])
    assert model[2].bias.detach().item() == 3.0 and not model[2].weight.detach().any()


def test_threads_follow_model_size_and_idle_cores() -> None:
    from netbuilder.training.device import pick_device, pick_threads

    assert pick_threads(1_000, cpu_count=2, busy=0.0) == 1
    assert pick_threads(700_000, cpu_count=2, busy=0.0) == 2
    assert pick_threads(700_000, cpu_count=2, busy=1.2) == 1  # another job holds a core
    assert pick_device("cpu").type == "cpu"
    assert pick_device("auto").type in ("cpu", "cuda", "mps")


def test_warm_up_runs() -> None:
    from netbuilder.training.warmup import warm_up

    warm_up()


def test_the_fast_mode_switch_sets_what_module_train_sets() -> None:
    from netbuilder.training.trainer import mode_switch

    model = nn.Sequential(nn.Linear(2, 4), nn.Dropout(0.5), nn.Sequential(nn.ReLU(), nn.Linear(4, 2)))
    switch = mode_switch(model)
    switch(False)
    assert all(not m.training for m in model.modules())
    x = torch.ones(8, 2)
    assert torch.equal(model(x), model(x))  # dropout is off: eval mode for real
    switch(True)
    assert all(m.training for m in model.modules())

    class OwnTrain(nn.Module):
        def train(self, mode: bool = True) -> OwnTrain:
            self.switched = mode
            return super().train(mode)

    special = nn.Sequential(nn.Linear(2, 2), OwnTrain())
    mode_switch(special)(False)
    assert special[1].switched is False and not special[0].training  # its own train() was called
