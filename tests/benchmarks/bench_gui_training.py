"""Benchmark: the GUI stays smooth while it trains, and training in the GUI is as fast as headless.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_gui_training.py [--seconds 6]``.
For spiral and a 784-512-512-10 MLP (all plots visible) it reports a 16 ms QTimer's interval
p50/p99/max while training, GUI vs headless steps/s, click-to-first-curve-point latency, and the cost
of one decision-grid and one hinge-view update. Results go to the log (INFO) as a table.

Where the GUI thread's time goes while it trains: every reply of the training process is timed as
the controller takes it in (the run's update and every slot connected to it, which redraw the
views), by kind, and so is every paint of a plot and of the canvas, by widget. The table lists the
median, p99 and max milliseconds of each over the GUI runs, and how often they ran: anything above
the 4 ms a frame may take is a candidate for making incremental or moving off the GUI thread.

All runs of a row use the same torch thread count (the GUI's pick, or ``--threads``): the engine
picks by model size *and* current load, so letting each run pick could compare 1 thread against 2.
The GUI and headless rates are measured in alternating slices of the same row (``--slices``, 4 by
default): the GUI run is paused while this process trains the same project headless for as long,
so both see the same moments of a shared machine whose speed drifts by several per cent within a
minute (a headless run before and one after, as before, let that drift into the ratio). The GUI
rate is the training process's own steps over its own clock, between readings inside each slice.
The headless run has a fresh process of its own (``headless_worker.py``), and every row a fresh
training process: two processes running the same loop differ by up to ±2 % for their whole life,
so rows that share processes are not independent runs. ``--runs N`` repeats the rows (the medians
over them are the numbers to judge by; the machine may be shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project, load_project
from netbuilder.gui.app import create_main_window, ensure_application
from netbuilder.training.runner import pool
from netbuilder.training.runner.messages import Progress, RunEnded, WatchCosts
from netbuilder.training.runner.process import gui_threads
from netbuilder.training.runner.views import ViewPlan, target_for
from netbuilder.training.session import prepare

log = logging.getLogger("bench_gui_training")

# Milliseconds of GUI-thread work, by what did it ("reply Progress", "paint LossPlot", ...).
SLOT_COSTS: dict[str, list[float]] = {}
# What each GUI run's training process spent besides training, by part (RunEnded.costs), in order.
WATCH_COSTS: list[WatchCosts] = []
_timing = [False]  # only while a GUI run trains


def _timed(name_of: Any, method: Any) -> Any:
    def wrapper(self: Any, *args: Any) -> Any:
        if not _timing[0]:
            return method(self, *args)
        start = time.perf_counter()
        try:
            return method(self, *args)
        finally:
            SLOT_COSTS.setdefault(name_of(self, *args), []).append(1000 * (time.perf_counter() - start))

    return wrapper


def install_slot_timers() -> None:
    """Time the controller's intake of each reply (its slots run inside it) and every view's paint."""
    import pyqtgraph
    from PySide6.QtWidgets import QGraphicsView

    from netbuilder.gui.canvas.view import CanvasView
    from netbuilder.gui.training.controller import TrainingController

    def reply_name(_self: Any, reply: Any) -> str:
        return f"reply {type(reply).__name__}"

    def paint_name(view: Any, _event: Any) -> str:
        if isinstance(view, CanvasView):
            return "paint canvas"
        owner = view.parent()
        while owner is not None and type(owner).__module__.startswith(("PySide6", "pyqtgraph")):
            owner = owner.parent()
        return f"paint {type(owner).__name__ if owner is not None else type(view).__name__}"

    timed_slot = _timed(reply_name, TrainingController._on_session_replied)

    def slot(self: Any, reply: Any) -> Any:
        if isinstance(reply, RunEnded) and reply.costs is not None:
            WATCH_COSTS.append(reply.costs)
        return timed_slot(self, reply)

    TrainingController._on_session_replied = slot  # type: ignore[method-assign]
    for cls in (pyqtgraph.GraphicsView, CanvasView):
        cls.paintEvent = _timed(paint_name, cls.paintEvent if cls is not CanvasView else QGraphicsView.paintEvent)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc; nan elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def mlp_project(folder: Path) -> Project:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6000, 784)).astype(np.float32)
    y = (x[:, :10].argmax(axis=1)).astype(np.int64)
    path = folder / "mlp.npz"
    np.savez(path, x=x, y=y)
    graph = Graph()
    ids = [graph.add_node("Input", {"shape": [784]}, (0, 0)).id]
    for i, (kind, params) in enumerate(
        [
            ("Dense", {"out_features": 512}),
            ("ReLU", {}),
            ("Dense", {"out_features": 512}),
            ("ReLU", {}),
            ("Dense", {"out_features": 10}),
        ]
    ):
        ids.append(graph.add_node(kind, params, (230.0 * (i + 1), 0)).id)
        graph.connect(ids[-2], ids[-1])
    training = {"epochs": 100000, "batch_size": 64, "optimizer": {"type": "adam", "lr": 0.001}}
    return Project(graph=graph, name="mlp", dataset={"kind": "npz", "path": str(path)}, training=training)


def spiral_project() -> Project:
    from importlib import resources

    project = load_project(str(resources.files("netbuilder.resources") / "examples" / "spiral.nbproj"))
    project.training = dict(project.training, epochs=100000)
    return project


def with_threads(project: Project, threads: int) -> Project:
    return dataclasses.replace(project, training={**project.training, "threads": threads})


class HeadlessRun:
    """The same project trained by a bare generator in a fresh process (``headless_worker.py``, which
    says why), advanced a slice at a time."""

    def __init__(self, project: Project) -> None:
        worker = Path(__file__).with_name("headless_worker.py")
        self._process = subprocess.Popen(
            [sys.executable, str(worker)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self._ask(json.dumps(project.to_dict()))
        self.pid = self._process.pid

    def _ask(self, line: str) -> str:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError("the headless process ended early")
        return answer

    def advance(self, seconds: float) -> tuple[int, float]:
        """(steps, seconds) of training for about ``seconds``."""
        steps, spent = self._ask(str(seconds)).split()
        return int(steps), float(spent)

    def close(self) -> None:
        self._process.communicate("\n", timeout=30)


def fresh_training_process() -> None:
    """End the waiting training process and start another: each row draws its own (see HeadlessRun)."""
    pool.shutdown()
    pool.prestart()
    pool.wait_ready(60)


def gui_run(window: Any, project: Project, seconds: float, slices: int) -> dict[str, Any]:
    """Train ``project`` in the window for ``seconds`` in ``slices`` slices, pausing it between them to
    train the same project headless in this process for as long: both rates then see the same
    moments of a shared machine, whose speed drifts by several per cent within a minute."""
    docks = window.training_docks
    window.document.set_project(project)
    window.show_canvas()
    wait(300)
    first_point: list[float] = []
    controller = window.training
    controller.run_updated.connect(
        lambda r: first_point.append(time.perf_counter()) if isinstance(r, Progress) and not first_point else None
    )
    last_stats: list[Any] = []
    controller.run_updated.connect(
        lambda r: last_stats.append(r.batch.last_step) if isinstance(r, Progress) and r.batch.last_step else None
    )
    intervals: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)

    def tick() -> None:
        intervals.append(clock.restart())

    timer.timeout.connect(tick)
    headless = HeadlessRun(project)
    gui_steps = gui_seconds = headless_steps = headless_seconds = 0.0
    gui_cpu = process_cpu = worker_cpu = busy = 0.0
    clicked = time.perf_counter()
    QTest.mouseClick(docks.training_panel.train_button, Qt.MouseButton.LeftButton)
    wait(500)  # the run has started (its first second is not what this measures)
    thread = controller.session.thread
    pid = thread.process.pid if thread is not None else None
    for index in range(slices):
        if index:
            controller.resume()
        _timing[0] = True
        clock.start()
        timer.start(16)
        # CPU of the GUI thread (slots, paints), of its whole process (the pipe's reader too) and of
        # the training process, over the slice.
        marks = (time.thread_time(), time.process_time(), cpu_seconds(pid) if pid else math.nan, time.perf_counter())
        count = len(last_stats)
        while len(last_stats) == count:  # a reading from this slice to start from
            wait(10)
        first = last_stats[-1]
        wait(int(1000 * seconds / slices))
        last = last_stats[-1]
        gui_steps += last.global_step - first.global_step
        gui_seconds += last.elapsed - first.elapsed
        gui_cpu += time.thread_time() - marks[0]
        process_cpu += time.process_time() - marks[1]
        worker_cpu += (cpu_seconds(pid) if pid else math.nan) - marks[2]
        busy += time.perf_counter() - marks[3]
        timer.stop()
        _timing[0] = False
        controller.pause()
        run = controller.run
        while run is not None and not run.paused:
            wait(10)
        steps, spent = headless.advance(seconds / slices)
        headless_steps += steps
        headless_seconds += spent
    run = controller.run
    threads = run.engine[0] if run is not None and run.engine is not None else 0  # the training process's pick
    controller.stop()
    headless.close()
    while controller.is_active:
        wait(20)
    ticks = np.array(intervals[5:], dtype=float)  # skip start-up ticks
    return {
        "p50": float(np.percentile(ticks, 50)),
        "p99": float(np.percentile(ticks, 99)),
        "max": float(ticks.max()),
        "gui_steps_s": gui_steps / gui_seconds,
        "headless_steps_s": headless_steps / headless_seconds,
        "first_point_ms": 1000 * (first_point[0] - clicked) if first_point else float("nan"),
        "threads": threads,
        "gui_cpu": 100 * gui_cpu / busy,
        "process_cpu": 100 * process_cpu / busy,
        "worker_cpu": 100 * worker_cpu / busy,
        "costs": WATCH_COSTS[-1] if WATCH_COSTS else None,
    }


def update_costs(window: Any) -> dict[str, float]:
    docks = window.training_docks
    out: dict[str, float] = {}
    for name, plot_name in (("spiral", "decision_plot"), ("seed-relu-pieces", "hinge_plot")):
        window.files.open_example(name)
        project = window.document.project
        setup = prepare(project)
        plan = ViewPlan(setup.dataset, project.graph, target_for(project))
        docks._show_setup(plan.setup, raise_dock=True)
        plot = getattr(docks, plot_name)
        n = 30
        probe_total = draw_total = 0.0
        for _ in range(n):
            t0 = time.perf_counter()
            frame = plan.frame(setup.model)
            t1 = time.perf_counter()
            docks._show_frame(frame)
            plot.repaint()
            plot.plot.viewport().repaint()
            t2 = time.perf_counter()
            probe_total += t1 - t0
            draw_total += t2 - t1
        out[f"{name}_probe_ms"] = 1000 * probe_total / n
        out[f"{name}_draw_ms"] = 1000 * draw_total / n
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--threads", type=int, default=0, help="torch threads for both runs (0: engine's pick)")
    parser.add_argument("--runs", type=int, default=1, help="repeat each row this many times")
    parser.add_argument("--slices", type=int, default=4, help="GUI and headless slices per row, alternating")
    parser.add_argument("--size", default="1600x1000", help="the window size, WxH (paint work grows with it)")
    parser.add_argument("--only", choices=("spiral", "mlp"), help="run one of the two networks")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    logging.getLogger("netbuilder").setLevel(logging.WARNING)
    ensure_application()
    install_slot_timers()
    window = create_main_window()
    window.files.maybe_save = lambda: True  # no "save changes?" dialog between the runs
    window.resize(*(int(n) for n in args.size.split("x")))
    window.show()
    wait(100)  # the docks start the training process on the first turn of the event loop
    pool.wait_ready(30)
    wait(500)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        projects = [("spiral", spiral_project()), ("mlp 784-512-512-10", mlp_project(Path(folder)))]
        if args.only:
            projects = [p for p in projects if p[0].startswith(args.only)]
        for _ in range(args.runs):
            for label, project in projects:
                # The thread count the GUI's training process would pick, fixed for all three runs.
                threads = args.threads or gui_threads(prepare(project).model)
                project = with_threads(project, threads)
                fresh_training_process()
                gui = gui_run(window, project, args.seconds, args.slices)
                rows.append((label, gui, gui["headless_steps_s"]))
        costs = update_costs(window)
    window.document.undo_stack.setClean()
    window.document._extra_dirty = False
    window.close()
    log.info(
        "| run | threads | timer p50 ms | p99 ms | max ms | GUI steps/s | headless steps/s | ratio"
        " | click→first point ms | GUI thread CPU % | GUI process CPU % | training process CPU % |"
    )
    log.info("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, gui, headless in rows:
        log.info(
            "| %s | %d | %.1f | %.1f | %.1f | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f |",
            label,
            gui["threads"],
            gui["p50"],
            gui["p99"],
            gui["max"],
            gui["gui_steps_s"],
            headless,
            gui["gui_steps_s"] / headless,
            gui["first_point_ms"],
            gui["gui_cpu"],
            gui["process_cpu"],
            gui["worker_cpu"],
        )
    log.info("")
    log.info("The training process's time besides training, per GUI run (percent of the trainer's own time)")
    log.info("| run | probes | diagnostics | run folder | sending | all |")
    log.info("|---|---|---|---|---|---|")
    for label, gui, _ in rows:
        spent = gui["costs"]
        if spent is not None:
            parts = [100 * spent.share(p) for p in ("probes", "diagnostics", "recording", "sending")]
            log.info("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |", label, *parts, sum(parts))
    if args.runs > 1:
        # The machine is shared: single rows swing by ±10% when a neighbour wakes up. Medians per network.
        log.info("")
        log.info("| median over %d runs | timer p99 ms | worst max ms | ratio | click→first point ms |", args.runs)
        log.info("|---|---|---|---|---|")
        for label in dict.fromkeys(row[0] for row in rows):
            mine = [(gui, headless) for name, gui, headless in rows if name == label]
            log.info(
                "| %s | %.1f | %.1f | %.2f | %.0f |",
                label,
                float(np.median([g["p99"] for g, _ in mine])),
                max(g["max"] for g, _ in mine),
                float(np.median([g["gui_steps_s"] / h for g, h in mine])),
                float(np.median([g["first_point_ms"] for g, _ in mine])),
            )
    log.info("")
    log.info("GUI thread while training (all GUI runs): per reply taken in (slots included) and per paint")
    log.info("| work | count | median ms | p99 ms | max ms | total ms |")
    log.info("|---|---|---|---|---|---|")
    for name, spent in sorted(SLOT_COSTS.items(), key=lambda item: -sum(item[1])):
        values = np.array(spent)
        log.info(
            "| %s | %d | %.2f | %.2f | %.2f | %.0f |",
            name,
            len(values),
            float(np.median(values)),
            float(np.percentile(values, 99)),
            float(values.max()),
            float(values.sum()),
        )
    log.info("")
    log.info("| view update | probe (worker) ms | draw (GUI) ms |")
    log.info("|---|---|---|")
    log.info("| decision grid 100×100 + thumbnails | %.2f | %.2f |", costs["spiral_probe_ms"], costs["spiral_draw_ms"])
    log.info("| hinge view | %.2f | %.2f |", costs["seed-relu-pieces_probe_ms"], costs["seed-relu-pieces_draw_ms"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
