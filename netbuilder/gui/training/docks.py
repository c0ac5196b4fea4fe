"""Wiring: the training docks, the session and the editor's main window, connected in one place.

:func:`install` (called by ``netbuilder.gui.app.create_main_window``) adds the Dataset, Training,
Loss, Decision boundary, ReLU fit and Results docks and a Training menu, and makes sure no training
thread outlives the window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.settings import settings
from netbuilder.gui.training import process_pool
from netbuilder.gui.training.batching import RunFailure
from netbuilder.gui.training.dataset_panel import DatasetPanel
from netbuilder.gui.training.dead_units import ReviveDeadUnits, frame_for, revive_dead_units
from netbuilder.gui.training.decision_plot import DecisionPlot
from netbuilder.gui.training.hinge_plot import HingePlot
from netbuilder.gui.training.loss_plot import LossPlot
from netbuilder.gui.training.network_fit import fit_edits, fit_mismatch
from netbuilder.gui.training.neuron_tiles import NeuronTiles
from netbuilder.gui.training.results_view import ResultsView
from netbuilder.gui.training.section_command import SetSection
from netbuilder.gui.training.session import TrainingSession
from netbuilder.gui.training.training_panel import TrainingPanel
from netbuilder.gui.training.view_probes import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup, Report
from netbuilder.gui.training.view_states import PRESS_TRAIN, ViewHolder, not_applicable, view_for
from netbuilder.training.events import Failed, Finished, Stopped

log = logging.getLogger(__name__)


class TrainingDocks(QObject):
    """Owns the training widgets of one main window and keeps them in step with its document."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.session = TrainingSession(self)
        self.dataset_panel = DatasetPanel()
        self.training_panel = TrainingPanel()
        self.loss_plot = LossPlot()
        self.decision_plot = DecisionPlot()
        self.hinge_plot = HingePlot()
        self.results = ResultsView()
        self.tiles = NeuronTiles(window.scene, self)
        self._hinge_node = ""
        self._view_shown = False  # has the decision/hinge view been given its points for this project?
        self._add_docks()
        self._connect()
        self._on_document_project_replaced()
        window.installEventFilter(self)

    # ---- building ------------------------------------------------------------------------------
    def _add_docks(self) -> None:
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        add = self.window.add_dock
        views = (
            ("LossDock", self.loss_plot),
            ("DecisionDock", self.decision_plot),
            ("HingeDock", self.hinge_plot),
            ("ResultsDock", self.results),
        )
        self.holders = {name: ViewHolder(view, PRESS_TRAIN[name]) for name, view in views}
        add(self.training_panel, "Training", "TrainingDock", right, tabify_with="InspectorDock")
        add(self.dataset_panel, "Dataset", "DatasetDock", right, tabify_with="TrainingDock")
        add(self.holders["LossDock"], "Loss", "LossDock", bottom)
        add(self.holders["DecisionDock"], "Decision boundary", "DecisionDock", bottom)
        add(self.holders["HingeDock"], "ReLU fit", "HingeDock", bottom, tabify_with="DecisionDock")
        add(self.holders["ResultsDock"], "Results", "ResultsDock", bottom, tabify_with="LossDock")
        self.window.docks["LossDock"].raise_()
        self._first_layout = settings().value("window/state") is None
        self.window.docks["TrainingDock"].raise_()
        menu_title = "&Training"
        self.window.add_menu_action(menu_title, "Train", self.train, "Ctrl+Return")
        self.window.add_menu_action(menu_title, "Pause / Resume", self._toggle_pause, "Ctrl+.")
        self.window.add_menu_action(menu_title, "Stop", self.session.stop, "Ctrl+Shift+.")
        self.window.add_menu_action(menu_title, "Reset weights", self.session.reset_weights)
        self.reinit_action = self.window.add_menu_action(menu_title, "Re-initialise dead units", self.reinit_dead_units)
        self.reinit_action.setEnabled(False)

    def _connect(self) -> None:
        doc, session, panel = self.document, self.session, self.training_panel
        doc.project_replaced.connect(self._on_document_project_replaced)
        doc.node_renamed.connect(session.rename_weights)
        doc.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        doc.saved.connect(self._on_document_saved)
        panel.settings_edited.connect(self._on_training_settings_edited)
        panel.lr_edited.connect(session.set_lr)
        panel.train_clicked.connect(self.train)
        panel.pause_clicked.connect(session.pause)
        panel.resume_clicked.connect(session.resume)
        panel.step_clicked.connect(session.step)
        panel.stop_clicked.connect(session.stop)
        panel.reset_clicked.connect(self._on_reset_clicked)
        self.dataset_panel.spec_edited.connect(self._on_dataset_spec_edited)
        self.dataset_panel.fit_requested.connect(self.fit_network_to_data)
        self.dataset_panel.data_changed.connect(self._check_fit)
        session.state_changed.connect(panel.set_state)
        session.state_changed.connect(self._on_session_state_changed)
        self.hinge_plot.reinit_clicked.connect(self.reinit_dead_units)
        session.view_planned.connect(self._on_session_view_planned)
        session.progressed.connect(self._on_session_progressed)
        session.probed.connect(self._on_session_probed)
        session.reported.connect(self._on_session_reported)
        session.run_ended.connect(self._on_session_run_ended)
        self.hinge_plot.unit_hovered.connect(lambda unit: self.tiles.set_highlight(self._hinge_node, unit))
        self.tiles.unit_hovered.connect(self._on_tiles_unit_hovered)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ---- actions -------------------------------------------------------------------------------
    @property
    def project(self) -> Any:
        return self.document.project

    def _base_dir(self) -> Path | None:
        return self.document.path.parent if self.document.path is not None else None

    def train(self) -> None:
        if self.session.is_active:
            return
        self.training_panel.clear_error()
        if self.session.weights is None:
            self.loss_plot.reset(self._task())
        self.results.clear()
        self.holders["LossDock"].show_view()
        try:
            self.session.start(self.project, self._base_dir())
        except NetBuilderError as error:
            self._show_failure(error.message, getattr(error, "node_id", None))

    def shutdown(self) -> None:
        self.session.shutdown()
        self.dataset_panel.shutdown()

    def fit_network_to_data(self) -> None:
        """Set the Input shape and the last Dense layer's size from the dataset, as one undo step."""
        dataset = self.dataset_panel.dataset
        if dataset is None:
            return
        stack = self.document.undo_stack
        stack.beginMacro("Fit the network to the data")
        try:
            for node_id, key, value in fit_edits(self.document.graph, dataset):
                self.window.editor.set_param(node_id, key, value)
        finally:
            stack.endMacro()
        self._check_fit()

    def _check_fit(self) -> None:
        self.dataset_panel.show_mismatch(fit_mismatch(self.document.graph, self.dataset_panel.dataset))

    def reinit_dead_units(self) -> None:
        """Revive the hinge view's dead units in the kept weights (one undo step); needs a stopped run."""
        status = self.window.statusBar()
        if self.session.is_active:
            status.showMessage("Stop training first: dead units are re-initialised between runs", 6000)
            return
        before = self.session.weights
        if before is None:
            status.showMessage("Train first: there are no weights to repair yet", 6000)
            return
        try:
            revival = revive_dead_units(self.project, before, self._base_dir())
        except NetBuilderError as error:
            status.showMessage(f"⚠ cannot re-initialise: {error.message}", 8000)
            return
        if not revival.count:
            status.showMessage("No dead units to re-initialise", 6000)
            return
        units = "; ".join(f"{node}: {', '.join(str(u) for u in found)}" for node, found in revival.fixed.items())
        text = f"Re-initialise {revival.count} dead unit{'s' * (revival.count != 1)}"
        self.document.undo_stack.push(ReviveDeadUnits(self.session, before, revival, self.refresh_views, text))
        status.showMessage(f"{text} ({units}); Edit ▸ Undo puts the old weights back", 10_000)

    def refresh_views(self) -> None:
        """Redraw the live view from the kept weights (no run needed)."""
        if self.session.is_active or self.session.weights is None:
            return
        try:
            setup, frame = frame_for(self.project, self.session.weights, self._base_dir())
        except (NetBuilderError, RuntimeError, KeyError) as error:  # the graph no longer fits the weights
            log.info("no view for the kept weights: %s", error)
            return
        if setup is not None and not self._view_shown:
            self._on_session_view_planned(setup)
        if frame is not None:
            self._on_session_probed(frame)

    def _update_reinit_action(self) -> None:
        self.reinit_action.setEnabled(self.hinge_plot.can_reinit)

    def _on_session_state_changed(self, state: str) -> None:
        self.hinge_plot.set_idle(state == "idle")
        self._update_reinit_action()

    def _task(self) -> str:
        dataset = self.dataset_panel.dataset
        return dataset.task if dataset is not None else "classification"

    def _toggle_pause(self) -> None:
        if self.session.state.value == "running":
            self.session.pause()
        else:
            self.session.resume()

    def _show_failure(self, message: str, node_id: str | None) -> None:
        self.training_panel.show_error(message)
        self.window.statusBar().showMessage(f"⚠ Training stopped: {message}", 10_000)
        if node_id:
            self.window.reveal_node(node_id)

    # ---- slots ---------------------------------------------------------------------------------
    def _on_document_project_replaced(self) -> None:
        self.session.shutdown()
        self.session.reset_weights()
        self._view_shown = False
        self.tiles.clear()
        self.decision_plot.clear()
        self.hinge_plot.clear()
        self.results.clear()
        self._reload_panels()
        self.loss_plot.reset(self._task())
        self.holders["LossDock"].show_message(PRESS_TRAIN["LossDock"])
        self.holders["ResultsDock"].show_message(PRESS_TRAIN["ResultsDock"])
        self._apply_view_states()
        if self.document.path is not None:
            try:
                if self.session.load_weights_beside(self.document.path):
                    self._show_history()
                    self.refresh_views()
            except NetBuilderError as error:
                self.window.statusBar().showMessage(f"⚠ {error.message}", 8000)

    def _show_history(self) -> None:
        epochs = [
            (
                int(h.get("epoch", i + 1)),
                float(h.get("train_loss", float("nan"))),
                h.get("val_loss"),
                h.get("val_metrics", {}),
            )
            for i, h in enumerate(self.session.history)
        ]
        self.loss_plot.append_epochs(epochs)
        if epochs:
            self.holders["LossDock"].show_view()

    def _apply_view_states(self) -> None:
        """Say why a view is empty (no run yet, or not for this dataset) and raise the view that fits."""
        dataset = self.dataset_panel.dataset
        best = view_for(dataset)
        for name in ("DecisionDock", "HingeDock"):
            holder = self.holders[name]
            if name != best:
                holder.show_message(not_applicable(name, dataset) if dataset is not None else "No dataset yet.")
            elif not self._view_shown:
                holder.show_message(PRESS_TRAIN[name])
        self.window.docks[best].raise_()

    def _reload_panels(self) -> None:
        self.training_panel.load(self.project.training)
        self.dataset_panel.load(self.project.dataset, self._base_dir())
        self._check_fit()

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if self.project.training != self.training_panel._training:
            self.training_panel.load(self.project.training)
        if self.project.dataset != self.dataset_panel._spec:
            self.dataset_panel.load(self.project.dataset, self._base_dir())
            self._view_shown = False  # the old points and curves belong to the old data
            self._apply_view_states()
        self._check_fit()

    def _on_training_settings_edited(self, training: dict, text: str, key: str) -> None:
        self.document.undo_stack.push(SetSection(self.project, "training", training, text, merge_key=key))

    def _on_dataset_spec_edited(self, spec: dict, text: str) -> None:
        stack = self.document.undo_stack
        stack.beginMacro(text)
        stack.push(SetSection(self.project, "dataset", spec, text))
        self.dataset_panel.load(self.project.dataset, self._base_dir())
        if self.dataset_panel.dataset is not None:
            self.fit_network_to_data()  # the Input shape and output size follow the dataset
        stack.endMacro()

    def _on_document_saved(self, path: str) -> None:
        try:
            target = self.session.save_weights_beside(path)
        except NetBuilderError as error:
            self.window.statusBar().showMessage(f"⚠ weights not saved: {error.message}", 8000)
            return
        if target is not None:
            log.info("weights saved beside the project: %s", target)

    def _on_reset_clicked(self) -> None:
        self.session.reset_weights()
        self.loss_plot.reset(self._task())
        self.results.clear()
        self.holders["LossDock"].show_message(PRESS_TRAIN["LossDock"])
        self.holders["ResultsDock"].show_message(PRESS_TRAIN["ResultsDock"])

    def _on_session_view_planned(self, setup: Any) -> None:
        self._view_shown = True
        if setup is None:
            return
        name = "DecisionDock" if isinstance(setup, DecisionSetup) else "HingeDock"
        self.holders[name].show_view()
        if isinstance(setup, DecisionSetup):
            self.decision_plot.set_points(
                setup.train_xy, setup.train_labels, setup.test_xy, setup.test_labels, setup.extent
            )
            self.window.docks["DecisionDock"].raise_()
        elif isinstance(setup, HingeSetup):
            if setup.target is not None:
                self.hinge_plot.set_target(setup.x, setup.target, setup.data_x, setup.data_y)
            else:
                self.hinge_plot.set_target([], [], setup.data_x, setup.data_y)
            self.window.docks["HingeDock"].raise_()

    def _on_session_progressed(self, batch: Any) -> None:
        if len(batch.step_x):
            self.loss_plot.append_steps(batch.step_x, batch.step_loss)
        if batch.epochs:
            self.loss_plot.append_epochs(batch.epochs)
        if batch.last_step is not None and self.session.config is not None:
            self.training_panel.show_progress(batch.last_step, self.session.config.epochs)
        for message, _node in batch.notices:
            self.window.statusBar().showMessage(message, 6000)

    def _on_session_probed(self, frame: Any) -> None:
        if isinstance(frame, DecisionFrame):
            self.decision_plot.set_probabilities(frame.probs, frame.extent, rgb=frame.rgb)
            self.tiles.show_maps(frame.activations)
        elif isinstance(frame, HingeFrame):
            self._hinge_node = frame.unit_node
            self.hinge_plot.set_fit(frame.x, frame.prediction, frame.hinges, frame.kinks, frame.dead, frame.breakpoints)
            self._update_reinit_action()
            self.tiles.show_maps(frame.activations, curves=True)

    def _on_session_reported(self, report: Report) -> None:
        self.results.set_report(report)
        self.holders["ResultsDock"].show_view()

    def _on_session_run_ended(self, event: Any) -> None:
        if isinstance(event, (Failed, RunFailure)):
            self._show_failure(event.message, event.node_id)
        elif isinstance(event, Finished):
            self.training_panel.status.setText(self.training_panel.status.text() + f" — finished ({event.reason})")
            self.window.docks["ResultsDock"].raise_()
        elif isinstance(event, Stopped):
            self.training_panel.status.setText(self.training_panel.status.text() + " — stopped")
        if self.document.path is not None or self.session.weights is not None:
            self.document.mark_modified()  # trained weights are part of what "save" keeps

    def _on_tiles_unit_hovered(self, node_id: str, unit: int) -> None:
        if node_id == self._hinge_node:
            self.hinge_plot.set_highlight(unit)

    def _size_plot_docks(self) -> None:
        """First start only: plots need height to be read; the editor's bottom docks are a strip.

        Done when the window is first shown, as before that the dock areas have no real size to share.
        """
        self._first_layout = False
        docks = self.window.docks
        height = max(300, int(self.window.height() * 0.42))
        self.window.resizeDocks([docks["LossDock"]], [height], Qt.Orientation.Vertical)
        width = self.window.width()
        row = [docks["ProblemsDock"], docks["LossDock"], docks["DecisionDock"]]
        self.window.resizeDocks(
            row, [int(width * 0.2), int(width * 0.38), int(width * 0.42)], Qt.Orientation.Horizontal
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show and self._first_layout:
            QTimer.singleShot(0, self._size_plot_docks)
        # The editor's closeEvent knows nothing of training: stop the worker before the window goes.
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False


def install(window: QMainWindow) -> TrainingDocks:
    """Add the training docks and menu to ``window`` (a ``MainWindow``) and start a training process.

    The process imports and warms torch up while the user edits, so the first Train answers at once.
    """
    app = QCoreApplication.instance()
    if app is not None and not app.property("netbuilderTrainingPool"):
        app.setProperty("netbuilderTrainingPool", True)
        app.aboutToQuit.connect(process_pool.shutdown)
    QTimer.singleShot(0, process_pool.prestart)  # after the window is shown: spawning takes a moment
    docks = TrainingDocks(window)
    window.training_docks = docks  # type: ignore[attr-defined]
    return docks
