"""The docks of the inside views (Neurons, Filters, Feature maps, Saliency, Misclassified, Hidden
states, Attention) beside the other training docks, kept in step with the controller's run.

Only the views that fit the network and its data are offered: :func:`inside_views` (the same rule the
training process plans with) decides which of these docks are shown, and the Decision boundary and
ReLU fit docks are hidden when their view does not fit either (they stay in View ▸ Panels, saying
why). A frame is drawn only into the views a person can see; a view that comes into sight draws the
run's newest frame then.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTabBar

from netbuilder.gui.training.conv_views import FeatureMapsView, FiltersView, MisclassifiedView, SaliencyView
from netbuilder.gui.training.neuron_view import NeuronView, neuron_formula
from netbuilder.gui.training.sequence_views import AttentionView, HiddenStatesView
from netbuilder.gui.training.view_states import DOCK_OF_VIEW, ViewHolder
from netbuilder.training.runner.inside import INSIDE_VIEWS, InsideFrame, inside_views
from netbuilder.training.runner.messages import InsidePlanned, InsideProbed
from netbuilder.training.runner.views import view_kind

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("InsideDocks", text)


#: view name -> (dock object name, title, what appears after Train)
DOCKS = {
    "neurons": (
        "NeuronsDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Neurons"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to watch every unit's response and the weights between units."),
    ),
    "filters": (
        "FiltersDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Filters"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to see the filters each convolution learns."),
    ),
    "feature-maps": (
        "FeatureMapsDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Feature maps"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to see what each layer makes of an image."),
    ),
    "saliency": (
        "SaliencyDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Saliency"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to see which pixels decide the prediction."),
    ),
    "misclassified": (
        "MisclassifiedDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Misclassified"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to see the test images it gets wrong."),
    ),
    "hidden-states": (
        "HiddenStatesDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Hidden states"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to watch hidden states and gates over time."),
    ),
    "attention": (
        "AttentionDock",
        QT_TRANSLATE_NOOP("InsideDocks", "Attention"),
        QT_TRANSLATE_NOOP("InsideDocks", "Press Train to see where each attention head looks."),
    ),
}


IMAGE_VIEWS = {"filters", "feature-maps", "saliency", "misclassified"}
SAMPLE_VIEWS = {"feature-maps", "saliency"}  # the views that show one chosen test image


def bring_to_front(window: Any, dock: QDockWidget) -> None:
    """Make ``dock`` the current tab of its group, as a click on its tab does.

    ``raise_()`` alone did not, for a dock shown again after being hidden in a group whose current tab
    was then hidden (measured with Qt 6 offscreen): the group's tab bar kept the next tab in front.
    """
    dock.raise_()
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            if bar.tabText(i) == dock.windowTitle():
                bar.setCurrentIndex(i)


class InsideDocks(QObject):
    """See the module docstring; ``views[name]`` is the widget of view ``name`` (of :data:`INSIDE_VIEWS`)."""

    def __init__(self, window: Any, controller: Any, results: Any = None) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.results = results  # the Results view: a click on a confusion-matrix cell picks a sample
        self.views: dict[str, Any] = {
            "neurons": NeuronView(),
            "filters": FiltersView(),
            "feature-maps": FeatureMapsView(),
            "saliency": SaliencyView(),
            "misclassified": MisclassifiedView(),
            "hidden-states": HiddenStatesView(),
            "attention": AttentionView(),
        }
        self.holders: dict[str, ViewHolder] = {}
        self.fitting: tuple[str, ...] | None = None  # the views offered now (None: not decided yet)
        # A tabbed dock behind another tab is moved off screen, not hidden (isVisible() stays True): the
        # docks' own visibilityChanged says whether a person can see a view.
        self.seen: dict[str, bool] = dict.fromkeys(INSIDE_VIEWS, False)
        self._add_docks()
        doc = window.document
        doc.project_replaced.connect(self.apply_fit)
        doc.graph_edited.connect(self.apply_fit)
        controller.dataset_changed.connect(self.apply_fit)
        controller.run_replaced.connect(self.show_run)
        controller.run_updated.connect(self._on_controller_run_updated)
        controller.run_ended.connect(self._on_controller_run_ended)
        self.views["neurons"].unit_clicked.connect(self._on_neurons_unit_clicked)
        self.views["misclassified"].sample_requested.connect(self._on_misclassified_sample_requested)
        if results is not None:
            results.sample_requested.connect(self._on_results_sample_requested)
        self.apply_fit()
        self.show_run()

    def _add_docks(self) -> None:
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        for name in INSIDE_VIEWS:
            dock_name, title, message = DOCKS[name]
            holder = ViewHolder(self.views[name], _tr(message))
            self.holders[name] = holder
            dock = self.window.add_dock(
                holder, _tr(title), dock_name, bottom, tabify_with="DecisionDock", visible=False
            )
            dock.visibilityChanged.connect(lambda shown, view=name: self._on_dock_visibility_changed(view, shown))

    # ---- which views are offered -----------------------------------------------------------------
    def apply_fit(self) -> None:
        """Offer the docks of the views that fit the network and data; hide the others."""
        controller = self.controller
        dataset = controller.dataset
        if dataset is None and controller.dataset_pending:
            return  # decide when the data is known: docks must not flicker while it loads
        fitting = tuple(inside_views(self.window.document.project.graph, dataset))
        docks = self.window.docks
        changed = False
        best = DOCK_OF_VIEW.get(view_kind(dataset) or "") if dataset is not None else None
        if dataset is not None:
            for dock_name in DOCK_OF_VIEW.values():
                changed |= docks[dock_name].isHidden() == (dock_name == best)
                docks[dock_name].setVisible(dock_name == best)
        if fitting != self.fitting:
            changed = True
            self.fitting = fitting
            if self.results is not None:
                self.results.set_sample_views(bool(SAMPLE_VIEWS & set(fitting)))
            for name in INSIDE_VIEWS:
                docks[DOCKS[name][0]].setVisible(name in fitting)
        if changed:
            # Docks shown again join their tab group behind the current tab; the view that fits the data
            # comes to the front once the main window has laid the tabs out (on the next event-loop pass).
            front = best or (DOCKS[fitting[0]][0] if fitting else None)
            if front is not None:
                QTimer.singleShot(0, lambda dock=docks[front]: bring_to_front(self.window, dock))

    def offered(self) -> list[str]:
        """The inside views whose docks are shown now."""
        return [name for name in INSIDE_VIEWS if not self.window.docks[DOCKS[name][0]].isHidden()]

    # ---- drawing ---------------------------------------------------------------------------------
    def show_run(self) -> None:
        run = self.controller.run
        for name in INSIDE_VIEWS:
            self.views[name].clear()
            self.holders[name].show_message(_tr(DOCKS[name][2]))
        if run is None:
            return
        if run.inside_frame is not None:
            self.show_frame(run.inside_frame)
        elif run.weights is not None and not self.controller.is_active:
            self.controller.refresh_inside()  # a reopened project: its kept weights show what they do

    def show_frame(self, frame: InsideFrame, *, only_visible: bool = True) -> None:
        for name in frame.views:
            holder, view = self.holders[name], self.views[name]
            if only_visible and not self.seen[name]:
                continue
            part: Any = frame.neurons if name == "neurons" else frame.images if name in IMAGE_VIEWS else frame.sequences
            if part is None:
                continue
            if name in IMAGE_VIEWS and not part.holds(name):
                # Made while this view was out of sight: a running job sends its part with the next
                # frame (it now knows the view is watched), a finished run's weights give it now.
                self._fill_missing()
                continue
            holder.show_view()
            view.show_frame(part)
        self._update_unit_formula(frame)

    def _fill_missing(self) -> None:
        """Compute the run's frame again from its kept weights when a view on screen has no part in it
        (it was out of sight while the run trained); nothing while a job runs: its next frame has it."""
        run = self.controller.run
        frame = run.inside_frame.images if run is not None and run.inside_frame is not None else None
        if frame is None or self.controller.is_feeding:
            return
        if any(self.seen[name] and not frame.holds(name) for name in IMAGE_VIEWS & set(run.inside_frame.views)):
            self.controller.refresh_inside(first_sample=self.views["feature-maps"].picker.current_sample())

    def _on_controller_run_ended(self) -> None:
        self._fill_missing()  # a view that waited for its part gets it from the run's weights

    def _on_dock_visibility_changed(self, name: str, shown: bool) -> None:
        self.seen[name] = shown
        self.controller.watch_views(tuple(view for view, seen in self.seen.items() if seen))
        run = self.controller.run
        if shown and run is not None and run.inside_frame is not None and name in run.inside_frame.views:
            self.show_frame(run.inside_frame)

    def _on_controller_run_updated(self, reply: Any) -> None:
        if isinstance(reply, InsideProbed):
            self.show_frame(reply.frame)
        elif isinstance(reply, InsidePlanned):
            for name in reply.views:
                self.holders[name].show_message(
                    QCoreApplication.translate("InsideDocks", "Training… the first frame is on its way.")
                )

    # ---- interactions ----------------------------------------------------------------------------
    def _on_neurons_unit_clicked(self, dense: str, unit: int) -> None:
        run = self.controller.run
        frame = run.inside_frame if run is not None else None
        if frame is None or frame.neurons is None:
            return
        self.window.reveal_node(dense)
        self._update_unit_formula(frame)

    def _update_unit_formula(self, frame: InsideFrame) -> None:
        view: NeuronView = self.views["neurons"]
        if view.selected is None or frame.neurons is None:
            return
        dense, unit = view.selected
        formula = neuron_formula(frame.neurons, dense, unit)
        if formula:
            heading = QCoreApplication.translate("InsideDocks", "Unit {0} of {1}").format(unit + 1, dense)
            self.window.inspector.show_unit(dense, heading, formula)

    def _on_misclassified_sample_requested(self, index: int) -> None:
        self.show_sample(index)

    def _on_results_sample_requested(self, index: int) -> None:
        self.show_sample(index)

    def show_sample(self, index: int) -> None:
        """Show test sample ``index`` in the feature-map and saliency views (the sample picker's path)."""
        for name in SAMPLE_VIEWS:
            self.views[name].picker.want(index)
        self.controller.show_sample(index)
        self.window.docks[DOCKS["feature-maps"][0]].raise_()
