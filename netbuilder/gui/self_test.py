"""The desktop app checks itself: open every example, train it briefly, export it to ONNX, report as JSON.

``netbuilder self-test OUT.json`` (a hidden command) starts the real window as ``netbuilder`` does and
drives it through its public parts: the file controller opens each bundled example, the training
controller trains it for a few epochs in the training process, and the File → Export Model dialog
exports it to ONNX and verifies the file in a fresh process. It is how the standalone bundle is
smoke-tested under Xvfb (packaging/smoke-test-bundle), where no Python is installed and pytest cannot
reach inside; it works the same from a normal install.

The report also holds when the window first painted and when the training engine was ready (seconds
since the epoch), so that a caller who noted the launch time can measure start-up.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.examples import example_names, load_example
from netbuilder.core.interpreter import is_frozen

log = logging.getLogger(__name__)

STEP_TIMEOUT_S = 600.0  # one step (engine start, one training run, one export) on a busy 2-core machine


@dataclass
class ExampleResult:
    """What happened to one example."""

    name: str
    opened: bool = False
    nodes_on_canvas: int = 0
    trained: bool = False
    outcome: str | None = None
    epochs: int = 0
    final_loss: float | None = None
    exported: bool = False
    export_file: str | None = None
    max_abs_diff: float | None = None
    error: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.opened and self.trained and self.exported and not self.error


@dataclass
class SelfTestReport:
    """The whole self-test, as written to the JSON file."""

    frozen: bool
    epochs: int
    shown_at: float | None = None  # time.time() when the window first painted
    engine_at: float | None = None  # ... when the training engine was ready (Train available)
    examples: list[ExampleResult] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(result.ok for result in self.examples)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        for entry, result in zip(data["examples"], self.examples, strict=True):
            entry["ok"] = result.ok
        return data


class _FirstPaint(QObject):
    """Calls back once, on the first paint event of the watched widget."""

    def __init__(self, callback: Any) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            callback()
        return False


class SelfTest(QObject):
    """Drives ``window`` through ``examples`` one at a time; emits ``finished`` when the report is complete."""

    finished = Signal()

    def __init__(
        self,
        window: Any,
        examples: Sequence[str],
        *,
        epochs: int,
        out_dir: Path,
        startup_only: bool = False,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.report = SelfTestReport(frozen=is_frozen(), epochs=epochs)
        self._queue = list(examples)
        self._epochs = epochs
        self._out_dir = out_dir
        self._startup_only = startup_only
        self._current: ExampleResult | None = None
        self._started = 0.0
        self._dialog: Any = None
        self._done = False
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog_timeout)
        self._step = ""
        self._paint_spy = _FirstPaint(self._on_window_painted)
        # What the window shows first (as in tests/benchmarks/bench_startup.py).
        getattr(window, "start_page", window).installEventFilter(self._paint_spy)

    # ---- the sequence ------------------------------------------------------------------------------
    def start(self) -> None:
        """Wait for the training engine (it loads behind the painted window), then begin."""
        self._arm("starting the training engine")
        if self.window.training is not None:
            QTimer.singleShot(0, self._on_engine_ready)
        else:
            # Connected after the window's own slot, which adds the training controller first.
            self.window.engine.ready.connect(self._on_engine_ready)
            self.window.engine.failed.connect(self._on_engine_failed)

    def _on_window_painted(self) -> None:
        self.report.shown_at = time.time()

    def _on_engine_ready(self) -> None:
        if self.report.engine_at is not None or self._done:
            return
        self.report.engine_at = time.time()
        controller = self.window.training
        controller.run_ended.connect(self._on_run_ended)
        if self._startup_only:
            self._finish()
            return
        QTimer.singleShot(0, self._next_example)

    def _on_engine_failed(self, error: str) -> None:
        self._fail(f"the training engine could not start: {error}")

    def _next_example(self) -> None:
        if self._done:
            return
        if self._current is not None:
            self._current.seconds = round(time.perf_counter() - self._started, 2)
        if not self._queue:
            self._finish()
            return
        name = self._queue.pop(0)
        self._current = result = ExampleResult(name)
        self.report.examples.append(result)
        self._started = time.perf_counter()
        self._arm(f"opening example:{name}")
        if not self.window.files.open_example(name, ask=False):
            result.error = "the example did not open"
            QTimer.singleShot(0, self._next_example)
            return
        expected = load_example(name)
        result.nodes_on_canvas = len(self.window.scene.node_items)
        result.opened = self.window.document.project.name == expected.name and result.nodes_on_canvas == len(
            expected.graph
        )
        if not result.opened:
            result.error = f"the canvas shows {result.nodes_on_canvas} nodes, the example has {len(expected.graph)}"
            QTimer.singleShot(0, self._next_example)
            return
        controller = self.window.training
        training = dict(controller.project.training, epochs=self._epochs)
        # The Training panel's own undo text: this is the edit its Epochs field makes.
        controller.set_training(training, QCoreApplication.translate("TrainingPanel", "Set epochs"))
        self._arm(f"training example:{name}")
        if not controller.train() and result.outcome is None:
            # A run that cannot start has already ended (run_ended, handled above); only "busy" has not.
            result.error = "training did not start: a run is still going"
            QTimer.singleShot(0, self._next_example)

    def _on_run_ended(self) -> None:
        result, run = self._current, self.window.training.run
        if result is None or run is None or self._done:
            return
        result.outcome = run.outcome
        result.epochs = len(run.epochs)
        if run.epochs:
            result.final_loss = float(run.epochs[-1].train_loss)
        result.trained = run.outcome == "finished" and result.epochs == self._epochs and run.weights is not None
        if not result.trained:
            reason = run.failure.message if run.failure is not None else f"{result.epochs} epochs"
            result.error = f"training ended {run.outcome}: {reason}"
            QTimer.singleShot(0, self._next_example)
            return
        QTimer.singleShot(0, self._export)

    def _export(self) -> None:
        from netbuilder.gui.model_io import open_export_dialog

        result = self._current
        assert result is not None
        self._arm(f"exporting example:{result.name} to ONNX")
        dialog = open_export_dialog(self.window)
        if dialog.module is None:
            result.error = "the export dialog did not get the trained model"
        index = dialog.format_box.findData("onnx")
        dialog.format_box.setCurrentIndex(index)
        out = self._out_dir / f"{result.name}.onnx"
        dialog.path_edit.setText(str(out))
        dialog.export_finished.connect(self._on_export_finished)
        self._dialog = dialog
        dialog.start_export()

    def _on_export_finished(self, ok: bool) -> None:
        result, dialog = self._current, self._dialog
        assert result is not None and dialog is not None
        self._dialog = None
        export = dialog.result
        if export is not None:
            result.export_file = str(export.files[0]) if export.files else None
            result.max_abs_diff = export.max_abs_diff
        result.exported = ok and export is not None and bool(export.checks)
        if not result.exported:
            result.error = result.error or dialog.output.toPlainText().strip() or "the export failed"
        dialog.done(0)  # waits for the export thread to finish its clean-up
        QTimer.singleShot(0, self._next_example)

    # ---- ending ------------------------------------------------------------------------------------
    def _arm(self, step: str) -> None:
        self._step = step
        self._watchdog.start(int(STEP_TIMEOUT_S * 1000))

    def _on_watchdog_timeout(self) -> None:
        self._fail(f"timed out after {STEP_TIMEOUT_S:.0f} s while {self._step}")

    def _fail(self, error: str) -> None:
        if self._done:
            return
        self.report.error = error
        if self.window.training is not None and self.window.training.is_active:
            self.window.training.stop()
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        if self._current is not None and not self._current.seconds:
            self._current.seconds = round(time.perf_counter() - self._started, 2)
        self._done = True
        self._watchdog.stop()
        self.finished.emit()


def run_self_test(
    out: Path,
    *,
    examples: Sequence[str] | None = None,
    epochs: int = 2,
    export_dir: Path | None = None,
    startup_only: bool = False,
) -> int:
    """Start the app, run the self-test, write the JSON report to ``out``; 0 when everything passed."""
    from netbuilder.gui.app import create_main_window, ensure_application

    names = list(examples) if examples else example_names()
    unknown = sorted(set(names) - set(example_names()))
    if unknown:
        raise NetBuilderError(f"no such example: {', '.join(unknown)} (see netbuilder examples)")
    if export_dir is not None:
        export_dir.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    window = create_main_window(deferred=True)  # as `netbuilder` starts: paint first, torch behind
    with tempfile.TemporaryDirectory(prefix="netbuilder-self-test-") as scratch:
        test = SelfTest(window, names, epochs=epochs, out_dir=export_dir or Path(scratch), startup_only=startup_only)

        def end() -> None:
            # The self-test's own edits (the epochs) are not the user's: close without asking to save.
            window.document.new_project()
            window.close()
            app.quit()

        test.finished.connect(end, Qt.ConnectionType.QueuedConnection)
        window.show()
        test.start()
        app.exec()
    report = test.report.to_json()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    log.info("self-test %s: %s", "passed" if report["ok"] else "FAILED", out)
    return 0 if report["ok"] else 1
