"""The recorder writes epochs in batches: the files read the same as one write per epoch would give."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from netbuilder.training.events import EpochStats, Finished, StepStats, TrainEvent, TrainResult
from netbuilder.training.runs import recorder as recorder_module
from netbuilder.training.runs.recorder import RunRecorder
from netbuilder.training.runs.store import PROGRESS_FILE, TENSORBOARD_FOLDER, read_progress

EPOCHS = 40


def events(epochs: int = EPOCHS, *, finish: bool = True) -> Iterator[TrainEvent]:
    """A made-up run of 3 steps an epoch, every value known in advance."""
    for epoch in range(1, epochs + 1):
        for step in range(1, 4):
            global_step = (epoch - 1) * 3 + step
            yield StepStats(epoch, step, 3, global_step, 1.0 / global_step, 0.1, global_step * 8, 0.01 * global_step)
        metrics = {"accuracy": epoch / epochs, "f1": math.sqrt(epoch / epochs)}
        yield EpochStats(epoch, epochs, 2.0 / epoch, 3.0 / epoch, metrics, 0.1 / epoch, 0.03 * epoch, True)
    if finish:
        yield Finished(TrainResult(epochs=epochs, steps=3 * epochs, test_metrics={"accuracy": 1.0}))


def record(folder: Path, stream: Iterator[TrainEvent]) -> list[TrainEvent]:
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 2)
    recorder = RunRecorder(folder, model, {"epochs": EPOCHS}, planned_epochs=EPOCHS)
    return list(recorder.record(stream))


def scalars(folder: Path) -> dict[str, list[tuple[int, float]]]:
    reader = EventAccumulator(str(folder / TENSORBOARD_FOLDER), size_guidance={"scalars": 0})
    reader.Reload()
    return {tag: [(s.step, s.value) for s in reader.Scalars(tag)] for tag in reader.Tags()["scalars"]}


@pytest.mark.parametrize("flush_seconds", [0.0, 1e9])
def test_every_epoch_is_written_once_in_order_whatever_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flush_seconds: float
) -> None:
    monkeypatch.setattr(recorder_module, "PROGRESS_FLUSH_SECONDS", flush_seconds)
    passed = record(tmp_path, events())
    assert passed == list(events())  # the events go through unchanged
    lines = read_progress(tmp_path / PROGRESS_FILE)
    assert [line["epoch"] for line in lines] == list(range(1, EPOCHS + 1))
    assert lines[9] == {
        "epoch": 10,
        "train_loss": 0.2,
        "val_loss": 0.3,
        "val_accuracy": 0.25,
        "val_f1": 0.5,
        "lr": 0.01,
        "seconds": 0.3,
    }
    found = scalars(tmp_path)
    assert [step for step, _ in found["loss/train"]] == list(range(1, EPOCHS + 1))
    assert found["loss/val"][3] == (4, pytest.approx(0.75))
    assert found["metric/accuracy"][-1] == (EPOCHS, pytest.approx(1.0))
    assert found["lr"][1] == (2, pytest.approx(0.05))


def test_batched_and_unbatched_files_hold_the_same_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recorder_module, "PROGRESS_FLUSH_SECONDS", 0.0)
    record(tmp_path / "each", events())
    monkeypatch.setattr(recorder_module, "PROGRESS_FLUSH_SECONDS", 1e9)
    record(tmp_path / "batched", events())
    each, batched = tmp_path / "each", tmp_path / "batched"
    assert (each / PROGRESS_FILE).read_text() == (batched / PROGRESS_FILE).read_text()
    assert scalars(each) == scalars(batched)


def test_an_abandoned_run_still_writes_its_buffered_epochs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The driver went away mid-run: the batcher stops reading and the stream is closed, not finished.
    monkeypatch.setattr(recorder_module, "PROGRESS_FLUSH_SECONDS", 1e9)
    model = torch.nn.Linear(2, 2)
    stream = RunRecorder(tmp_path, model, {"epochs": EPOCHS}, planned_epochs=EPOCHS).record(events(finish=False))
    for event in stream:
        if isinstance(event, EpochStats) and event.epoch == 7:
            break
    stream.close()
    assert [line["epoch"] for line in read_progress(tmp_path / PROGRESS_FILE)] == list(range(1, 8))
