"""``RunsDocks``: the Runs and Compare docks, wired to the training controller.

The Runs dock lists :attr:`TrainingController.history`'s runs and holds the checkpoint timeline of
the current run; the Compare dock shows the runs picked there. Neither keeps run state: the list comes
from the history, the timeline from the current run's folder, the comparison from the run folders.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.training.compare_view import CompareView
from netbuilder.gui.training.controller import TrainingController
from netbuilder.gui.training.runs_panel import RunsPanel
from netbuilder.gui.training.session import RunState
from netbuilder.training.runs.compare import final_values, run_settings

log = logging.getLogger(__name__)


class RunsDocks(QObject):
    def __init__(self, window: Any, controller: TrainingController, results: Any = None) -> None:
        super().__init__(window)
        self.results = results  # the Results view: it shows the report of the checkpoint on the timeline
        self.window = window
        self.controller = controller
        self.history = controller.history
        self.panel = RunsPanel()
        self.compare = CompareView()
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        window.add_dock(self.panel, self.tr("Runs"), "RunsDock", bottom, tabify_with="LossDock")
        # Compare opens when runs are compared (a tab fewer to squeeze in the bottom group until then).
        window.add_dock(self.compare, self.tr("Compare"), "CompareDock", bottom, tabify_with="LossDock", visible=False)
        self.history.changed.connect(self._show_entries)
        controller.run_replaced.connect(self._show_entries)
        controller.run_ended.connect(self._show_entries)
        controller.state_changed.connect(lambda _state: self._show_timeline())
        panel = self.panel
        panel.open_requested.connect(controller.open_run)
        panel.compare_requested.connect(self.compare_runs)
        panel.delete_requested.connect(self.delete_runs)
        panel.renamed.connect(self.history.rename)
        panel.starred.connect(self.history.star)
        panel.timeline.epoch_chosen.connect(controller.show_checkpoint)
        panel.timeline.continue_requested.connect(controller.continue_from)
        controller.checkpoint_shown.connect(self._on_controller_checkpoint_shown)
        self._show_entries()

    def _current_id(self) -> str | None:
        run = self.controller.run
        return run.run_id if run is not None else None

    def _show_entries(self) -> None:
        self.panel.show_entries(self.history.entries, self._current_id())
        self._show_timeline()

    def _show_timeline(self) -> None:
        idle = self.controller.state == RunState.IDLE
        self.panel.timeline.show_entry(self.history.entry(self._current_id()), enabled=idle)

    def _on_controller_checkpoint_shown(self, _epoch: int | None, report: Any) -> None:
        if self.results is not None and report is not None:
            self.results.set_report(report)

    def compare_runs(self, run_ids: list[str]) -> None:
        """Overlay the listed runs ``run_ids`` in the Compare dock and raise it."""
        names, settings, finals, runs = [], [], [], []
        for run_id in run_ids:
            entry = self.history.entry(run_id)
            if entry is None or entry.status == "damaged":
                continue
            try:
                runs.append(self.history.store.load_run(run_id, with_weights=False))
            except NetBuilderError as error:
                self.window.statusBar().showMessage(f"⚠ {error}", 10_000)
                continue
            names.append(entry.name)
            settings.append(run_settings(entry.project))
            finals.append(final_values(entry.to_json()))
        if len(runs) < 2:
            return
        self.compare.show_runs(names, settings, finals, runs)
        self.window.show_dock("CompareDock")

    def delete_runs(self, run_ids: list[str]) -> None:
        """Delete the runs after the person confirms; the current run is forgotten first."""
        if not run_ids:
            return
        names = ", ".join(e.name for i in run_ids if (e := self.history.entry(i)) is not None)
        answer = QMessageBox.question(
            self.window,
            self.tr("Delete runs"),
            self.tr("Delete {0}? Their weights, checkpoints and logs are removed from the disk.").format(names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._current_id() in run_ids:
            self.controller.reset()
        self.controller.runs = [r for r in self.controller.runs if r.run_id not in run_ids]
        self.history.delete(run_ids)


__all__ = ["RunsDocks"]
