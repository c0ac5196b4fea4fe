"""Adds the guide and the lessons to a main window: Help ▸ Guide and Help ▸ Lessons, and the
"What is this?" requests of the palette, the Inspector and the Training panel."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from netbuilder.gui.learn.content import load_guide
from netbuilder.gui.learn.language import content_language

if TYPE_CHECKING:
    from netbuilder.gui.learn.guide_window import GuideWindow
    from netbuilder.gui.learn.lesson_panel import LessonPanel
    from netbuilder.gui.main_window import MainWindow

log = logging.getLogger(__name__)


class Learning(QObject):
    """Owns the guide window and the lesson panel of one main window (both made on first use)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._guide: GuideWindow | None = None
        self._lessons: LessonPanel | None = None
        help_menu = window.menu("&Help")
        first = help_menu.actions()[0] if help_menu.actions() else None
        self.act_guide = QAction(self.tr("&Guide"), window)
        self.act_guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.act_guide.setStatusTip(self.tr("Layers, activations, losses, optimisers and regularisation explained"))
        self.act_guide.triggered.connect(self.show_guide)
        self.act_lessons = QAction(self.tr("&Lessons"), window)
        self.act_lessons.setStatusTip(self.tr("Guided lessons on the examples of the articles"))
        self.act_lessons.triggered.connect(self.show_lessons)
        help_menu.insertActions(first, [self.act_guide, self.act_lessons])
        if first is not None:
            help_menu.insertSeparator(first)
        window.start_page.lessons_requested.connect(self.show_lessons)
        window.palette_panel.has_help = self._has_layer_page
        window.palette_panel.help_requested.connect(self._on_layer_help_requested)
        window.inspector.has_help = self._has_layer_page
        window.inspector.help_requested.connect(self._on_layer_help_requested)
        if window.training_docks is not None:
            self._connect_training()
        else:  # connected after the main window's own slot, so the training docks exist by then
            window.engine.ready.connect(self._connect_training)

    # ---- the guide -----------------------------------------------------------------------------
    @property
    def guide(self) -> GuideWindow:
        if self._guide is None:
            # Imported on first use: its plots pull in pyqtgraph and the training package, which
            # start-up does not need.
            from netbuilder.gui.learn.guide_window import GuideWindow

            self._guide = GuideWindow(self.window)
            self._guide.example_requested.connect(self.window._open_example)
            self._guide.page_shown.connect(self._on_guide_page_shown)
        return self._guide

    def show_guide(self) -> GuideWindow:
        self.guide.present()
        return self.guide

    def open_topic(self, topic: str) -> bool:
        """Open the guide at the page about ``topic``; without one, at the first page of its kind."""
        guide = self.show_guide()
        if topic == "loss:auto":
            topic = self._automatic_loss()
        if guide.open_topic(topic):
            return True
        kind = {"layer": "layer", "loss": "loss", "optimizer": "optimizer", "training": "regularizer"}.get(
            topic.partition(":")[0], ""
        )
        pages = [page for page in load_guide(content_language()).pages if page.kind == kind]
        if pages:
            guide.show_page(pages[0].id)
        return False

    def _automatic_loss(self) -> str:
        """The loss "auto" stands for with the current dataset (MSE when none is loaded yet)."""
        training = self.window.training
        dataset = training.dataset if training is not None else None
        if dataset is None:
            return "loss:mse"
        from netbuilder.training.losses import resolve_loss

        return f"loss:{resolve_loss('auto', dataset.task, dataset.output_size)}"

    def _on_guide_page_shown(self, page_id: str) -> None:
        if self._lessons is not None:
            self._lessons.notify_guide_page(page_id)

    def _has_layer_page(self, type_id: str) -> bool:
        return load_guide(content_language()).page_for_topic(f"layer:{type_id}") is not None

    def _on_layer_help_requested(self, type_id: str) -> None:
        self.open_topic(f"layer:{type_id}")

    def _connect_training(self) -> None:
        docks = self.window.training_docks
        if docks is not None:
            docks.training_panel.help_requested.connect(self.open_topic)

    # ---- the lessons ---------------------------------------------------------------------------
    @property
    def lessons(self) -> LessonPanel:
        if self._lessons is None:
            from netbuilder.gui.learn.lesson_panel import LessonPanel

            self._lessons = LessonPanel(self.window)
            self._lessons.guide_requested.connect(lambda page: self.show_guide().show_page(page))
            # Below the Layers palette, not a tab of it: lessons ask to drag layers from there.
            dock = self.window.add_dock(
                self._lessons, self.tr("Lesson"), "LessonDock", Qt.DockWidgetArea.LeftDockWidgetArea
            )
            # Share the column with the palette above: lessons ask to drag layers from it.
            layers = self.window.docks["LayersDock"]
            self.window.resizeDocks([layers, dock], [55, 45], Qt.Orientation.Vertical)
        return self._lessons

    def show_lessons(self) -> LessonPanel:
        panel = self.lessons
        self.window.show_dock("LessonDock")
        return panel
