"""Benchmark: memory of the GUI process and of the training process, and no growth over a long run.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_memory.py [--seconds 4] [--minutes 1]``.
Table 1: resident memory (RSS, from /proc, Linux) of both processes after training each bundled 2-D/1-D
example and the digits MLP for a few seconds in the app. Table 2: RSS every ``--minutes``/6 of one long
spiral run: with the curves decimated and the history thinned it must level off, not climb.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer

from netbuilder.gui.app import create_main_window, ensure_application
from netbuilder.training.runner import pool


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
    for name in ("spiral", "xor", "circles", "seed-relu-pieces", "seed-digits-mlp"):
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
    for _ in range(7):
        pid = training_pid(window)
        run = window.training.run
        epochs = run.last_epoch if run is not None else 0
        minutes = (time.perf_counter() - started) / 60
        print(f"| {minutes:.1f} | {epochs} | {rss_mb():.0f} | {rss_mb(pid) if pid else float('nan'):.0f} |")
        wait(int(args.minutes * 60_000 / 6))
    window.training.stop()
    while window.training.is_active:
        wait(50)
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
