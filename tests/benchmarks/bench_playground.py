"""Benchmark: TensorFlow Playground's own configuration, trained the way the app trains it.

Run: ``python tests/benchmarks/bench_playground.py [--seconds 6]``. Two tables:

1. Playground's spiral setting (x1, x2 only; 2-8-8 tanh; SGD 0.03; batch 10; 250 points, half for
   testing) run through the training process's own job function (``run_job``: batching, the live
   decision-boundary probe and the pickling of every reply included): epochs/s and boundary frames/s.
   TensorFlow Playground on this machine: 33 epochs/s with a redraw every epoch (architecture.md).
2. Seconds of training until the bundled examples reach Playground's targets: spiral test accuracy
   ≥ 95 %, circle and XOR test loss < 0.05 (Playground: ~1.1 s and ~1.0 s for circle and XOR).

Timings are wall-clock on a shared machine: compare rows of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
from typing import Any

from netbuilder.core.examples import load_example
from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.training.control import TrainControl
from netbuilder.training.events import EpochStats
from netbuilder.training.runner.messages import Job, Probed, Progress
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.session import prepare
from netbuilder.training.warmup import warm_up

log = logging.getLogger("bench_playground")


def playground_spiral(epochs: int) -> Project:
    graph = Graph()
    ids = [graph.add_node("Input", {"shape": [2]}, (0, 0)).id]
    for i, (kind, params) in enumerate(
        [
            ("Dense", {"out_features": 8}),
            ("Tanh", {}),
            ("Dense", {"out_features": 8}),
            ("Tanh", {}),
            ("Dense", {"out_features": 2}),
        ]
    ):
        ids.append(graph.add_node(kind, params, (200 * (i + 1), 0)).id)
        graph.connect(ids[-2], ids[-1])
    return Project(
        graph=graph,
        name="Playground spiral",
        dataset={"kind": "spiral", "samples": 500, "noise": 0.0, "split": [0.5, 0.0, 0.5]},
        training={
            "optimizer": {"type": "sgd", "lr": 0.03},
            "batch_size": 10,
            "epochs": epochs,
            "loss": "cross_entropy",
            "threads": 1,
            "seed": 1,
        },
    )


def live_run(seconds: float) -> dict[str, float]:
    control = TrainControl()
    counts = {"frames": 0, "bytes": 0}
    started = time.perf_counter()
    last_epoch = 0

    def send(reply: Any) -> None:
        nonlocal last_epoch
        counts["bytes"] += len(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))  # what the pipe carries
        if isinstance(reply, Probed):
            counts["frames"] += 1
        elif isinstance(reply, Progress) and reply.batch.epochs:
            last_epoch = reply.batch.epochs[-1][0]
        if time.perf_counter() - started > seconds:
            control.stop()

    run_job(Job(playground_spiral(100_000).to_dict(), None, None, job_environment()), control, send)
    elapsed = time.perf_counter() - started
    return {
        "epochs_s": last_epoch / elapsed,
        "frames_s": counts["frames"] / elapsed,
        "mb_s": counts["bytes"] / elapsed / 1e6,
    }


def time_to_target(name: str, metric: str, goal: float, below: bool) -> float:
    """Seconds of training until the example's held-out ``metric`` passes ``goal`` (nan if it never does)."""
    project = load_example(name)
    project.training = dict(project.training, epochs=1000)
    setup = prepare(project)
    for event in setup.trainer(TrainControl()).run():
        if isinstance(event, EpochStats):
            value = event.val_loss if metric == "loss" else event.val_metrics.get(metric)
            if value is not None and (value < goal if below else value >= goal):
                return event.elapsed
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    warm_up()  # what the training process does before its first job (the malloc settings included)
    live = live_run(args.seconds)
    print("| Playground spiral config (2-8-8 tanh, SGD 0.03, batch 10) | epochs/s | boundary frames/s | MB/s to GUI |")
    print("|---|---|---|---|")
    print(f"| NetBuilder, live boundary | {live['epochs_s']:.0f} | {live['frames_s']:.1f} | {live['mb_s']:.2f} |")
    print("| TensorFlow Playground (measured here, architecture.md) | 33 | 33 | |")
    print()
    print("| example | target | NetBuilder s | Playground s |")
    print("|---|---|---|---|")
    for name, metric, goal, below, theirs in (
        ("spiral", "accuracy", 0.95, False, "never < 0.05 loss in 120 s"),
        ("circles", "loss", 0.05, True, "1.1"),
        ("xor", "loss", 0.05, True, "1.0"),
    ):
        seconds = time_to_target(name, metric, goal, below)
        target = f"val {metric} {'<' if below else '≥'} {goal}"
        print(f"| {name} | {target} | {seconds:.2f} | {theirs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
