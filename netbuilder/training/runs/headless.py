"""A run of the headless ``netbuilder train``, kept beside the project like the app's runs.

The CLI drives the trainer itself (no training process): :meth:`HeadlessRun.record` wraps its events
with the same :class:`~.recorder.RunRecorder` the training process uses, and :meth:`HeadlessRun.finish`
writes the :class:`~netbuilder.training.runner.run.Run` record from the trainer's history, so the app,
``netbuilder runs`` and TensorBoard see a CLI run exactly like one trained in the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netbuilder.training.events import Failed, Finished, Stopped, TrainEvent
from netbuilder.training.runner.run import Run
from netbuilder.training.runs.recorder import RunRecorder
from netbuilder.training.runs.store import RunStore


class HeadlessRun:
    """One CLI run: its folder, recorder and the settings it trained with."""

    def __init__(self, project_path: Path, setup: Any) -> None:
        project = setup.project
        self.training = setup.config.to_dict()  # the settings used, overrides included
        snapshot = dict(project.to_dict(), training=self.training)
        self.store = RunStore.beside(project_path)
        self.path = self.store.create(snapshot)
        self.dataset = dict(project.dataset)
        self.task = setup.dataset.task
        self.recorder = RunRecorder(self.path, setup.model, self.training, planned_epochs=setup.config.epochs)

    @property
    def run_id(self) -> str:
        return self.path.name

    def record(self, events: Iterator[TrainEvent]) -> Iterator[TrainEvent]:
        return self.recorder.record(events)

    def finish(self, terminal: Finished | Stopped | Failed) -> Run:
        """Write the run's record (curves, report, outcome); returns the Run."""
        result = terminal.result
        run = Run.from_history(result.history, self.training, self.dataset, None)
        run.run_id, run.task = self.run_id, self.task
        run.planned_epochs = int(self.training.get("epochs") or result.epochs)
        run.steps = self.recorder.steps
        run.end(terminal, None)
        self.store.finish(self.run_id, run)
        return run


__all__ = ["HeadlessRun"]
