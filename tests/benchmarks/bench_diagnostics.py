"""Benchmark: the cost of each learning diagnostic per update, and training speed with all of them on.

For spiral, a ReLU variant of spiral (so that linear regions have something to count) and the digits
MLP: each probe's median milliseconds per update, read at the snapshots of a real run; then one run
with every diagnostic computed at each snapshot (``--rate`` per second, what the GUI's heavy views
get), reporting the share of wall time the probes took. Steps/s with diagnostics on vs off is
``1 − share`` of the same run, which is robust on a shared machine where two separate runs are not.
The one-off jobs (learning-rate range test, loss landscape, explained step) are timed once each.
Run: ``python tests/benchmarks/bench_diagnostics.py``. Not a test: prints tables.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import torch

from netbuilder.core.examples import load_example
from netbuilder.core.project import Project, project_from_dict
from netbuilder.training import probes
from netbuilder.training.config import TrainConfig
from netbuilder.training.events import Snapshot
from netbuilder.training.explain import explain_step
from netbuilder.training.landscape import flat_weights, landscape_for
from netbuilder.training.lr_finder import find_lr
from netbuilder.training.objective import objective
from netbuilder.training.optim import make_optimizer
from netbuilder.training.session import TrainingSetup, prepare

REGION_GRID = 100  # the decision grid's resolution in the GUI


def spiral_relu() -> Project:
    document = load_example("spiral").to_dict()
    for node in document["graph"]["nodes"]:
        if node["type"] == "Tanh":
            node["type"] = "ReLU"
    return project_from_dict(document)


class Diagnostics:
    """Every per-update probe, timed separately; what a live GUI run would compute at a snapshot."""

    def __init__(self, setup: TrainingSetup) -> None:
        self.setup = setup
        self.flow = probes.GradientFlow()
        self.bins = probes.weight_bins(setup.model)
        self.x = setup.data.x_train[:4096]
        self.plane = probes.plane_featurizer(setup.dataset) if "points_train" in setup.dataset.extras else None
        self.costs: dict[str, list[float]] = {}

    def probes(self) -> dict[str, Callable[[Snapshot], Any]]:
        found: dict[str, Callable[[Snapshot], Any]] = {
            "gradient flow": lambda e: self.flow.read(e.model, e.global_step),
            "unit health": lambda e: probes.unit_health(e.model, self.x),
            "weight hist.": lambda e: probes.weight_histograms(e.model, self.bins),
        }
        if self.plane is not None and probes.relu_patterns(self.setup.model, self.x[:1]).shape[1]:
            featurize, extent = self.plane
            found["regions"] = lambda e: probes.region_map(e.model, extent, REGION_GRID, featurize)
        return found

    def run(self, event: Snapshot) -> float:
        total = 0.0
        for name, probe in self.probes().items():
            start = time.perf_counter()
            probe(event)
            spent = time.perf_counter() - start
            self.costs.setdefault(name, []).append(spent)
            total += spent
        self.costs.setdefault("all", []).append(total)
        return total


def bench_run(name: str, project: Project, epochs: int, rate: float) -> tuple[Diagnostics, float, int, float]:
    config = TrainConfig.from_dict({**project.training, "epochs": epochs, "seed": 0, "device": "cpu"})
    setup = prepare(project, config)
    diagnostics = Diagnostics(setup)
    probe_seconds, steps = 0.0, 0
    start = time.perf_counter()
    for event in setup.trainer(snapshot_every_seconds=1.0 / rate).run():
        if isinstance(event, Snapshot) and event.global_step > 0:
            probe_seconds += diagnostics.run(event)
        steps = getattr(event, "global_step", steps)
    return diagnostics, probe_seconds, steps, time.perf_counter() - start


def time_jobs(project: Project) -> dict[str, float]:
    setup = prepare(project, TrainConfig.from_dict({**project.training, "seed": 0, "device": "cpu"}))
    times = {}
    start = time.perf_counter()
    list(find_lr(setup))
    times["lr finder (100 steps)"] = time.perf_counter() - start
    start = time.perf_counter()
    list(landscape_for(setup, resolution=21, trajectory=[flat_weights(setup.model)]))
    times["landscape 21x21"] = time.perf_counter() - start
    goal = objective(setup)
    optimizer = make_optimizer(goal.model.parameters(), setup.config.optimizer)
    first = next(name for name, p in goal.model.named_parameters() if p.ndim >= 2).split(".")[0]
    start = time.perf_counter()
    explain_step(goal.model, goal.x[:32], goal.y[:32], goal.loss_fn, optimizer, first)
    times["explained step"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--rate", type=float, default=10.0, help="snapshots per second (default 10)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    cases = [
        ("spiral", load_example("spiral")),
        ("spiral-relu", spiral_relu()),
        ("digits", load_example("seed-digits-mlp")),
    ]
    print(f"per-update probe cost, ms (median / max over the snapshots of a {args.epochs}-epoch run, {args.rate:g} Hz)")
    for name, project in cases:  # warm-up: the first optimiser construction imports torch._dynamo
        bench_run(name, project, 1, args.rate)
    rows = []
    for name, project in cases:
        diagnostics, probe_seconds, steps, wall = bench_run(name, project, args.epochs, args.rate)
        rows.append((name, diagnostics, probe_seconds, steps, wall))
    columns = ["gradient flow", "unit health", "weight hist.", "regions", "all"]
    print(f"{'model':<12}" + "".join(f"{c:>16}" for c in columns))
    for name, diagnostics, *_ in rows:
        cells = []
        for column in columns:
            values = diagnostics.costs.get(column)
            cells.append(f"{statistics.median(values) * 1e3:7.2f} /{max(values) * 1e3:6.2f}" if values else "n/a")
        print(f"{name:<12}" + "".join(f"{c:>16}" for c in cells))
    print("\ntraining with every diagnostic on (one run; off = the same run without the probe time)")
    header = ["steps", "snapshots", "probe share", "steps/s on", "steps/s off", "on/off"]
    print(f"{'model':<12}" + "".join(f"{h:>13}" for h in header))
    for name, diagnostics, probe_seconds, steps, wall in rows:
        share = probe_seconds / wall
        on, off = steps / wall, steps / (wall - probe_seconds)
        count = len(diagnostics.costs.get("all", []))
        print(f"{name:<12}{steps:>13}{count:>13}{share:>13.1%}{on:>13.0f}{off:>13.0f}{on / off:>13.3f}")
    print("\none-off jobs, seconds")
    for name, project in cases:
        times = time_jobs(project)
        print(f"{name:<12}" + "  ".join(f"{job}: {seconds:.3f}" for job, seconds in times.items()))


if __name__ == "__main__":
    main()
