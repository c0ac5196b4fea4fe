"""``RunHistory``: where the training controller keeps its runs on disk, and the list the Runs panel shows.

A saved project keeps its runs in ``runs/<name>/`` beside it (:class:`~netbuilder.training.runs.RunStore`).
An unsaved one (a new project, an example) records into a scratch folder, so its runs have checkpoints
and TensorBoard files too; the first Save copies them beside the project. Save also writes the runs that
only live in memory (weights brought in from elsewhere) and remembers which run is current, which is
the one a reopened project shows. A project saved before runs existed (``NAME.weights.safetensors``
beside it) still opens with its run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project, atomic_write_bytes
from netbuilder.core.schema import parse_json
from netbuilder.training.checkpoint import read_history, read_weights
from netbuilder.training.runner.run import Run
from netbuilder.training.runs.store import RunEntry, RunStore, RunStoreError, read_json_file

log = logging.getLogger(__name__)

CURRENT_FILE = "current.json"
LEGACY_WEIGHTS_SUFFIX = ".weights.safetensors"


def legacy_weights_path(project_path: str | Path) -> Path:
    """``name.nbproj`` → ``name.weights.safetensors`` (where runs were kept before run folders)."""
    path = Path(project_path)
    return path.with_name(path.stem + LEGACY_WEIGHTS_SUFFIX)


class RunHistory(QObject):
    changed = Signal()  # `entries` changed: a run started or ended, was renamed, starred or deleted
    problem = Signal(str)  # a message for the status bar (a damaged run folder, a failed write)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = RunStore(Path())
        self.entries: list[RunEntry] = []
        self._scratch: Path | None = None
        self._follow: dict[str, RunStore] = {}  # live run id → the store it is copied to when it ends

    # ---- which store -----------------------------------------------------------------------------
    def attach(self, project_path: Path | None) -> None:
        """Use the runs of ``project_path`` (a scratch folder when it is None)."""
        self.store.live.clear()  # the controller shut the session down: nothing trains any more
        self._drop_scratch()
        self._follow.clear()
        if project_path is not None:
            self.store = RunStore.beside(project_path)
        else:
            self._scratch = Path(tempfile.mkdtemp(prefix="netbuilder-runs-"))
            self.store = RunStore(self._scratch / "untitled")
        self.refresh()

    def shutdown(self) -> None:
        self.store.live.clear()
        self._drop_scratch()

    def _drop_scratch(self) -> None:
        if self._scratch is not None and not self.store.live:
            shutil.rmtree(self._scratch, ignore_errors=True)
        self._scratch = None

    def refresh(self) -> None:
        self.entries = self.store.entries()
        self.changed.emit()

    def entry(self, run_id: str | None) -> RunEntry | None:
        return next((e for e in self.entries if e.id == run_id), None)

    # ---- a run's life ----------------------------------------------------------------------------
    def start(self, project: dict[str, Any], run: Run, parent: str | None, from_epoch: int | None) -> str | None:
        """Create the run's folder (its path goes to the training process), or None if it cannot be."""
        try:
            path = self.store.create(project, parent=parent, from_epoch=from_epoch)
        except NetBuilderError as error:
            self.problem.emit(self.tr("⚠ this run is not recorded: {0}").format(error))
            return None
        run.run_id = path.name
        self.store.live.add(path.name)
        self.refresh()
        return str(path)

    def abandon(self, run: Run) -> None:
        """The run never started: its folder goes."""
        if run.run_id is not None:
            self.store.live.discard(run.run_id)
            with contextlib.suppress(RunStoreError):
                self.store.delete(run.run_id)
            run.run_id = None
            self.refresh()

    def finish(self, run: Run) -> None:
        if run.run_id is None:
            return
        try:
            self.store.finish(run.run_id, run)
        except NetBuilderError as error:
            self.problem.emit(self.tr("⚠ run not saved: {0}").format(error))
        target = self._follow.pop(run.run_id, None)
        if target is not None:  # the project was saved elsewhere while this run trained
            renamed = target.copy_from(self.store, [run.run_id])
            run.run_id = renamed.get(run.run_id, run.run_id)
            self._drop_scratch()
            self.store = target
        self.refresh()

    # ---- save and open ---------------------------------------------------------------------------
    def save_to(self, project_path: Path, project: Project, runs: list[Run], current: Run | None) -> None:
        """Keep every run beside ``project_path`` and remember ``current``."""
        target = RunStore.beside(project_path)
        if target.root.resolve() != self.store.root.resolve():
            done = [e.id for e in self.store.entries() if e.status != "damaged" and e.id not in self.store.live]
            renamed = target.copy_from(self.store, done)
            for run in runs:
                if run.run_id in self.store.live:
                    self._follow[run.run_id] = target
                elif run.run_id is not None:
                    run.run_id = renamed.get(run.run_id)
            if not self._follow:
                self._drop_scratch()
                self.store = target
        for run in runs:
            if run.run_id is None and run.is_over and run.weights is not None:
                try:
                    path = self.store.create(project.to_dict())
                    run.run_id = path.name
                    self.store.finish(path.name, run)
                except NetBuilderError as error:
                    self.problem.emit(self.tr("⚠ run not saved: {0}").format(error))
        if current is not None and current.run_id is not None and self.store.root.is_dir():
            data = json.dumps({"current": current.run_id}).encode("utf-8")
            try:
                atomic_write_bytes(self.store.root / CURRENT_FILE, data)
            except NetBuilderError as error:
                log.warning("could not remember the current run: %s", error)
        self.refresh()

    def current_id(self) -> str | None:
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            found = read_json_file(self.store.root / CURRENT_FILE).get("current")
            return str(found) if found else None
        return None

    def load(self, run_id: str) -> Run:
        """A listed run with its weights and parents (raises ``NetBuilderError`` for a damaged one)."""
        return self.store.load_run(run_id)

    def load_current(self, project_path: Path, project: Project) -> Run | None:
        """The run a reopened project shows: the remembered one, else the newest readable, else a legacy file."""
        damaged = [e for e in self.entries if e.status == "damaged"]
        if damaged:
            text = self.tr("⚠ {0} damaged run folder(s) listed in Runs: {1}")
            self.problem.emit(text.format(len(damaged), damaged[0].error))
        readable = [e.id for e in self.entries if e.status != "damaged"]
        wanted = self.current_id()
        order = ([wanted] if wanted in readable else []) + readable[::-1]
        for run_id in order:
            try:
                return self.load(run_id)
            except NetBuilderError as error:
                self.problem.emit(self.tr("⚠ run {0} cannot be opened: {1}").format(run_id, error))
        return self._legacy_run(project_path, project)

    def _legacy_run(self, project_path: Path, project: Project) -> Run | None:
        path = legacy_weights_path(project_path)
        if not path.exists():
            return None
        tensors, metadata = read_weights(path)  # bounded, and its history checked: a WeightsError otherwise
        if "run" in metadata:
            try:
                return Run.from_record(parse_json(metadata["run"], allow_nan=True), tensors)
            except (ValueError, NetBuilderError) as error:
                reason = error.message if isinstance(error, NetBuilderError) else str(error)
                text = self.tr("⚠ the run saved in {0} is damaged ({1}); its weights were kept")
                self.problem.emit(text.format(path.name, reason))
        return Run.from_history(read_history(metadata, str(path)), project.training, project.dataset, tensors)

    # ---- the panel's edits -----------------------------------------------------------------------
    def rename(self, run_id: str, name: str) -> None:
        self._edit(run_id, name=name.strip() or run_id)

    def star(self, run_id: str, starred: bool) -> None:
        self._edit(run_id, starred=starred)

    def delete(self, run_ids: list[str]) -> None:
        for run_id in run_ids:
            if run_id in self.store.live:
                self.problem.emit(self.tr("⚠ {0} is training: stop it before deleting it").format(run_id))
                continue
            try:
                self.store.delete(run_id)
            except NetBuilderError as error:
                self.problem.emit(f"⚠ {error}")
        self.refresh()

    def _edit(self, run_id: str, **changes: Any) -> None:
        try:
            self.store.update_meta(run_id, **changes)
        except NetBuilderError as error:
            self.problem.emit(f"⚠ {error}")
        self.refresh()


__all__ = ["RunHistory", "legacy_weights_path"]
