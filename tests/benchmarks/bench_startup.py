"""Benchmark: a fresh process to the window on screen, to the first interaction, and to the engine.

Run: ``python tests/benchmarks/bench_startup.py [--runs 5]``. Each run is a new Python process that
starts the app as ``netbuilder`` does (the window paints first, torch loads behind it) and reports:

- ``shown``: process start → the main window painted (a paint event delivered to the canvas);
- ``interactive``: → the first queued event handled after that (a click would be answered then);
- ``torch at paint``: whether torch was imported before the window painted (the goal: no);
- ``engine``: → torch loaded and the training docks added (shape inference and Train available).

It prints a table with every run and the medians. Goal (issue "Instant start"): shown ≤ 0.8 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, sys, time
start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject, QTimer
from netbuilder.gui.app import create_main_window, ensure_application

marks = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "shown" not in marks:
            marks["shown"] = time.perf_counter() - start
            marks["torch_at_paint"] = "torch" in sys.modules
            QTimer.singleShot(0, lambda: marks.setdefault("interactive", time.perf_counter() - start))
        return False

def main():
    app = ensure_application()
    window = create_main_window(deferred=True)
    spy = FirstPaint()
    window.start_page.installEventFilter(spy)  # what the window shows first
    window.engine.ready.connect(lambda: QTimer.singleShot(0, done))
    def done():
        marks["engine"] = time.perf_counter() - start
        window.close()
        app.quit()
    QTimer.singleShot(120_000, app.quit)
    window.show()
    app.exec()
    print("RESULT " + json.dumps(marks), flush=True)

if __name__ == "__main__":
    main()
"""


def one_run() -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=180)
    line = next((text for text in done.stdout.splitlines() if text.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"the start-up run printed no result: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(line.removeprefix("RESULT "))
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [one_run() for _ in range(args.runs)]
    print("| run | shown s | interactive s | torch at paint | engine s |")
    print("|---|---|---|---|---|")
    for i, row in enumerate(rows, 1):
        print(
            f"| {i} | {row['shown']:.2f} | {row['interactive']:.2f} | {'yes' if row['torch_at_paint'] else 'no'}"
            f" | {row.get('engine', float('nan')):.2f} |"
        )
    med = {k: statistics.median(r[k] for r in rows if k in r) for k in ("shown", "interactive", "engine")}
    print(f"| median | {med['shown']:.2f} | {med['interactive']:.2f} | | {med['engine']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
