"""Benchmark: what each inside view costs per update, in the training process and in the GUI thread.

For every bundled example with an inside view (neurons, filters, feature maps, saliency, misclassified,
hidden states, attention): one real run with the inside frame computed at every snapshot the batcher
would probe (5 Hz), on one torch thread as beside the GUI. Reported per example: the median and p90
milliseconds of one inside frame (all its views together, pickled for the pipe as in the process),
its size in KB, and steps/s with the probes on relative to off, as ``1 − probe share`` of that same run
(robust on a shared machine, where two separate runs are not). Then, per view, the GUI-thread cost of
one update: ``show_frame`` + a synchronous repaint of the widget at a dock's size (offscreen Qt).
Goals: probe ≤ 5 ms, draw ≤ 8 ms, steps/s ≥ 0.95× headless.
Run: ``python tests/benchmarks/bench_views.py [--seconds S]``. Not a test: prints tables.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch

from netbuilder.core.examples import load_example
from netbuilder.training.events import Snapshot, StepStats
from netbuilder.training.runner.batching import PROBE_HZ
from netbuilder.training.runner.inside import InsideFrame, InsidePlan
from netbuilder.training.session import prepare

EXAMPLES = ("spiral", "xor", "seed-relu-pieces", "seed-linear-neuron", "seed-cnn", "lstm-sequence",
            "attention-sequence")  # fmt: skip
DOCK_SIZE = (1000, 380)  # a bottom dock at the default window size


def probe_run(name: str, seconds: float) -> tuple[dict[str, Any], list[InsideFrame]]:
    torch.set_num_threads(1)  # the training process beside the GUI uses one thread on 2 cores
    project = load_example(name)
    project.training = dict(project.training, epochs=10_000)
    setup = prepare(project)
    plan = InsidePlan(setup.dataset, project.graph)
    trainer = setup.trainer(init_weights=True, snapshot_every_seconds=1.0 / PROBE_HZ)
    costs: list[float] = []
    sizes: list[int] = []
    frames: list[InsideFrame] = []
    steps = 0
    spent = 0.0
    started = time.perf_counter()
    last = -1.0
    for event in trainer.run():
        if isinstance(event, StepStats):
            steps += 1
        elif isinstance(event, Snapshot) and event.elapsed - last >= 1.0 / PROBE_HZ:
            last = event.elapsed
            t0 = time.perf_counter()
            frame = plan.frame(event.model)
            blob = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
            spent += time.perf_counter() - t0
            if frame is not None:  # None: the plan skipped a frame to stay within its time budget
                costs.append(time.perf_counter() - t0)
                sizes.append(len(blob))
                if len(frames) < 12:
                    frames.append(frame)
        if time.perf_counter() - started > seconds:
            break
    wall = time.perf_counter() - started
    share = spent / wall
    ms = sorted(1000 * c for c in costs[1:] or costs)  # the first frame pays one-off set-up
    row = {
        "example": name,
        "views": ",".join(plan.views),
        "probes": len(costs),  # frames made (snapshots probed at 5 Hz, minus frames skipped over budget)
        "median_ms": statistics.median(ms),
        "p90_ms": ms[int(0.9 * (len(ms) - 1))],
        "kb": statistics.median(sizes) / 1024,
        "steps/s": steps / wall,
        "ratio": 1.0 - share,
    }
    return row, frames


def draw_costs(frames: list[InsideFrame], repeats: int = 20) -> dict[str, tuple[float, float]]:
    from PySide6.QtWidgets import QApplication

    from netbuilder.gui.training.inside_docks import IMAGE_VIEWS
    from netbuilder.gui.training.view_render import build_view  # noqa: F401  (the same widgets as the app)

    app = QApplication.instance() or QApplication([])
    from netbuilder.gui.training.conv_views import FeatureMapsView, FiltersView, MisclassifiedView, SaliencyView
    from netbuilder.gui.training.neuron_view import NeuronView
    from netbuilder.gui.training.sequence_views import AttentionView, HiddenStatesView

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="training time per example")
    parser.add_argument("--examples", nargs="*", default=list(EXAMPLES))
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; torch {torch.__version__}")
    print(
        f"{'example':20} {'views':42} {'probes':>6} {'probe ms':>9} {'p90':>6} {'KB':>6} {'steps/s':>8} {'on/off':>6}"
    )
    draws: dict[str, tuple[float, float]] = {}
    for name in args.examples:
        row, frames = probe_run(name, args.seconds)
        print(
            f"{row['example']:20} {row['views']:42} {row['probes']:6d} {row['median_ms']:9.2f} {row['p90_ms']:6.2f} "
            f"{row['kb']:6.0f} {row['steps/s']:8.0f} {row['ratio']:6.3f}"
        )
        if frames:
            for view, cost in draw_costs(frames).items():
                draws[f"{view} ({name})"] = cost
    print(f"\n{'view (example): GUI draw per update':46} {'median ms':>9} {'p90':>6}")
    for key, (median, p90) in draws.items():
        print(f"{key:46} {median:9.2f} {p90:6.2f}")


if __name__ == "__main__":
    main()
