"""``TrainingSession``: one project's training runs, their controls and the weights they leave behind.

The session lives in the GUI thread. ``start`` snapshots the project (so editing the canvas during a
run cannot race the worker), hands a factory to a :class:`TrainingThread` and returns at once: building
the dataset, compiling the graph and the first optimiser step all happen in the worker.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import torch
from PySide6.QtCore import QObject, Signal

from netbuilder.core.project import Project, project_from_dict
from netbuilder.gui.training.view_probes import ViewPlan, make_report
from netbuilder.gui.training.worker import RunFailure, TrainingThread
from netbuilder.training.checkpoint import read_weights, save_weights, state_to_cpu
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.device import pick_threads
from netbuilder.training.events import TERMINAL_EVENTS, Failed, Finished, Stopped
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

WEIGHTS_SUFFIX = ".weights.safetensors"
SNAPSHOT_SECONDS = 0.2  # the generator offers a snapshot this often; the worker probes at most 5 Hz


class RunState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"


def weights_path_for(project_path: str | Path) -> Path:
    """``name.nbproj`` → ``name.weights.safetensors`` beside it."""
    path = Path(project_path)
    return path.with_name(path.stem + WEIGHTS_SUFFIX)


class TrainingSession(QObject):
    state_changed = Signal(str)  # RunState value
    run_started = Signal(object)  # the TrainConfig of the run
    view_planned = Signal(object)  # ViewPlan.setup (DecisionSetup / HingeSetup) or None
    progressed = Signal(object)  # ProgressBatch
    probed = Signal(object)  # DecisionFrame / HingeFrame
    reported = Signal(object)  # view_probes.Report, computed in the worker at the end of a run
    run_ended = Signal(object)  # Finished / Stopped / Failed / RunFailure
    weights_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = RunState.IDLE
        self.thread: TrainingThread | None = None
        self.control: TrainControl | None = None
        self.config: TrainConfig | None = None
        self.weights: dict[str, torch.Tensor] | None = None  # CPU copy of the trained weights
        self.history: list[dict[str, Any]] = []
        self.last_result: Any = None
        self.last_plan: ViewPlan | None = None
        self.base_dir: Path | None = None

    # ---- controls ------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.thread is not None

    def start(self, project: Project, base_dir: Path | None = None) -> bool:
        """Begin a run on a snapshot of ``project``; continues from the kept weights when they fit."""
        if self.thread is not None:
            return False
        snapshot = project_from_dict(project.to_dict())
        config = TrainConfig.from_dict(snapshot.training)  # ConfigError reaches the caller: show it
        self.config = config
        self.base_dir = base_dir
        control = TrainControl()
        weights = self.weights

        def source() -> tuple[Any, Any]:
            # Runs in the worker thread.
            setup = prepare(snapshot, config, base_dir=base_dir)
            resume = False
            if weights is not None:
                try:
                    setup.model.load_state_dict(weights)
                    resume = True
                except (RuntimeError, KeyError) as error:  # the graph changed: start afresh
                    log.info("kept weights do not fit the network any more (%s); starting afresh", error)
            if setup.config.threads == 0:
                setup.config = dataclasses.replace(setup.config, threads=gui_threads(setup.model))
            plan = ViewPlan(setup.dataset, snapshot.graph, _target_for(snapshot))
            self.last_plan = plan
            self.view_planned.emit(plan.setup)
            trainer = setup.trainer(control, init_weights=not resume, snapshot_every_seconds=SNAPSHOT_SECONDS)
            self._probe_plan = plan
            self._model = setup.model
            return self._with_report(trainer.run(), setup), setup.model

        def probe(model: Any) -> Any:
            return self._probe_plan.frame(model)

        thread = TrainingThread(source, probe, parent=self)
        thread.progressed.connect(self._on_thread_progressed)
        thread.probed.connect(self.probed)
        thread.run_ended.connect(self._on_thread_run_ended)
        thread.finished.connect(self._on_thread_finished)
        self.thread, self.control = thread, control
        self._set_state(RunState.RUNNING)
        self.run_started.emit(config)
        thread.start()
        return True

    def _with_report(self, events: Iterator[Any], setup: Any) -> Iterator[Any]:
        """Pass events through; before the terminal one, evaluate the test split (in the worker)."""
        for event in events:
            if isinstance(event, TERMINAL_EVENTS) and not isinstance(event, Failed):
                try:
                    report = make_report(setup.model, setup.dataset)
                except Exception:  # the report is extra: never let it hide the run's outcome
                    log.exception("final report failed")
                    report = None
                if report is not None:
                    self.reported.emit(report)
            yield event

    def pause(self) -> None:
        if self.control is not None and self.state == RunState.RUNNING:
            self.control.pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self.control is not None and self.state == RunState.PAUSED:
            self.control.resume()
            self._set_state(RunState.RUNNING)

    def step(self, count: int = 1) -> None:
        if self.control is not None and self.state in (RunState.RUNNING, RunState.PAUSED):
            self.control.step(count)
            self._set_state(RunState.PAUSED)

    def stop(self) -> None:
        if self.control is not None and self.state != RunState.STOPPING:
            self.control.stop()
            self._set_state(RunState.STOPPING)

    def set_lr(self, lr: float) -> None:
        if self.control is not None:
            self.control.set_lr(lr)

    def reset_weights(self) -> None:
        """Forget the trained weights: the next run starts from a fresh initialisation."""
        if self.thread is None:
            self.weights = None
            self.history = []
            self.weights_changed.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop any run and wait for its thread (window closing); True if no thread is left running."""
        thread = self.thread
        if thread is None:
            return True
        if self.control is not None:
            self.control.stop()
        ok = thread.wait(timeout_ms)
        if not ok:
            log.error("training thread did not stop within %d ms", timeout_ms)
        return ok

    # ---- weights on disk -----------------------------------------------------------------------
    def save_weights_beside(self, project_path: str | Path) -> Path | None:
        if self.weights is None:
            return None
        target = weights_path_for(project_path)
        save_weights(self.weights, target, metadata={"history": self.history})
        return target

    def load_weights_beside(self, project_path: str | Path) -> bool:
        path = weights_path_for(project_path)
        if not path.exists():
            return False
        tensors, metadata = read_weights(path)
        self.weights = tensors
        try:
            import json

            self.history = list(json.loads(metadata.get("history", "[]")))
        except ValueError:
            self.history = []
        self.weights_changed.emit()
        return True

    # ---- slots ---------------------------------------------------------------------------------
    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state.value)

    def _on_thread_progressed(self, batch: Any) -> None:
        if batch.paused is True and self.state == RunState.RUNNING:
            self._set_state(RunState.PAUSED)
        self.progressed.emit(batch)

    def _on_thread_run_ended(self, event: Any) -> None:
        self.last_result = event
        if isinstance(event, (Finished, Stopped, Failed)):
            result = event.result
            # The worker has left the generator: the model is no longer touched by it.
            state = result.last_state if result.last_state is not None else getattr(self, "_model", None)
            if state is not None:
                self.weights = state_to_cpu(state)
            self.history = self.history + list(result.history)
            self.weights_changed.emit()
        self.run_ended.emit(event)

    def _on_thread_finished(self) -> None:
        thread, self.thread, self.control = self.thread, None, None
        if thread is not None:
            thread.deleteLater()
        self._set_state(RunState.IDLE)


def gui_threads(model: torch.nn.Module, cpu_count: int | None = None) -> int:
    """Torch threads for a run in the GUI: the engine's pick, but leaving one core to the GUI thread.

    Intra-op threads wait for each other at every op, so one preempted by the GUI thread stalls them
    all. Measured on the 2-core machine (784-512-512-10 MLP, all plots live): 2 threads trained at
    ~350 steps/s in the GUI against ~590 headless, 1 thread at ~320 — the second thread bought
    almost nothing next to a busy GUI thread, and it competed with it for the core.
    """
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    picked = pick_threads(sum(p.numel() for p in model.parameters()), cpu_count=cores)
    return max(1, min(picked, cores - 1))


def _target_for(project: Project) -> Any:
    """The true 1-D curve of a function dataset, for the hinge view; None for other kinds."""
    if project.dataset.get("kind") != "function":
        return None
    from netbuilder.data.functions import target_function

    try:
        return target_function(project.dataset)
    except Exception:
        return None


__all__ = ["RunFailure", "RunState", "TrainingSession", "gui_threads", "weights_path_for"]
