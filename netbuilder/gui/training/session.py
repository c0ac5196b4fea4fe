"""``TrainingSession``: one project's training runs, their controls and the weights they leave behind.

The session lives in the GUI thread. ``start`` snapshots the project (so editing the canvas during a
run cannot race the training) and sends it, with the kept weights, to a training process through a
:class:`TrainingThread`; it returns at once. Building the dataset, compiling the graph and training
all happen in that process (:mod:`run_process`), and the controls (pause, step, stop, learning rate)
are messages to it.
"""

from __future__ import annotations

import json
import logging
from enum import Enum
from pathlib import Path
from typing import Any

import torch
from PySide6.QtCore import QObject, Signal

from netbuilder.core.project import Project
from netbuilder.gui.training import process_pool
from netbuilder.gui.training.batching import RunFailure
from netbuilder.gui.training.run_process import Job, job_environment
from netbuilder.gui.training.worker import TrainingThread
from netbuilder.training.checkpoint import read_weights, save_weights
from netbuilder.training.config import TrainConfig
from netbuilder.training.errors import TrainingError
from netbuilder.training.events import Failed, Finished, Stopped

log = logging.getLogger(__name__)

WEIGHTS_SUFFIX = ".weights.safetensors"


class RunState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"


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
        self.config: TrainConfig | None = None
        self.weights: dict[str, torch.Tensor] | None = None  # CPU copy of the trained weights
        self.history: list[dict[str, Any]] = []
        self.last_result: Any = None
        self.base_dir: Path | None = None
        self._pending_renames: list[tuple[str, str]] = []  # nodes renamed while a run trains

    # ---- controls ------------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.thread is not None

    def start(self, project: Project, base_dir: Path | None = None) -> bool:
        """Begin a run on a snapshot of ``project``; continues from the kept weights when they fit."""
        if self.thread is not None:
            return False
        snapshot = project.to_dict()
        config = TrainConfig.from_dict(snapshot.get("training", {}))  # ConfigError reaches the caller: show it
        self.config = config
        self.base_dir = base_dir
        job = Job(snapshot, str(base_dir) if base_dir else None, self.weights, job_environment())
        try:
            process = process_pool.acquire()
        except (OSError, RuntimeError, ValueError) as error:  # no process could be started (limits, sandbox)
            log.exception("cannot start a training process")
            raise TrainingError(f"cannot start the training process: {error}") from None
        thread = TrainingThread(process, job, parent=self)
        thread.view_planned.connect(self.view_planned)
        thread.progressed.connect(self._on_thread_progressed)
        thread.probed.connect(self.probed)
        thread.reported.connect(self.reported)
        thread.run_ended.connect(self._on_thread_run_ended)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        self._set_state(RunState.RUNNING)
        self.run_started.emit(config)
        thread.start()
        return True

    def _send(self, *command: Any) -> None:
        if self.thread is not None:
            self.thread.process.send(*command)

    def pause(self) -> None:
        if self.thread is not None and self.state == RunState.RUNNING:
            self._send("pause")
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self.thread is not None and self.state == RunState.PAUSED:
            self._send("resume")
            self._set_state(RunState.RUNNING)

    def step(self, count: int = 1) -> None:
        if self.thread is not None and self.state in (RunState.RUNNING, RunState.PAUSED):
            self._send("step", max(1, int(count)))
            self._set_state(RunState.PAUSED)

    def stop(self) -> None:
        if self.thread is not None and self.state != RunState.STOPPING:
            self._send("stop")
            self._set_state(RunState.STOPPING)

    def set_lr(self, lr: float) -> None:
        """Change the running job's learning rate from its next step on."""
        if not lr > 0:
            raise ValueError(f"learning rate must be > 0, got {lr}")
        self._send("lr", float(lr))

    def rename_weights(self, old_id: str, new_id: str) -> None:
        """A node was renamed: its kept weights follow it (``old.weight`` → ``new.weight``).

        During a run the weights still to come carry the old names: the rename is applied when they arrive.
        """
        if self.thread is not None:
            self._pending_renames.append((old_id, new_id))
        if self.weights is not None:
            self.weights = _rekeyed(self.weights, old_id, new_id)

    def reset_weights(self) -> None:
        """Forget the trained weights: the next run starts from a fresh initialisation."""
        if self.thread is None:
            self.weights = None
            self.history = []
            self.weights_changed.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop any run and wait for its thread (window closing); True if no thread is left running.

        A process that does not finish its step in time is terminated, which ends the thread too.
        """
        thread = self.thread
        if thread is None:
            return True
        thread.process.send("stop")
        if thread.wait(timeout_ms):
            return True
        log.error("training did not stop within %d ms; ending its process", timeout_ms)
        thread.process.kill()
        return thread.wait(5_000)

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

    def _on_thread_run_ended(self, event: Any, weights: dict[str, torch.Tensor] | None) -> None:
        self.last_result = event
        if isinstance(event, (Finished, Stopped, Failed)):
            if weights is not None:
                self.weights = weights
                for old_id, new_id in self._pending_renames:
                    self.weights = _rekeyed(self.weights, old_id, new_id)
            self.history = self.history + list(event.result.history)
            self.weights_changed.emit()
        self.run_ended.emit(event)

    def _on_thread_finished(self) -> None:
        self._pending_renames.clear()
        thread, self.thread = self.thread, None
        if thread is not None:
            process_pool.release(thread.process, reusable=thread.clean_end)
            thread.deleteLater()
        self._set_state(RunState.IDLE)


def _rekeyed(weights: dict[str, torch.Tensor], old_id: str, new_id: str) -> dict[str, torch.Tensor]:
    prefix = old_id + "."
    return {(new_id + "." + k[len(prefix) :]) if k.startswith(prefix) else k: v for k, v in weights.items()}


def weights_path_for(project_path: str | Path) -> Path:
    """``name.nbproj`` → ``name.weights.safetensors`` beside it."""
    path = Path(project_path)
    return path.with_name(path.stem + WEIGHTS_SUFFIX)


__all__ = ["RunFailure", "RunState", "TrainingSession", "weights_path_for"]
