"""Benchmark: what each live view costs per update, in the training process and in the GUI thread.

Three tables, for every bundled example with a live view:

1. **Each probe alone** (the training process's side): the decision grid with its canvas thumbnails or
   the hinge view, and every inside view (neurons, filters, feature maps, saliency, misclassified,
   hidden states, attention) computed as when only its dock is on screen, on a model trained for a
   moment; median and p90 ms of ``--reps`` frames (pickled for the pipe as in the process) and the
   frame's size in KB. The misclassified gallery is searched every few seconds only: its search is a
   row of its own. Printed twice: on a quiet machine and with a competing CPU-bound process (a busy
   loop started here and killed by its PID afterwards) taking one of the cores.
2. **Training with every fitting view on vs headless**: one real run paced as in the training process
   (:class:`~netbuilder.training.runner.batching.EventBatcher` with ``ViewPlan.frames``), reporting
   probes made and ``1 − probe share`` of that same run (robust on a shared machine, where two separate
   runs are not), and the steps/s of a headless run of the same length beside it for reference.
3. **GUI draw per update**: ``show_frame`` + a synchronous repaint of each view at a dock's size.

Goals: probe ≤ 5 ms (decision grid + neuron maps ≤ 3 ms), draw ≤ 8 ms (decision grid + neuron
thumbnails ≤ 4 ms), steps/s with views on ≥ 0.95× headless.
Run: ``python tests/benchmarks/bench_views.py [--seconds S] [--reps N] [--examples …]``. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch

from netbuilder.core.examples import load_example
from netbuilder.training.events import Snapshot, StepStats
from netbuilder.training.runner.batching import EventBatcher
from netbuilder.training.runner.inside import WATCHED, InsideFrame
from netbuilder.training.runner.views import ViewPlan, target_for
from netbuilder.training.session import TrainingSetup, prepare

EXAMPLES = ("spiral", "xor", "seed-relu-pieces", "seed-linear-neuron", "seed-cnn", "lstm-sequence",
            "attention-sequence")  # fmt: skip
DOCK_SIZE = (1000, 380)  # a bottom dock at the default window size


def _setup(name: str) -> tuple[TrainingSetup, Any]:
    torch.set_num_threads(1)  # the training process beside the GUI uses one thread on 2 cores
    project = load_example(name)
    project.training = dict(project.training, epochs=10_000)
    return prepare(project), project


def trained(name: str, seconds: float) -> tuple[TrainingSetup, Any]:
    """The example's model after ``seconds`` of training (probes cost what they cost on a live model)."""
    setup, project = _setup(name)
    started = time.perf_counter()
    for _event in setup.trainer(init_weights=True).run():
        if time.perf_counter() - started > seconds:
            break
    return setup, project


def _timed(make: Callable[[], Any], reps: int) -> tuple[float, float, float]:
    """(median ms, p90 ms, median KB) of ``reps`` calls of ``make`` plus pickling its result."""
    costs, sizes = [], []
    for _ in range(reps + 1):
        started = time.perf_counter()
        blob = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
        costs.append(1000 * (time.perf_counter() - started))
        sizes.append(len(blob) / 1024)
    ms = sorted(costs[1:])  # the first call pays one-off set-up
    return statistics.median(ms), ms[int(0.9 * (len(ms) - 1))], statistics.median(sizes)


def probe_costs(name: str, setup: TrainingSetup, project: Any, reps: int) -> list[tuple[str, float, float, float]]:
    """One row per probe of this example: (probe, median ms, p90 ms, KB)."""
    model = setup.model
    plan = ViewPlan(setup.dataset, project.graph, target_for(project))
    inside = plan.plan_inside()
    rows = []
    if plan.kind is not None:
        label = "decision grid + thumbnails" if plan.kind == "decision" else "hinges + curves"
        rows.append((label, *_timed(lambda: plan.frame(model), reps)))
    if inside is None:
        return rows
    if plan.kind == "decision" and inside.shares_plane:

        def shared() -> Any:
            return plan.frames(model)  # the boundary, thumbnails and neuron maps from one forward pass

        def separate() -> Any:
            return plan.frame(model), inside.frame(model)  # the neuron maps from a pass of their own

        rows.append(("grid + thumbnails + neurons: one pass", *_timed(shared, reps)))
        rows.append(("grid + thumbnails + neurons: two passes", *_timed(separate, reps)))
    try:
        for view in inside.views:
            WATCHED.set((view,))  # only this view's dock is on screen

            def one(inside: Any = inside) -> InsideFrame | None:
                return inside.frame(model)

            rows.append((view, *_timed(one, reps)))
            if view == "misclassified":

                def search(inside: Any = inside) -> InsideFrame | None:
                    inside._gallery_at = float("-inf")  # the gallery's own pass over the test pool
                    return one()

                rows.append(("misclassified (search, every ≥5 s)", *_timed(search, max(3, reps // 5))))
    finally:
        WATCHED.set(None)
    return rows


def _paced(setup: TrainingSetup, project: Any, seconds: float, views: bool) -> dict[str, Any]:
    """A run of ``seconds`` as in the training process; with ``views``, every fitting view probed."""
    plan = ViewPlan(setup.dataset, project.graph, target_for(project))
    plan.plan_inside()
    frames: list[InsideFrame] = []

    def on_probe(found: Any) -> None:
        inside = found[1]
        if inside is not None and len(frames) < 12:
            frames.append(inside)

    batcher = EventBatcher(lambda _b: None, on_probe, lambda _e: None, plan.frames if views else None)
    trainer = setup.trainer(init_weights=True, snapshot_every_seconds=0.025)
    started = time.perf_counter()

    def limited() -> Iterator[Any]:
        for event in trainer.run():
            yield event
            if isinstance(event, StepStats | Snapshot) and time.perf_counter() - started > seconds:
                return

    batcher.run(limited(), setup.model)
    wall = time.perf_counter() - started
    return {"steps/s": batcher.steps / wall, "share": batcher.probe_seconds / wall, "probes": batcher.probes,
            "frames": frames}  # fmt: skip


def run_row(name: str, seconds: float) -> tuple[dict[str, Any], list[InsideFrame]]:
    setup, project = _setup(name)
    on = _paced(setup, project, seconds, views=True)
    setup, project = _setup(name)
    off = _paced(setup, project, seconds, views=False)
    row = {"example": name, "probes": on["probes"], "steps/s on": on["steps/s"], "steps/s off": off["steps/s"],
           "ratio": 1.0 - on["share"]}  # fmt: skip
    return row, on["frames"]


@contextlib.contextmanager
def competing_process() -> Iterator[int]:
    """A CPU-bound busy loop on one core for the duration; yields its PID, kills exactly that PID."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        yield busy.pid
    finally:
        busy.kill()
        busy.wait()


def draw_costs(frames: list[InsideFrame], repeats: int = 20) -> dict[str, tuple[float, float]]:
    from PySide6.QtWidgets import QApplication

    from netbuilder.gui.training.conv_views import FeatureMapsView, FiltersView, MisclassifiedView, SaliencyView
    from netbuilder.gui.training.inside_docks import IMAGE_VIEWS
    from netbuilder.gui.training.neuron_view import NeuronView
    from netbuilder.gui.training.sequence_views import AttentionView, HiddenStatesView

    app = QApplication.instance() or QApplication([])
    classes: dict[str, Any] = {
        "neurons": NeuronView, "filters": FiltersView, "feature-maps": FeatureMapsView, "saliency": SaliencyView,
        "misclassified": MisclassifiedView, "hidden-states": HiddenStatesView, "attention": AttentionView,
    }  # fmt: skip
    found = {}
    for view in frames[0].views:
        widget = classes[view]()
        widget.resize(*DOCK_SIZE)
        widget.show()
        app.processEvents()

        def part(frame: InsideFrame, view: str = view) -> Any:
            if view == "neurons":
                return frame.neurons
            return frame.images if view in IMAGE_VIEWS else frame.sequences

        widget.show_frame(part(frames[0]))
        widget.repaint()
        app.processEvents()
        times = []
        for i in range(repeats):
            frame = frames[(i + 1) % len(frames)]
            t0 = time.perf_counter()
            widget.show_frame(part(frame))
            widget.repaint()
            app.processEvents()
            times.append(1000 * (time.perf_counter() - t0))
        times.sort()
        found[view] = (statistics.median(times), times[int(0.9 * (len(times) - 1))])
        widget.close()
        widget.deleteLater()
    return found


def thumbnail_costs(name: str, repeats: int = 20) -> tuple[float, float] | None:
    """GUI cost of the canvas's activation thumbnails for one decision frame: ``NeuronTiles`` drawing
    the frame's maps under their nodes + a synchronous repaint of the canvas view."""
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView

    from netbuilder.gui.training.neuron_tiles import NeuronTiles

    setup, project = trained(name, 0.5)
    plan = ViewPlan(setup.dataset, project.graph, target_for(project))
    if plan.kind != "decision":
        return None
    frames = []
    for _ in range(4):
        frame = plan.frame(setup.model)
        assert frame is not None
        frames.append(pickle.loads(pickle.dumps(frame)))
    app = QApplication.instance() or QApplication([])
    scene = QGraphicsScene()
    scene.node_items = {}  # type: ignore[attr-defined]  # what NeuronTiles reads from the canvas scene
    for i, node in enumerate(frames[0].activations):
        item = QGraphicsRectItem(0, 0, 200, 60)
        item.setPos(i * 260, 0)
        scene.addItem(item)
        scene.node_items[node] = item  # type: ignore[attr-defined]
    view = QGraphicsView(scene)
    view.resize(*DOCK_SIZE)
    view.show()
    tiles = NeuronTiles(scene, max_hz=1e6)  # every frame drawn: the cost of one draw, not the rate
    times = []
    for i in range(repeats + 1):
        started = time.perf_counter()
        tiles.show_maps(frames[i % len(frames)].activations)
        view.viewport().repaint()
        app.processEvents()
        times.append(1000 * (time.perf_counter() - started))
    view.close()
    ms = sorted(times[1:])
    return statistics.median(ms), ms[int(0.9 * (len(ms) - 1))]


def _print_probes(title: str, rows: dict[str, list[tuple[str, float, float, float]]]) -> None:
    print(f"\n{title}")
    print(f"{'example':20} {'probe':36} {'median ms':>9} {'p90':>7} {'KB':>6}")
    for name, found in rows.items():
        for probe, median, p90, kb in found:
            print(f"{name:20} {probe:36} {median:9.2f} {p90:7.2f} {kb:6.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="training time per run of table 2")
    parser.add_argument("--reps", type=int, default=30, help="frames timed per probe in table 1")
    parser.add_argument("--examples", nargs="*", default=list(EXAMPLES))
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; torch {torch.__version__}")
    models = {name: trained(name, 1.5) for name in args.examples}
    quiet = {name: probe_costs(name, *models[name], args.reps) for name in args.examples}
    _print_probes("1a. each probe alone, training process (quiet)", quiet)
    with competing_process() as pid:
        loaded = {name: probe_costs(name, *models[name], args.reps) for name in args.examples}
    _print_probes(f"1b. each probe alone, with a competing busy process (pid {pid}, killed) on one core", loaded)
    print("\n2. training with every fitting view on vs headless (on/off = 1 − probe share of the same run)")
    print(f"{'example':20} {'probes':>6} {'steps/s on':>10} {'off':>8} {'on/off':>7}")
    draws: dict[str, tuple[float, float]] = {}
    for name in args.examples:
        row, frames = run_row(name, args.seconds)
        print(f"{name:20} {row['probes']:6d} {row['steps/s on']:10.0f} {row['steps/s off']:8.0f} {row['ratio']:7.3f}")
        if frames:
            for view, cost in draw_costs(frames).items():
                draws[f"{view} ({name})"] = cost
    for name in args.examples:
        cost = thumbnail_costs(name)
        if cost is not None:
            draws[f"canvas thumbnails ({name})"] = cost
    print(f"\n3. {'view (example): GUI draw per update':46} {'median ms':>9} {'p90':>6}")
    for key, (median, p90) in draws.items():
        print(f"   {key:46} {median:9.2f} {p90:6.2f}")


if __name__ == "__main__":
    main()
