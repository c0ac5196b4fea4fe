"""Benchmark: training steps/s with run logging on (run folder, checkpoints, TensorBoard) vs off.

Two workloads: the bundled spiral example (a tiny MLP: epochs of a few milliseconds, so per-epoch
logging weighs most) and a 784-512-512-10 MLP on random data (2.7 MB of weights per checkpoint).
Each is trained by the engine's generator, consumed as the training process does, with and without
:class:`RunRecorder` around it; wall time covers the whole run, final writes included. Best of
``--repeats``, on and off interleaved so that load from other processes hits both alike.
Run: ``python tests/benchmarks/bench_run_logging.py``. Not a test: prints a table. Target: ratio ≥ 0.95.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch

from netbuilder.core.examples import load_example
from netbuilder.training.config import TrainConfig
from netbuilder.training.runs.recorder import RunRecorder
from netbuilder.training.runs.store import folder_size
from netbuilder.training.session import prepare
from netbuilder.training.tensors import TrainData
from netbuilder.training.trainer import Trainer, final_event


def make_mlp(sizes: list[int]) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


Build = Callable[[], tuple[Trainer, torch.nn.Module, dict[str, object]]]


def spiral(epochs: int) -> Build:
    project = load_example("spiral")
    project.training = dict(project.training, epochs=epochs, seed=0, threads=1)
    dataset = prepare(project).dataset

    def build() -> tuple[Trainer, torch.nn.Module, dict[str, object]]:
        setup = prepare(project, dataset=dataset)
        return setup.trainer(), setup.model, setup.config.to_dict()

    return build


def mlp(epochs: int, samples: int = 16384) -> Build:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(samples, 784, generator=generator)
    y = torch.randint(0, 10, (samples,), generator=generator)
    data = TrainData.from_arrays("classification", x, y, num_classes=10)
    section = {"epochs": epochs, "batch_size": 64, "loss": "cross_entropy", "device": "cpu", "seed": 0}
    config = TrainConfig.from_dict(section)

    def build() -> tuple[Trainer, torch.nn.Module, dict[str, object]]:
        torch.manual_seed(0)
        model = make_mlp([784, 512, 512, 10])
        return Trainer(model, data, config), model, config.to_dict()

    return build


def steps_per_second(build: Build, logging_on: bool) -> tuple[float, float, int]:
    """(steps/s, share of the run's wall time spent recording, bytes written) of one run."""
    trainer, model, training = build()
    folder = Path(tempfile.mkdtemp(prefix="bench-run-"))
    try:
        start = time.perf_counter()
        events = trainer.run()
        recorder = None
        if logging_on:
            epochs = int(training["epochs"])  # type: ignore[call-overload]
            recorder = RunRecorder(folder, model, training, planned_epochs=epochs)
            events = recorder.record(events)
        end = final_event(events)
        seconds = time.perf_counter() - start
        size = folder_size(folder)
        spent = recorder.seconds / seconds if recorder is not None else 0.0
        return end.result.steps / seconds, spent, size  # type: ignore[union-attr]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    workloads = {"spiral (example MLP), 300 epochs": spiral(300), "MLP 784-512-512-10, 4 epochs": mlp(4)}
    rows = []
    for name, build in workloads.items():
        off: list[float] = []
        on: list[tuple[float, float, int]] = []
        for _ in range(args.repeats):
            off.append(steps_per_second(build, False)[0])
            on.append(steps_per_second(build, True))
        best_on = max(on, key=lambda r: r[0])
        rows.append((name, max(off), best_on[0], best_on[0] / max(off), best_on[1], best_on[2]))
    header = f"{'workload':<36} {'off steps/s':>12} {'on steps/s':>12} {'on/off':>7} {'logging':>8} {'run size':>10}"
    print(header)
    print("-" * len(header))
    for name, off_rate, on_rate, ratio, spent, size in rows:
        print(f"{name:<36} {off_rate:>12,.0f} {on_rate:>12,.0f} {ratio:>7.3f} {spent:>8.1%} {size / 1e6:>7.2f} MB")
    print("logging: the share of the logged run's wall time spent in the recorder (measured directly; the")
    print("on/off ratio also carries the noise of other processes on the machine).")


if __name__ == "__main__":
    main()
