"""The training docks and menu: views of the :class:`TrainingController`'s current run, and its panels.

The main window creates a :class:`TrainingDocks` beside its controller. It adds the Dataset, Training,
Loss, Decision boundary, ReLU fit and Results docks and a Training menu, connects the panels' requests
to the controller's methods and the controller's signals to the views. It keeps no training state:
whatever a view shows comes from ``controller.run`` (drawn from scratch when the run is replaced,
by the newest reply while it trains).

Focus: after Train, keyboard focus goes back to where it was before (the canvas by default), so a
key pressed next never lands in a panel, and panels of hidden dock tabs take no keys at all
(:meth:`netbuilder.gui.main_window.MainWindow.add_dock` disables them while hidden).
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTabBar, QWidget

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.core_text import core_message
from netbuilder.gui.settings import settings
from netbuilder.gui.training.compression_panel import add_compression_dock
from netbuilder.gui.training.controller import TrainingController
from netbuilder.gui.training.dataset_panel import DatasetPanel
from netbuilder.gui.training.dead_units import ReviveDeadUnits
from netbuilder.gui.training.decision_plot import DecisionPlot
from netbuilder.gui.training.diagnostics_docks import DiagnosticsDocks
from netbuilder.gui.training.hinge_plot import HingePlot
from netbuilder.gui.training.inside_docks import InsideDocks
from netbuilder.gui.training.loss_plot import LossPlot
from netbuilder.gui.training.neuron_tiles import NeuronTiles
from netbuilder.gui.training.results_view import ResultsView
from netbuilder.gui.training.runs_docks import RunsDocks
from netbuilder.gui.training.training_panel import TrainingPanel
from netbuilder.gui.training.view_states import ViewHolder, not_applicable, press_train, view_for
from netbuilder.training.data_fit import wanted_outputs
from netbuilder.training.runner import pool
from netbuilder.training.runner.messages import Probed, Progress, RunStarted, ViewPlanned
from netbuilder.training.runner.run import Run
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup

log = logging.getLogger(__name__)


class TrainingDocks(QObject):
    """The training views and panels of one main window, kept in step with its controller's run."""

    def __init__(self, window: Any, controller: TrainingController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.document = window.document
        self.dataset_panel = DatasetPanel()
        self.training_panel = TrainingPanel()
        self.loss_plot = LossPlot()
        self.decision_plot = DecisionPlot()
        self.hinge_plot = HingePlot()
        self.results = ResultsView()
        self.tiles = NeuronTiles(window.scene, self)
        self._hinge_node = ""
        self._focus_before: QWidget | None = None  # where focus was before a panel took it
        self._add_docks()
        self.runs_docks = RunsDocks(window, controller, self.results)
        self._connect()
        self.inside = InsideDocks(window, controller, self.results)  # neurons, filters, feature maps, states, attention
        self._on_document_project_replaced()
        self.show_run()
        self.diagnostics = DiagnosticsDocks(window, controller, self)
        self.compression = add_compression_dock(window, controller)  # Training ▸ Compression lab
        window.installEventFilter(self)
        # The process imports and warms torch up while the person edits, so the first Train answers at
        # once; after the window is shown, since spawning takes a moment.
        QTimer.singleShot(0, pool.prestart)

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
        self.holders = {name: ViewHolder(view, press_train(name)) for name, view in views}
        add(self.training_panel, self.tr("Training"), "TrainingDock", right, tabify_with="InspectorDock")
        add(self.dataset_panel, self.tr("Dataset"), "DatasetDock", right, tabify_with="TrainingDock")
        add(self.holders["LossDock"], self.tr("Loss"), "LossDock", bottom)
        add(self.holders["DecisionDock"], self.tr("Decision boundary"), "DecisionDock", bottom)
        add(self.holders["HingeDock"], self.tr("ReLU fit"), "HingeDock", bottom, tabify_with="DecisionDock")
        add(self.holders["ResultsDock"], self.tr("Results"), "ResultsDock", bottom, tabify_with="LossDock")
        self.window.docks["LossDock"].raise_()
        self._first_layout = settings().value("window/state") is None
        self.window.docks["TrainingDock"].raise_()
        menu_title = "&Training"
        controller = self.controller
        self.window.add_menu_action(menu_title, self.tr("Train"), self.train, "Ctrl+Return")
        self.window.add_menu_action(menu_title, self.tr("Pause / Resume"), controller.toggle_pause, "Ctrl+.")
        self.window.add_menu_action(menu_title, self.tr("Stop"), controller.stop, "Ctrl+Shift+.")
        self.window.add_menu_action(menu_title, self.tr("Reset"), controller.reset)
        self.reinit_action = self.window.add_menu_action(
            menu_title, self.tr("Re-initialise dead units"), self.reinit_dead_units
        )
        self.reinit_action.setEnabled(False)

    def _connect(self) -> None:
        doc, controller, panel = self.document, self.controller, self.training_panel
        doc.project_replaced.connect(self._on_document_project_replaced)
        doc.section_changed.connect(self._on_document_section_changed)
        doc.graph_edited.connect(self._check_fit)
        panel.settings_edited.connect(controller.set_training)
        panel.lr_edited.connect(controller.set_lr)
        panel.train_clicked.connect(self.train)
        panel.pause_clicked.connect(controller.pause)
        panel.resume_clicked.connect(controller.resume)
        panel.step_clicked.connect(controller.step)
        panel.stop_clicked.connect(controller.stop)
        panel.reset_clicked.connect(controller.reset)
        self.dataset_panel.spec_edited.connect(controller.choose_dataset)
        self.dataset_panel.fit_requested.connect(controller.fit_network_to_data)
        self.dataset_panel.data_changed.connect(controller.reload_dataset)
        controller.state_changed.connect(self._on_controller_state_changed)
        controller.run_replaced.connect(self.show_run)
        controller.run_updated.connect(self._on_controller_run_updated)
        controller.run_ended.connect(self._on_controller_run_ended)
        controller.dataset_changed.connect(self._on_controller_dataset_changed)
        controller.message.connect(lambda text, ms: self.window.statusBar().showMessage(text, ms))
        self.hinge_plot.reinit_clicked.connect(self.reinit_dead_units)
        self.hinge_plot.unit_hovered.connect(lambda unit: self.tiles.set_highlight(self._hinge_node, unit))
        self.tiles.unit_hovered.connect(self._on_tiles_unit_hovered)
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)
            app.aboutToQuit.connect(self.shutdown)

    # ---- actions -------------------------------------------------------------------------------
    def train(self) -> None:
        if not self.controller.is_active:
            self.controller.train()

    def shutdown(self) -> None:
        self.compression.shutdown()
        self.controller.shutdown()
        self.dataset_panel.shutdown()

    def reinit_dead_units(self) -> None:
        """Revive the hinge view's dead units in the kept weights (one undo step); needs a stopped run."""
        status = self.window.statusBar()
        if self.controller.is_active:
            status.showMessage(self.tr("Stop training first: dead units are re-initialised between runs"), 6000)
            return
        before = self.controller.weights
        if before is None:
            status.showMessage(self.tr("Train first: there are no weights to repair yet"), 6000)
            return
        try:
            revival = self.controller.revive_dead_units()
        except NetBuilderError as error:
            status.showMessage(self.tr("⚠ cannot re-initialise: {0}").format(error.message), 8000)
            return
        if not revival.count:
            status.showMessage(self.tr("No dead units to re-initialise"), 6000)
            return
        units = "; ".join(f"{node}: {', '.join(str(u) for u in found)}" for node, found in revival.fixed.items())
        text = self.tr("Re-initialise {n} dead unit(s)").format(n=revival.count)
        self.document.undo_stack.push(ReviveDeadUnits(self.controller, before, revival, text))
        status.showMessage(self.tr("{0} ({1}); Edit ▸ Undo puts the old weights back").format(text, units), 10_000)

    # ---- drawing a run -------------------------------------------------------------------------
    def show_run(self) -> None:
        """Draw the controller's current run from scratch (or the empty state when there is none)."""
        run = self.controller.run
        self.loss_plot.show_run(run)
        self.decision_plot.clear()
        self.hinge_plot.clear()
        self.tiles.clear()
        self.results.clear()
        self.training_panel.show_run(run)
        has_curves = run is not None and any(r.steps.total or r.epochs for r in run.lineage())
        self._show("LossDock", run is not None and (has_curves or not run.is_over))
        self._show_report(run)
        self._apply_view_states()
        if run is not None:
            if run.view_setup is not None:
                self._show_setup(run.view_setup, raise_dock=False)
            if run.frame is not None:
                self._show_frame(run.frame)
        self._update_reinit_action()

    def _show(self, dock: str, view: bool) -> None:
        holder = self.holders[dock]
        if view:
            holder.show_view()
        else:
            holder.show_message(press_train(dock))

    def _show_report(self, run: Run | None) -> None:
        if run is not None and run.report is not None:
            self.results.set_report(run.report)
            self.holders["ResultsDock"].show_view()
        else:
            self.holders["ResultsDock"].show_message(press_train("ResultsDock"))

    def _show_setup(self, setup: DecisionSetup | HingeSetup | None, *, raise_dock: bool) -> None:
        if isinstance(setup, DecisionSetup):
            self.holders["DecisionDock"].show_view()
            self.decision_plot.set_points(
                setup.train_xy, setup.train_labels, setup.test_xy, setup.test_labels, setup.extent
            )
            if raise_dock:
                self.window.docks["DecisionDock"].raise_()
        elif isinstance(setup, HingeSetup):
            self.holders["HingeDock"].show_view()
            if setup.target is not None:
                self.hinge_plot.set_target(setup.x, setup.target, setup.data_x, setup.data_y)
            else:
                self.hinge_plot.set_target([], [], setup.data_x, setup.data_y)
            if raise_dock:
                self.window.docks["HingeDock"].raise_()

    def _show_frame(self, frame: DecisionFrame | HingeFrame) -> None:
        if isinstance(frame, DecisionFrame):
            self.decision_plot.set_probabilities(frame.probs, frame.extent, rgb=frame.rgb)
            self.tiles.show_maps(frame.activations)
        elif isinstance(frame, HingeFrame):
            self._hinge_node = frame.unit_node
            self.hinge_plot.set_fit(frame.x, frame.prediction, frame.hinges, frame.kinks, frame.dead, frame.breakpoints)
            self._update_reinit_action()
            self.tiles.show_maps(frame.activations, curves=True)

    def _apply_view_states(self) -> None:
        """Say why a view is empty (no run yet, or not for this dataset) and raise the view that fits."""
        controller = self.controller
        dataset = controller.dataset
        best = view_for(dataset)
        run = controller.run
        for name in ("DecisionDock", "HingeDock"):
            holder = self.holders[name]
            if dataset is None:
                holder.show_message(
                    self.tr("Loading the dataset…") if controller.dataset_pending else self.tr("No dataset yet.")
                )
            elif name != best:
                holder.show_message(not_applicable(name, dataset))
            elif run is None or run.view_setup is None:
                holder.show_message(press_train(name))
        self.window.docks[best].raise_()

    def _check_fit(self) -> None:
        self.dataset_panel.show_mismatch(self.controller.fit_problem())

    def _update_reinit_action(self) -> None:
        self.reinit_action.setEnabled(self.hinge_plot.can_reinit)

    def _show_failure(self, message: str, node_id: str | None) -> None:
        message = core_message(message)
        self.training_panel.show_error(message)
        self.window.statusBar().showMessage(self.tr("⚠ Training stopped: {0}").format(message), 10_000)
        if node_id:
            self.window.reveal_node(node_id)

    # ---- focus ---------------------------------------------------------------------------------
    def _panel_has_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and self.training_panel.isAncestorOf(focused)

    def _restore_focus(self) -> None:
        """Give focus back to where it was before the panel took it (the canvas by default)."""
        before = self._focus_before
        usable = before is not None and shiboken6.isValid(before) and before.isVisible() and before.isEnabled()
        target = before if usable and before is not None else self.window.view
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Dock tab bars take focus in passing (and are replaced when docks re-tab): never a place to return to.
        if new is None or isinstance(new, QTabBar) or self.training_panel.isAncestorOf(new):
            return
        if new.window() is self.window:
            self._focus_before = new

    # ---- slots ---------------------------------------------------------------------------------
    def _on_document_project_replaced(self) -> None:
        self._load_panels()
        self._apply_view_states()

    def _on_document_section_changed(self, section: str) -> None:
        project = self.document.project
        if section in ("training", "dataset"):  # unset training values follow the dataset
            self.training_panel.load(project.training, project.dataset)
        if section == "dataset":
            self.dataset_panel.load(project.dataset, self.controller.base_dir)

    def _load_panels(self) -> None:
        self.training_panel.load(self.document.project.training, self.document.project.dataset)
        self.dataset_panel.load(self.document.project.dataset, self.controller.base_dir)
        self._on_controller_dataset_changed()

    def _on_controller_dataset_changed(self) -> None:
        controller = self.controller
        self.dataset_panel.show_dataset(controller.dataset, controller.dataset_error, controller.dataset_pending)
        # The Problems panel then says when the output layer does not fit the data, with a fix.
        dataset = controller.dataset
        self.window.analysis.set_expected_outputs(wanted_outputs(dataset) if dataset is not None else None)
        self._check_fit()
        self._apply_view_states()

    def _on_controller_state_changed(self, state: str) -> None:
        had_focus = self._panel_has_focus()
        self.training_panel.set_state(state)
        focused = QApplication.focusWidget()
        if had_focus and (focused is None or not self.training_panel.isAncestorOf(focused)):
            # The button that was pressed is disabled now, and Qt handed focus to whatever came next in
            # the focus chain (a dock's tab bar, a hidden panel): give it back to where the person was.
            self._restore_focus()
        self.hinge_plot.set_idle(state == "idle")
        self._update_reinit_action()

    def _on_controller_run_updated(self, reply: Any) -> None:
        run = self.controller.run
        if run is None:
            return
        if isinstance(reply, Progress):
            self.loss_plot.refresh()
            self.training_panel.show_run(run)
            for message, _node in reply.batch.notices:
                self.window.statusBar().showMessage(message, 6000)
        elif isinstance(reply, Probed):
            self._show_frame(reply.frame)
        elif isinstance(reply, ViewPlanned):
            self._show_setup(reply.setup, raise_dock=self.controller.is_active)
        elif isinstance(reply, RunStarted):
            self.holders["LossDock"].show_view()
            self.loss_plot.show_run(run)  # a run that could not continue its parent starts at epoch 0

    def _on_controller_run_ended(self) -> None:
        run = self.controller.run
        if run is None:
            return
        self.loss_plot.refresh()
        self.training_panel.show_run(run)
        self._show_report(run)
        if run.failure is not None:
            self._show_failure(run.failure.message, run.failure.node_id)
        elif run.report is not None:
            self.window.docks["ResultsDock"].raise_()

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
        # The editor's closeEvent knows nothing of training: stop the process before the window goes.
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False
