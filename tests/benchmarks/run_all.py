"""Every benchmark table of the "instant start and free watching" goals, and a summary: goal, median, met.

Run: ``python tests/benchmarks/run_all.py [--quick]`` (or ``python -m tests.benchmarks``), from the
repository root, in the project's environment. Each benchmark runs in a fresh process (start-up must,
and two Qt applications cannot share one), its tables are printed as it finishes, and the numbers the
goals are judged by are read from them:

- start-up (``bench_startup.py``): process start → window painted, and → first interaction;
- GUI training (``bench_gui_training.py``): the 16 ms UI timer while training, GUI/headless steps/s
  (alternating slices of each row, fresh processes per row), the training process's own count of its
  time besides training, the GUI draw of the decision and hinge views, and where the GUI thread's
  time goes;
- the training process (``bench_process_overhead.py``): what recording, diagnostics, live views and
  batching add to a spiral run, measured inside the run;
- the editor (``bench_editor.py``): 500 nodes, parameter edit → shapes, pan and zoom frames;
- the inside views (``bench_views.py``): each view's probe and draw cost;
- memory (``bench_memory.py``): both processes' RSS, and its growth over a long run;
- TensorFlow Playground's configuration (``bench_playground.py``): epochs/s with a live boundary.

Medians of 3 runs (``--quick``: one run, shorter; for a look, not for judging). The machine is
shared: the summary starts with the load average, and wall-clock goals measured while other
processes held the cores say so in their own tables (CPU time per frame, shares measured inside a
run). Not a test: it prints tables and always exits 0 unless a benchmark itself fails.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@dataclass
class Goal:
    """One row of the summary: a goal of the issue and the medians read for it."""

    name: str
    goal: str
    values: list[float]
    met: Callable[[float], bool]
    unit: str = ""
    digits: int = 2

    def row(self) -> str:
        if not self.values:
            return f"| {self.name} | {self.goal} | not measured | — |"
        value = statistics.median(self.values)
        shown = f"{value:.{self.digits}f}{self.unit}"
        return f"| {self.name} | {self.goal} | {shown} | {'met' if self.met(value) else 'NOT met'} |"


def run(script: str, *args: str, timeout: float = 1800) -> str:
    """Run one benchmark script in a fresh process; print and return its output."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    command = [sys.executable, str(HERE / script), *args]
    print(f"\n## {script} {' '.join(args)}\n", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout, check=False)
    output = "\n".join(line for line in done.stdout.splitlines() if "propagateSizeHints" not in line)
    print(output.strip(), flush=True)
    print(f"\n({script}: {time.perf_counter() - started:.0f} s)", flush=True)
    if done.returncode != 0:
        print(f"⚠ {script} failed (exit {done.returncode}): {done.stderr.strip()[-1500:]}", flush=True)
    return output


def cells(output: str, first: str) -> list[list[str]]:
    """The table rows of ``output`` whose first cell starts with ``first``, split into cells."""
    rows = []
    for line in output.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and parts and parts[0].startswith(first):
            rows.append(parts)
    return rows


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short run of each: a look, not a judgement")
    args = parser.parse_args()
    quick = args.quick
    runs = 1 if quick else 3
    load = os.getloadavg()
    print(f"# NetBuilder benchmarks ({'quick' if quick else 'medians of 3 runs'})")
    print(f"load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} cores")
    goals: dict[str, Goal] = {}

    def goal(key: str, name: str, text: str, met: Callable[[float], bool], unit: str = "", digits: int = 2) -> Goal:
        return goals.setdefault(key, Goal(name, text, [], met, unit, digits))

    # ---- start-up ---------------------------------------------------------------------------------
    out = run("bench_startup.py", "--runs", "3" if quick else "5")
    for row in cells(out, "median"):
        goal("shown", "start → window painted", "≤ 0.8 s", lambda v: v <= 0.8, " s").values.append(float(row[1]))
        goal("interactive", "start → first interaction", "≤ 1.0 s", lambda v: v <= 1.0, " s").values.append(
            float(row[2])
        )

    # ---- GUI training -----------------------------------------------------------------------------
    seconds = "4" if quick else "10"
    out = run("bench_gui_training.py", "--seconds", seconds, "--runs", str(runs))
    for label, key in (("spiral", "spiral"), ("mlp", "mlp")):
        shares = [float(r[5]) for r in cells(out, label) if len(r) == 6]  # the training process's own count
        if shares:
            goal(
                f"watching_{key}",
                f"training process's time besides training, {label}",
                "≤ 5 %",
                lambda v: v <= 5,
                " %",
                1,
            ).values.append(statistics.median(shares))
        rows = [r for r in cells(out, label) if len(r) == 12]
        ratios = [float(r[7]) for r in rows]
        if ratios:
            goal(
                f"ratio_{key}", f"GUI/headless steps/s, {label} (median)", "≥ 0.95", lambda v: v >= 0.95
            ).values.append(statistics.median(ratios))
            goal(
                f"worst_{key}", f"GUI/headless steps/s, {label} (worst row)", "≥ 0.9", lambda v: v >= 0.9
            ).values.append(min(ratios))
            goal(
                f"p99_{key}", f"16 ms timer p99 while training, {label}", "≤ 20 ms", lambda v: v <= 20, " ms", 1
            ).values.append(statistics.median(float(r[3]) for r in rows))
            goal(
                f"max_{key}", f"16 ms timer max while training, {label}", "≤ 33 ms", lambda v: v <= 33, " ms", 1
            ).values.append(statistics.median(float(r[4]) for r in rows))
    for row in cells(out, "decision grid"):
        goal("draw_decision", "GUI draw per update: decision grid", "≤ 4 ms", lambda v: v <= 4, " ms").values.append(
            float(row[2])
        )
    for row in cells(out, "hinge view"):
        goal("draw_hinge", "GUI draw per update: hinge view", "≤ 4 ms", lambda v: v <= 4, " ms").values.append(
            float(row[2])
        )

    # ---- the training process ---------------------------------------------------------------------
    out = run("bench_process_overhead.py", *(["--quick"] if quick else ["--epochs", "400", "--repeats", "3"]))
    for row in cells(out, "everything on"):
        goal(
            "process",
            "training process, all views on: 1 − share outside the trainer",
            "≥ 0.95",
            lambda v: v >= 0.95,
            "",
            3,
        ).values.append(float(row[2]))

    # ---- editor -----------------------------------------------------------------------------------
    out = run("bench_editor.py", "--runs", str(runs))
    for line in out.splitlines():
        # "name  result  goal": the result is the number(s) before the goal's own number.
        found = numbers(line)
        if line.startswith("param edit") and len(found) >= 2:
            goal(
                "edit", "editor 500 nodes: parameter edit → shapes", "≤ 100 ms", lambda v: v <= 100, " ms", 0
            ).values.append(found[-2])
        for prefix, key in (("pan frame at 100%", "pan100"), ("pan frame at 40%", "pan40"), ("zoom frame", "zoom")):
            if line.startswith(prefix) and len(found) >= 3:
                goal(key, f"editor 500 nodes: {prefix} p95", "≤ 16 ms", lambda v: v <= 16, " ms", 1).values.append(
                    found[-2]
                )

    # ---- inside views (probes) --------------------------------------------------------------------
    run("bench_views.py", *(["--seconds", "2"] if quick else []))

    # ---- memory -----------------------------------------------------------------------------------
    # Two minutes: RSS moves by ~1 MB between readings (the allocator), too much for a shorter slope.
    out = run("bench_memory.py", *(["--seconds", "2", "--minutes", "0.5"] if quick else ["--minutes", "2"]))
    for label in ("GUI", "training process"):
        for row in cells(out, label):
            if len(row) == 3 and row[0] == label:
                goal(
                    f"growth_{label}", f"RSS growth over 10 min, {label}", "≤ 20 MB", lambda v: v <= 20, " MB", 1
                ).values.append(numbers(row[2])[0])

    # ---- TensorFlow Playground's configuration ----------------------------------------------------
    for _ in range(runs):
        out = run("bench_playground.py", "--seconds", "4" if quick else "6")
        for row in cells(out, "NetBuilder, live boundary"):
            goal(
                "pg_epochs", "Playground spiral: epochs/s with a live boundary", "≥ 100", lambda v: v >= 100, "", 0
            ).values.append(float(row[1]))
            goal("pg_frames", "Playground spiral: boundary frames/s", "≥ 10", lambda v: v >= 10, "", 1).values.append(
                float(row[2])
            )

    load = os.getloadavg()
    print("\n## Summary: the goals of the issue, medians of the runs above\n")
    print(f"load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} cores")
    print("| goal | target | measured (median) | |")
    print("|---|---|---|---|")
    for item in goals.values():
        print(item.row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
