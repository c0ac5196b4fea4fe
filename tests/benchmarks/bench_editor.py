"""Editor benchmark (a script, not a test): a generated 500-node graph in the real main window.

Prints a table: open + lay out, parameter edit -> updated shapes on screen (goal <= 100 ms), and the
frame time while panning and zooming (goal <= 16 ms). Run with
``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_editor.py``.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NETBUILDER_RECOVERY_DIR", tempfile.mkdtemp())

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project

log = logging.getLogger(__name__)


def generated_graph(size: int = 500) -> Graph:
    """Residual MLP blocks: Dense -> ReLU -> Dense -> Add(skip), repeated until ``size`` nodes."""
    graph = Graph()
    previous = graph.add_node("Input", {"shape": [32]}, node_id="inp").id
    while len(graph) + 4 <= size:
        d1 = graph.add_node("Dense", {"out_features": 32}).id
        r = graph.add_node("ReLU").id
        d2 = graph.add_node("Dense", {"out_features": 32}).id
        add = graph.add_node("Add").id
        graph.connect(previous, d1)
        graph.connect(d1, r)
        graph.connect(r, d2)
        graph.connect(d2, add)
        graph.connect(previous, add)
        previous = add
    while len(graph) < size:
        nxt = graph.add_node("ReLU").id
        graph.connect(previous, nxt)
        previous = nxt
    return graph


def _wait(app: QApplication, done: object) -> None:
    while not done():  # type: ignore[operator]
        app.processEvents()


def main() -> int:
    settings_dir = tempfile.mkdtemp()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    from netbuilder.gui.app import create_main_window, ensure_application

    app = ensure_application()
    window = create_main_window()
    window.resize(1400, 880)
    window.show()
    app.processEvents()
    window.analysis.run_now()  # warm-up: imports torch and the model package once

    rows: list[tuple[str, str, str]] = []
    graph = generated_graph(500)
    started = time.perf_counter()
    window.files.open_project(Project(graph=graph, name="bench-500"))
    window.editor.auto_layout()
    window.analysis.run_now()
    window.view.fit_to_view()
    window.view.viewport().repaint()
    opened = (time.perf_counter() - started) * 1000
    rows.append(("open 500 nodes + auto-layout + infer + paint", f"{opened:.0f} ms", "—"))

    # Parameter edit near the input: every downstream shape changes.
    window.view.reset_zoom()
    first_dense = next(n.id for n in graph.nodes if n.type == "Dense")
    window.view.centerOn(window.scene.node_items[first_dense])
    latencies, inference = [], []
    for i in range(10):
        value = 16 + (i % 2) * 8
        item = window.scene.node_items[first_dense]
        started = time.perf_counter()
        window.editor.set_param(first_dense, "out_features", value)
        _wait(app, lambda v=value, it=item: it.shape_text == str(v) and not window.analysis.pending)
        window.view.viewport().repaint()
        latencies.append((time.perf_counter() - started) * 1000)
        inference.append(window.analysis.last_duration_ms)
    rows.append(
        ("param edit -> shapes on screen (incl. 40 ms debounce)", f"{statistics.median(latencies):.0f} ms", "≤ 100 ms")
    )
    rows.append(("  of which shape inference", f"{statistics.median(inference):.1f} ms", "—"))

    def frames(step: object, count: int = 60) -> list[float]:
        times = []
        for k in range(count):
            started = time.perf_counter()
            step(k)  # type: ignore[operator]
            window.view.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
        return times

    bar = window.view.horizontalScrollBar()
    window.view.set_zoom(1.0)
    pan = frames(lambda k: bar.setValue(bar.value() + (15 if (k // 20) % 2 == 0 else -15)))
    rows.append(
        ("pan frame at 100% (median / p95)", f"{statistics.median(pan):.1f} / {sorted(pan)[56]:.1f} ms", "≤ 16 ms")
    )
    window.view.fit_to_view()
    window.view.set_zoom(0.4)
    pan_out = frames(lambda k: bar.setValue(bar.value() + (15 if (k // 20) % 2 == 0 else -15)))
    rows.append(
        (
            "pan frame at 40% (median / p95)",
            f"{statistics.median(pan_out):.1f} / {sorted(pan_out)[56]:.1f} ms",
            "≤ 16 ms",
        )
    )
    zoom = frames(lambda k: window.view.zoom_by(1.05 if (k // 15) % 2 == 0 else 1 / 1.05))
    rows.append(
        ("zoom frame 40–80% (median / p95)", f"{statistics.median(zoom):.1f} / {sorted(zoom)[56]:.1f} ms", "≤ 16 ms")
    )

    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure':<{width}}  {'result':>16}  goal", "-" * (width + 30)]
    lines += [f"{name:<{width}}  {value:>16}  {goal}" for name, value, goal in rows]
    sys.stdout.write("\n".join(lines) + "\n")  # a report script: the table is its output
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
