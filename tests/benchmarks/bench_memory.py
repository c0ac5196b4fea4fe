"""Benchmark: memory of the GUI process and of the training process, and no growth over a long run.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_memory.py [--seconds 4] [--minutes 1]``.
Table 1: resident memory (RSS, from /proc, Linux) of both processes after training each bundled 2-D/1-D
example, the digits MLP and a 784-512-512-10 MLP (6,000 random 784-pixel samples) for a few seconds
in the app. Table 2: RSS every ``--minutes``/6 of one long
spiral run: with the curves decimated and the history thinned it must level off, not climb.

Growth: a straight line fitted to each process's RSS over the second half of the long run (the first
half holds the warm-up: allocator pools, the first checkpoints) gives MB per minute; the last line
says the growth over 10 minutes, *measured* with ``--minutes 10`` and *extrapolated* from that slope
with a shorter run (the default, 1 minute). Goal: no growth (within a few MB, the allocator's noise).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer

from netbuilder.gui.app import create_main_window, ensure_application
from netbuilder.training.runner import pool

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: its neighbours import by name
from bench_gui_training import mlp_project

SAMPLES = 25  # RSS readings over the long run


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    line = next(text for text in status.splitlines() if text.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def training_pid(window: object) -> int | None:
    thread = window.training.session.thread  # type: ignore[attr-defined]
    return thread.process.pid if thread is not None else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--minutes", type=float, default=1.0)
    args = parser.parse_args()
    ensure_application()
    window = create_main_window()
    window.files.maybe_save = lambda: True  # type: ignore[method-assign]
    window.resize(1400, 880)
    window.show()
    wait(200)
    pool.wait_ready(60)
    print("| example | GUI RSS MB | training process RSS MB |")
    print("|---|---|---|")
    folder = tempfile.TemporaryDirectory()
    for name in ("spiral", "xor", "circles", "seed-relu-pieces", "seed-digits-mlp", "mlp 784-512-512-10"):
        if name.startswith("mlp "):  # the GUI benchmark's big MLP, its data in a temporary .npz
            window.document.set_project(mlp_project(Path(folder.name)))
        else:
            window.files.open_example(name, ask=False)
        window.training_docks.training_panel.epochs.setValue(100_000)
        window.training.train()
        wait(int(args.seconds * 1000))
        pid = training_pid(window)
        worker = rss_mb(pid) if pid else float("nan")
        print(f"| {name} | {rss_mb():.0f} | {worker:.0f} |")
        window.training.stop()
        while window.training.is_active:
            wait(50)
    window.files.open_example("spiral", ask=False)
    window.training_docks.training_panel.epochs.setValue(10_000_000)
    window.training.train()
    print()
    print("| minutes into a spiral run | epochs | GUI RSS MB | training process RSS MB |")
    print("|---|---|---|---|")
    started = time.perf_counter()
    samples: list[tuple[float, float, float]] = []  # (minutes, GUI MB, training process MB)
    for index in range(SAMPLES):
        pid = training_pid(window)
        run = window.training.run
        epochs = run.last_epoch if run is not None else 0
        minutes = (time.perf_counter() - started) / 60
        gui, worker = rss_mb(), rss_mb(pid) if pid else float("nan")
        samples.append((minutes, gui, worker))
        if index % (SAMPLES // 6) == 0 or index == SAMPLES - 1:
            print(f"| {minutes:.1f} | {epochs} | {gui:.0f} | {worker:.0f} |")
        wait(int(args.minutes * 60_000 / (SAMPLES - 1)))
    window.training.stop()
    while window.training.is_active:
        wait(50)
    half = samples[len(samples) // 2 :]
    x = np.array([m for m, _, _ in half])
    how = "measured" if args.minutes >= 10 else f"extrapolated from {args.minutes:g} min"
    print()
    print("| process | growth MB/min (second half) | growth over 10 min MB |")
    print("|---|---|---|")
    for label, column in (("GUI", 1), ("training process", 2)):
        y = np.array([sample[column] for sample in half])
        slope = float(np.polyfit(x, y, 1)[0]) if np.isfinite(y).all() and np.ptp(x) > 0 else float("nan")
        if args.minutes >= 10:  # the run itself: last minus first sample of the second half, scaled
            growth = (samples[-1][column] - half[0][column]) * 10 / max(1e-9, samples[-1][0] - half[0][0])
        else:
            growth = slope * 10
        print(f"| {label} | {slope:.2f} | {growth:.1f} ({how}) |")
    window.document.undo_stack.setClean()
    window.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
