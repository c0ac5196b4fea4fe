"""The Lesson panel (Help ▸ Lessons): one short guided lesson per seed example.

Each step says what to do, what to watch and why. The panel listens to what the person does — the
graph's events, the project's sections, the canvas selection, the end of a training run, the guide
page shown — turns each into a :class:`LessonEvent`, and moves on when it completes the current
step (:func:`step_done`). Back and Skip move by hand; the last step done shows the lesson complete.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.events import EdgeAdded, NodeAdded, NodeRemoved, ParamChanged
from netbuilder.core.examples import list_examples
from netbuilder.gui.learn.content import Lesson, lesson_labels, load_lessons
from netbuilder.gui.learn.language import content_language
from netbuilder.gui.learn.lesson_checks import LessonEvent, step_done

if TYPE_CHECKING:
    from netbuilder.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def _effective_training(training: dict[str, Any], dataset: dict[str, Any]) -> dict[str, Any]:
    """Every training setting written out, the dataset's suggestions filled in ({} if invalid)."""
    from netbuilder.training.config import TrainConfig
    from netbuilder.training.defaults import effective_training
    from netbuilder.training.errors import ConfigError

    try:
        return TrainConfig.from_dict(effective_training(training, dataset)).to_dict()
    except ConfigError:
        return {}


class LessonPanel(QWidget):
    guide_requested = Signal(str)  # a link in a step's text: open the guide at this page
    step_changed = Signal(int)  # index of the step now shown (len(steps): the lesson is complete)

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.lesson_id = ""
        self.index = 0
        self.status: list[str] = []  # per step: "done", "skipped" or ""
        self.choice = QComboBox()
        self.start_button = QPushButton(self.tr("Start"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(150)  # a step's three paragraphs without scrolling in a narrow dock
        self.open_button = QPushButton(self.tr("Open the example"))
        self.back_button = QPushButton(self.tr("Back"))
        self.skip_button = QPushButton(self.tr("Skip"))
        self.next_button = QPushButton(self.tr("Next lesson"))

        top = QHBoxLayout()
        top.addWidget(self.choice, 1)
        top.addWidget(self.start_button)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        nav.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addLayout(nav)

        self._fill_choice()
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.back_button.clicked.connect(self.back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.text.anchorClicked.connect(self._on_text_anchor_clicked)

        document = window.document
        self._graph_off: Callable[[], None] = lambda: None
        self._subscribe_graph()
        document.project_replaced.connect(self._on_document_project_replaced)
        document.section_changed.connect(self._on_document_section_changed)
        window.scene.selectionChanged.connect(self._on_scene_selection_changed)
        if window.training is not None:
            self._connect_training()
        else:
            window.engine.ready.connect(self._connect_training)
        self._render()

    # ---- lessons -------------------------------------------------------------------------------
    def lessons(self) -> tuple[Lesson, ...]:
        return load_lessons(content_language())

    @property
    def lesson(self) -> Lesson | None:
        for lesson in self.lessons():
            if lesson.id == self.lesson_id:
                return lesson
        return None

    @property
    def complete(self) -> bool:
        lesson = self.lesson
        return lesson is not None and self.index >= len(lesson.steps)

    def start(self, lesson_id: str) -> None:
        """Start the lesson ``lesson_id`` at its first step."""
        lesson = next(lesson for lesson in self.lessons() if lesson.id == lesson_id)
        self.lesson_id = lesson.id
        self.index = 0
        self.status = [""] * len(lesson.steps)
        self.choice.setCurrentIndex(self.choice.findData(lesson.id))
        self._render()
        document = self.window.document
        titles = {e.name: e.title for e in list_examples()}
        if document.project.name == titles.get(lesson.example) and not document.is_dirty:
            # The example is open as it ships: the first step ("open it") is done already.
            self.notify(LessonEvent("example_opened", {"example": lesson.example}))

    def back(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.index -= 1
            self._render()

    def skip(self) -> None:
        lesson = self.lesson
        if lesson is not None and self.index < len(lesson.steps):
            if not self.status[self.index]:
                self.status[self.index] = "skipped"
            self.index += 1
            self._render()

    def notify(self, event: LessonEvent) -> None:
        """Move on when ``event`` completes the current step."""
        lesson = self.lesson
        if lesson is None or self.index >= len(lesson.steps):
            return
        try:
            done = step_done(lesson.steps[self.index].check, event)
        except (KeyError, ValueError) as error:  # a broken check in the data file: say so, do not crash
            log.warning("lesson %s step %d: bad check: %s", lesson.id, self.index + 1, error)
            return
        if done:
            self.status[self.index] = "done"
            self.index += 1
            self._render()

    # ---- showing -------------------------------------------------------------------------------
    def _fill_choice(self) -> None:
        self.choice.clear()
        for lesson in self.lessons():
            self.choice.addItem(lesson.title, lesson.id)

    def _render(self) -> None:
        lesson = self.lesson
        if self.choice.count() and self.choice.itemText(0) != self.lessons()[0].title:
            self._fill_choice()  # the language changed
        if lesson is None:
            self.title.setText(self.tr("Guided lessons"))
            self.progress_label.setText(self.tr("Pick a lesson and press Start."))
            self.progress.setValue(0)
            self.text.setHtml(
                "".join(f"<p><b>{html.escape(x.title)}</b><br>{html.escape(x.intro)}</p>" for x in self.lessons())
            )
            self.back_button.setEnabled(False)
            self.skip_button.setEnabled(False)
            self.open_button.hide()
            self.next_button.hide()
            return
        count = len(lesson.steps)
        self.title.setText(lesson.title)
        self.progress.setRange(0, count)
        self.progress.setValue(sum(1 for s in self.status if s))
        self.back_button.setEnabled(self.index > 0)
        self.skip_button.setEnabled(self.index < count)
        self.next_button.setVisible(self.index >= count and bool(self.next_lesson_id()))
        if self.index >= count:
            skipped = self.status.count("skipped")
            self.progress_label.setText(self.tr("Lesson complete ✓"))
            labels = lesson_labels(content_language())
            note = labels["skipped"].format(count=skipped) if skipped else ""
            more = labels["read_more"]
            self.text.setHtml(
                f"<p><b>✓ {html.escape(lesson.done)}</b></p><p>{html.escape(note)}</p>"
                f"<p><a href='guide:{lesson.guide_page}'>{html.escape(more)}</a></p>"
            )
            self.open_button.hide()
            self.step_changed.emit(self.index)
            return
        step = lesson.steps[self.index]
        self.progress_label.setText(self.tr("Step {n} of {count}").format(n=self.index + 1, count=count))
        # Step texts are the lesson file's rich text (they may link to guide pages): not escaped.
        labels = lesson_labels(content_language())
        self.text.setHtml(
            f"<p><b>{html.escape(labels['do'])}:</b> {step.do}</p>"
            f"<p><b>{html.escape(labels['watch'])}:</b> {step.watch}</p>"
            f"<p><b>{html.escape(labels['why'])}:</b> {step.why}</p>"
        )
        self.open_button.setVisible(step.check.get("type") == "example_opened")
        self.open_button.setEnabled(True)
        self.step_changed.emit(self.index)

    # ---- what the person does ------------------------------------------------------------------
    def _subscribe_graph(self) -> None:
        self._graph_off()
        self._graph_off = self.window.document.graph.subscribe(self._on_graph_event)

    def _on_graph_event(self, event: object) -> None:
        if isinstance(event, NodeAdded):
            self.notify(LessonEvent("node_added", {"layer": event.node.type, "node": event.node.id}))
        elif isinstance(event, NodeRemoved):
            self.notify(LessonEvent("node_removed", {"layer": event.node.type, "node": event.node.id}))
        elif isinstance(event, EdgeAdded):
            self.notify(LessonEvent("edge_added", {"src": event.edge.src, "dst": event.edge.dst}))
        elif isinstance(event, ParamChanged):
            data = {"node": event.node_id, "name": event.name, "value": event.new}
            self.notify(LessonEvent("param_changed", data))

    def _on_document_project_replaced(self) -> None:
        self._subscribe_graph()
        name = self.window.document.project.name
        for example in list_examples():
            if example.title == name:
                self.notify(LessonEvent("example_opened", {"example": example.name}))
                break

    def _on_document_section_changed(self, section: str) -> None:
        if section == "training":
            project = self.window.document.project
            training = _effective_training(project.training, project.dataset)
            self.notify(LessonEvent("training_set", {"training": training}))

    def _on_scene_selection_changed(self) -> None:
        # The scene also says its selection changed while it is being destroyed with the window.
        if not shiboken6.isValid(self.window.scene):
            return
        self.notify(LessonEvent("node_selected", {"nodes": tuple(self.window.scene.selected_node_ids())}))

    def _connect_training(self) -> None:
        if self.window.training is not None:
            self.window.training.run_ended.connect(self._on_training_run_ended)

    def _on_training_run_ended(self) -> None:
        training = self.window.training
        run = training.run if training is not None else None
        if run is not None:
            data = {"outcome": run.outcome, "training": _effective_training(run.training, run.dataset)}
            self.notify(LessonEvent("trained", data))

    def notify_guide_page(self, page_id: str) -> None:
        self.notify(LessonEvent("guide_opened", {"page": page_id}))

    # ---- slots ---------------------------------------------------------------------------------
    def _on_start_button_clicked(self) -> None:
        lesson_id = self.choice.currentData()
        if lesson_id:
            self.start(lesson_id)

    def next_lesson_id(self) -> str:
        """The lesson after the current one ("" when it is the last)."""
        ids = [lesson.id for lesson in self.lessons()]
        index = ids.index(self.lesson_id) + 1 if self.lesson_id in ids else len(ids)
        return ids[index] if index < len(ids) else ""

    def _on_next_button_clicked(self) -> None:
        if self.next_lesson_id():
            self.start(self.next_lesson_id())

    def _on_open_button_clicked(self) -> None:
        lesson = self.lesson
        if lesson is not None:
            self.window._open_example(lesson.example)  # the File ▸ Examples path: asks to save first

    def _on_text_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "guide":
            self.guide_requested.emit(url.path())
