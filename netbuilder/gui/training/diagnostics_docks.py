"""The diagnostics docks and menu entries: "Why is it (not) learning?" beside the training views.

:class:`DiagnosticsDocks` adds the Gradient flow, Unit health and Learning rate docks, the linear
regions toggle of the decision view, Training ▸ Find learning rate and the Training panel's button,
and keeps them in step with the controller: a run's diagnostics (``run.diagnostics``) are drawn from
scratch when the run is replaced and again at every :class:`Diagnosed` reply (≤ 5 a second) by the
panels on screen (a panel behind another dock's tab catches up when it is shown, and every panel at
the end of the run: their redraw cost the GUI thread up to 11 ms a reading); the range test is the
controller's :class:`~netbuilder.gui.training.lr_finder.LRFinder`. Like the
training docks it keeps no state of its own.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt

from netbuilder.gui.training.diagnostics_panels import GradientFlowPanel, UnitHealthPanel
from netbuilder.gui.training.lr_finder_panel import LRFinderPanel
from netbuilder.gui.training.paused_run_panels import ExplainPanel, LandscapePanel
from netbuilder.gui.training.region_overlay import RegionOverlay
from netbuilder.training.runner.messages import Diagnosed, Explained, LandscapeFound, RunStarted


class DiagnosticsDocks(QObject):
    def __init__(self, window: Any, controller: Any, training_docks: Any) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.training_docks = training_docks
        self.lr_finder = controller.lr_finder
        self.gradient_panel = GradientFlowPanel()
        self.health_panel = UnitHealthPanel()
        self.lr_panel = LRFinderPanel()
        self.regions = RegionOverlay(training_docks.decision_plot)
        self.explain_panel = ExplainPanel()
        self.landscape_panel = LandscapePanel()
        docks = (
            (self.gradient_panel, self.tr("Gradients"), "GradientFlowDock"),
            (self.health_panel, self.tr("Units"), "UnitHealthDock"),
            (self.lr_panel, self.tr("LR finder"), "LRFinderDock"),
            (self.explain_panel, self.tr("Step"), "ExplainDock"),
            (self.landscape_panel, self.tr("Landscape"), "LandscapeDock"),
        )
        # The last three answer a menu action and open when it is used: nine tabs in one group were
        # elided to "Lo…", "R…", "U…" at the default window size.
        on_demand = {"LRFinderDock", "ExplainDock", "LandscapeDock"}
        for widget, title, name in docks:
            window.add_dock(
                widget,
                title,
                name,
                Qt.DockWidgetArea.BottomDockWidgetArea,
                tabify_with="LossDock",
                visible=name not in on_demand,
            )
        window.docks["LossDock"].raise_()
        # The history panels on screen (not behind another tab), and those that missed a reading.
        self._history_panels: dict[str, Any] = {
            "GradientFlowDock": self.gradient_panel,
            "UnitHealthDock": self.health_panel,
        }
        self._on_screen = dict.fromkeys(self._history_panels, True)  # until a dock says otherwise
        self._stale: set[str] = set()
        for name in self._history_panels:
            window.docks[name].visibilityChanged.connect(
                lambda visible, name=name: self._on_history_dock_visibility_changed(name, visible)
            )
        self.explain_action = window.add_menu_action("&Training", self.tr("Explain next step"), self.explain_step)
        self.landscape_action = window.add_menu_action("&Training", self.tr("Loss landscape"), self.find_landscape)
        self.explain_panel.explain_clicked.connect(lambda _node: self.explain_step())
        self.landscape_panel.landscape_clicked.connect(lambda _directions: self.find_landscape())
        self.landscape_panel.cancel_clicked.connect(controller.cancel_work)
        window.scene.selectionChanged.connect(self._on_scene_selection_changed)
        self.find_action = window.add_menu_action("&Training", self.tr("Find learning rate"), self.find_lr)
        panel = training_docks.training_panel
        panel.find_lr_clicked.connect(self.find_lr)
        self.lr_panel.find_clicked.connect(self.find_lr)
        self.lr_panel.cancel_clicked.connect(self.lr_finder.cancel)
        self.lr_panel.use_clicked.connect(self.lr_finder.use_suggestion)
        self.lr_finder.changed.connect(self._on_lr_finder_changed)
        self.health_panel.reinit_clicked.connect(training_docks.reinit_dead_units)
        controller.run_replaced.connect(self.show_run)
        controller.run_updated.connect(self._on_controller_run_updated)
        controller.run_ended.connect(self._on_controller_run_ended)
        controller.state_changed.connect(lambda _state: self._update_actions())
        self.show_run()

    def find_lr(self) -> None:
        """Start the range test and show its dock (it answers in the Learning rate dock)."""
        self.window.show_dock("LRFinderDock")
        if not self.lr_finder.start():
            self._on_lr_finder_changed()

    def explain_step(self) -> None:
        self.window.show_dock("ExplainDock")
        layer = self.explain_panel.layer.currentText()
        if layer:
            self.controller.explain_step(layer)

    def find_landscape(self) -> None:
        self.window.show_dock("LandscapeDock")
        self.controller.find_landscape(str(self.landscape_panel.directions.currentData()))

    def _on_scene_selection_changed(self) -> None:
        if not shiboken6.isValid(self.window.scene):  # the scene clears its selection as the window closes
            return
        selected = self.window.scene.selected_node_ids()
        if len(selected) == 1:
            self.explain_panel.choose_layer(selected[0])

    def show_run(self) -> None:
        self._stale.clear()
        run = self.controller.run
        history = run.diagnostics if run is not None else None
        self.gradient_panel.show_history(history)
        self.health_panel.show_history(history)
        last = history.last if history is not None else None
        self.regions.set_regions(last.regions if last is not None else None, history.region_count if history else None)
        self.explain_panel.show_explained(run.explained if run is not None else None)
        self.landscape_panel.show_landscape(run.landscape if run is not None else None)
        self._update_layers()
        self._update_actions()

    def _update_layers(self) -> None:
        """The layers with weights, input first: what the explained step can be asked about."""
        graph = self.window.document.graph
        with_weights = {"Dense", "Conv1D", "Conv2D", "Embedding", "LSTM", "GRU", "RNN"}
        self.explain_panel.set_layers([n.id for n in graph.topological_order() if n.type in with_weights])

    def _update_actions(self) -> None:
        idle = not self.controller.is_active
        finder_idle = not self.lr_finder.is_active
        self.find_action.setEnabled(idle and finder_idle)
        self.training_docks.training_panel.find_lr_button.setEnabled(idle and finder_idle)
        self.lr_panel.find_button.setEnabled(idle and finder_idle)
        self.health_panel.reinit_button.setEnabled(idle and self.controller.weights is not None)
        paused = self.controller.state.value == "paused"
        for widget in (self.explain_action, self.explain_panel.explain_button):
            widget.setEnabled(paused)
        for widget in (self.landscape_action, self.landscape_panel.landscape_button):
            widget.setEnabled(paused)

    def _on_controller_run_updated(self, reply: Any) -> None:
        if isinstance(reply, Diagnosed):
            history = self.controller.run.diagnostics
            for name, panel in self._history_panels.items():
                if self._on_screen[name]:
                    panel.show_history(history)
                else:
                    self._stale.add(name)
            self.regions.set_regions(reply.frame.regions, history.region_count)
        elif isinstance(reply, Explained):
            self.explain_panel.show_explained(reply)
        elif isinstance(reply, LandscapeFound):
            self.landscape_panel.show_landscape(reply)
        elif isinstance(reply, RunStarted):
            self.show_run()

    def _on_history_dock_visibility_changed(self, name: str, visible: bool) -> None:
        self._on_screen[name] = visible
        if visible and name in self._stale:
            self._draw_history(name)

    def _on_controller_run_ended(self) -> None:
        for name in list(self._stale):  # a finished run's panels are all up to date, shown or not
            self._draw_history(name)

    def _draw_history(self, name: str) -> None:
        self._stale.discard(name)
        run = self.controller.run
        self._history_panels[name].show_history(run.diagnostics if run is not None else None)

    def _on_lr_finder_changed(self) -> None:
        self.lr_panel.show_finder(self.lr_finder)
        self._update_actions()
