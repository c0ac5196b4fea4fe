"""Benchmark: what the training process adds to a run, epoch by epoch, with no GUI in the way.

Run: ``python tests/benchmarks/bench_process_overhead.py [--epochs 400] [--repeats 5] [--profile]``.

The bundled spiral example finishes ~200 epochs a second, so every per-epoch cost of the process
(the run folder's progress line and TensorBoard scalars, the diagnostics' snapshot, the batches sent
to the GUI) weighs most there. Each row trains the same epochs through the process's own job function
(:func:`~netbuilder.training.runner.process.run_job`, every reply pickled as the pipe would) with a
part switched off.

Two measures. **Share outside the trainer**: the trainer's generator is timed from inside the same
run (the time spent in its ``next()`` against the time from its first to its last event); the rest
is what the process added (recording, probes, diagnostics, batching, pickling), and ``1 − share`` is
the speed relative to headless. Both sides of it see the same load, so it holds on a busy machine
(the other helpers' processes). **Paired ratio**: the job's steps/s over a bare generator's, the two
runs interleaved, with the trainer's clock reading this process's CPU time (``--wall``: the wall
clock); it also counts what happens inside the trainer for the job's sake (the snapshots it yields)
but swings by several per cent when a neighbour loads the caches. Medians over ``--repeats``. With
``--profile`` the full job runs once more under cProfile and the NetBuilder functions it spent most
time in (outside the trainer's own step) are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import logging
import pickle
import pstats
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from importlib import resources
from typing import Any

import torch

from netbuilder.core.project import Project, load_project
from netbuilder.training import trainer as trainer_module
from netbuilder.training.control import TrainControl
from netbuilder.training.events import TERMINAL_EVENTS
from netbuilder.training.runner import batching, diagnosis
from netbuilder.training.runner.messages import Job, Reply, RunEnded
from netbuilder.training.runner.process import DatasetCache, run_job
from netbuilder.training.runs import recorder, tensorboard
from netbuilder.training.session import prepare
from netbuilder.training.warmup import warm_up

log = logging.getLogger("bench_process_overhead")


def spiral(epochs: int) -> Project:
    project = load_project(str(resources.files("netbuilder.resources") / "examples" / "spiral.nbproj"))
    project.training = dict(project.training, epochs=epochs, threads=1)
    return project


# Every module that times the run or rations work by its measured cost reads the same clock.
CLOCKED = (trainer_module, batching, diagnosis, recorder, tensorboard)


@contextlib.contextmanager
def cpu_clock(enabled: bool = True) -> Iterator[None]:
    """``time.perf_counter`` reads this process's CPU time in the run's modules (steps per CPU second)."""
    if not enabled:
        yield
        return
    shim = types.SimpleNamespace(**{k: getattr(time, k) for k in dir(time) if not k.startswith("_")})
    shim.perf_counter = time.process_time
    originals = [module.time for module in CLOCKED]  # type: ignore[attr-defined]
    for module in CLOCKED:
        module.time = shim  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, original in zip(CLOCKED, originals, strict=True):
            module.time = original  # type: ignore[attr-defined]


def headless_rate(project: Project) -> float:
    """Steps per second of the bare generator (nothing consumes its events)."""
    for event in prepare(project).trainer().run():
        if isinstance(event, TERMINAL_EVENTS):
            return event.result.steps / event.result.seconds
    raise RuntimeError("the generator ended without a result")


class Sink:
    """The pipe's sender: pickles every reply (that cost is the process's) and keeps the end."""

    def __init__(self) -> None:
        self.replies = 0
        self.bytes = 0
        self.ended: Any = None

    def __call__(self, reply: Reply) -> None:
        self.bytes += len(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        self.replies += 1
        if isinstance(reply, RunEnded):
            self.ended = reply.event


class TimedTrainer:
    """Wraps ``Trainer.run``: seconds spent inside the generator, and from its first to its last event."""

    def __init__(self) -> None:
        self.inside = 0.0
        self.total = 0.0

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        original = trainer_module.Trainer.run
        timer = self

        def run(trainer: Any) -> Iterator[Any]:
            # Counted as it goes: the consumer stops reading at the terminal event.
            events = original(trainer)
            clock = time.perf_counter
            first = None
            while True:
                before = clock()
                try:
                    event = next(events)
                except StopIteration:
                    return
                after = clock()
                first = before if first is None else first
                timer.inside += after - before
                timer.total = after - first
                yield event

        trainer_module.Trainer.run = run  # type: ignore[method-assign]
        try:
            yield
        finally:
            trainer_module.Trainer.run = original  # type: ignore[method-assign]

    @property
    def share(self) -> float:
        return 1.0 - self.inside / self.total if self.total else 0.0


def job_rate(
    project: Project, cache: DatasetCache, *, record: bool, diagnose: bool, views: bool
) -> tuple[float, Sink, float]:
    """(steps/s, the replies, share of the run's time spent outside the trainer)."""
    sink = Sink()
    timer = TimedTrainer()
    with tempfile.TemporaryDirectory() as folder, timer.installed():
        job = Job(
            project=project.to_dict(),
            base_dir=None,
            weights=None,
            run_dir=folder if record else None,
            diagnose=diagnose,
            watch=None if views else (),
        )
        if views:
            run_job(job, TrainControl(), sink, cache)
        else:  # no live view: the frames are not computed (the same switch as a GUI with the docks closed)
            from netbuilder.training.runner import views as view_module

            original = view_module.ViewPlan.frames
            view_module.ViewPlan.frames = lambda self, model: (None, None)  # type: ignore[method-assign]
            try:
                run_job(job, TrainControl(), sink, cache)
            finally:
                view_module.ViewPlan.frames = original  # type: ignore[method-assign]
    result = sink.ended.result
    return result.steps / result.seconds, sink, timer.share


ROWS: dict[str, dict[str, bool] | None] = {
    "everything on (the app's job)": {"record": True, "diagnose": True, "views": True},
    "no run folder": {"record": False, "diagnose": True, "views": True},
    "no diagnostics": {"record": True, "diagnose": False, "views": True},
    "no live views": {"record": True, "diagnose": True, "views": False},
    "batching only": {"record": False, "diagnose": False, "views": False},
    "a second bare run (the noise floor)": None,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 repeats of 200 epochs, the full job only")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--wall", action="store_true", help="time by the wall clock, not CPU time")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    logging.getLogger("netbuilder").setLevel(logging.WARNING)
    torch.set_num_threads(1)
    warm_up()
    epochs, repeats, rows = args.epochs, args.repeats, dict(ROWS)
    if args.quick:
        epochs, repeats, rows = 200, 3, {k: v for k, v in ROWS.items() if k.startswith("everything")}
    project = spiral(epochs)
    cache = DatasetCache()
    job_rate(project, cache, record=True, diagnose=True, views=True)  # warm caches and code paths
    headless_rate(project)
    ratios: dict[str, list[float]] = {name: [] for name in rows}
    shares: dict[str, list[float]] = {name: [] for name in rows}
    replies: dict[str, float] = {}
    headless: list[float] = []
    for _ in range(repeats):
        for name, switches in rows.items():
            with cpu_clock(not args.wall):
                bare = headless_rate(project)
                if switches is None:
                    rate, sent, share = headless_rate(project), 0, 0.0
                else:
                    rate, sink, share = job_rate(project, cache, **switches)
                    sent = sink.replies
            headless.append(bare)
            ratios[name].append(rate / bare)
            shares[name].append(share)
            replies[name] = sent / max(1, epochs)
    clock = "wall clock" if args.wall else "CPU time"
    log.info("spiral, %d epochs, 1 torch thread, %s, medians of %d interleaved pairs", epochs, clock, repeats)
    log.info("| job | share outside the trainer | 1 − share | paired ratio | worst paired | replies per epoch |")
    log.info("|---|---|---|---|---|---|")
    for name in rows:
        share = statistics.median(shares[name])
        log.info(
            "| %s | %.1f %% | %.3f | %.3f | %.3f | %.2f |",
            name,
            100 * share,
            1 - share,
            statistics.median(ratios[name]),
            min(ratios[name]),
            replies[name],
        )
    log.info("(headless: %.0f steps/s, median)", statistics.median(headless))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        job_rate(project, cache, record=True, diagnose=True, views=True)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(r"netbuilder/(?!training/trainer)", 40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
