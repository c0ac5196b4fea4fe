"""Benchmark: the live diagnostics as the app runs them, in the training process's own job loop.

For spiral (tanh, as bundled), a ReLU spiral (linear regions counted too) and the digits MLP, runs
:func:`~netbuilder.training.runner.process.run_job` with diagnostics on and off, alternating, and
prints per reading the median cost of every diagnostic together (gradient flow, unit health, weight
and activation histograms, regions), the readings per second, and the steps/s on vs off (medians of
the alternating runs: a shared machine's load shifts both alike). The live views (decision grid,
activation maps) run in both, as in the app.
Run: ``python tests/benchmarks/bench_diagnostics_gui.py [--repeats 3]``. Not a test: prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from netbuilder.core.examples import load_example
from netbuilder.core.project import Project
from netbuilder.training.control import TrainControl
from netbuilder.training.runner.messages import Diagnosed, Job, RunEnded
from netbuilder.training.runner.process import DatasetCache, job_environment, run_job

sys.path.insert(0, str(Path(__file__).parent))
from bench_diagnostics import spiral_relu  # a sibling script, not a package


def one_run(project: Project, diagnose: bool, datasets: DatasetCache) -> tuple[float, list[float], float]:
    """(steps/s, reading costs in ms, seconds) of one run."""
    replies: list[Any] = []
    job = Job(project.to_dict(), None, None, job_environment(), diagnose=diagnose)
    run_job(job, TrainControl(), replies.append, datasets)
    end = replies[-1]
    assert isinstance(end, RunEnded), end
    result = end.event.result
    costs = [r.frame.cost_ms for r in replies if isinstance(r, Diagnosed)][1:]  # the first pays warm-ups
    return result.steps / result.seconds, costs, result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cases = [("spiral (tanh)", load_example("spiral"), 600), ("spiral (ReLU)", spiral_relu(), 600)]
    cases.append(("digits MLP", load_example("seed-digits-mlp"), 60))
    datasets = DatasetCache()
    header = f"{'model':<15} {'ms/reading':>10} {'p90 ms':>7} {'readings/s':>10} {'steps/s off':>11} {'on':>8}"
    print(header + f" {'on/off':>6}")
    for name, project, epochs in cases:
        project.training = dict(project.training, epochs=epochs)
        one_run(project, True, datasets)  # warm the dataset cache and torch up
        off, on, costs, readings = [], [], [], []
        for _ in range(args.repeats):
            rate, _, _ = one_run(project, False, datasets)
            off.append(rate)
            rate, found, seconds = one_run(project, True, datasets)
            on.append(rate)
            costs += found
            readings.append(len(found) / seconds)
        median_off, median_on = statistics.median(off), statistics.median(on)
        p90 = statistics.quantiles(costs, n=10)[-1] if len(costs) > 1 else costs[0]
        print(
            f"{name:<15} {statistics.median(costs):>10.2f} {p90:>7.2f} {statistics.median(readings):>10.1f}"
            f" {median_off:>11,.0f} {median_on:>8,.0f} {median_on / median_off:>6.2f}"
        )


if __name__ == "__main__":
    main()
