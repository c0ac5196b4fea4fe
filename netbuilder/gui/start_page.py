"""The start page: New, Open, the recent files and every bundled example, in one glance."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.settings import recent_files

log = logging.getLogger(__name__)

DATA_ROLE = Qt.ItemDataRole.UserRole


def bundled_examples() -> list[tuple[str, str, str]]:
    """(name, title, description) of every bundled example; empty if none can be read."""
    try:
        from netbuilder.core.examples import list_examples

        # Titles and descriptions are the examples' data, translated in the "Examples" context.
        return [(e.name, _example_text(e.title), _example_text(e.description)) for e in list_examples()]
    except Exception as error:  # a broken example must not keep the app from starting
        log.warning("cannot list the bundled examples: %s", error)
        return []


def _example_text(text: str) -> str:
    return QCoreApplication.translate("Examples", text) if text else text


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(str)
    example_chosen = Signal(str)
    lessons_requested = Signal()  # "Guided lessons": open the Lesson panel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(
            self.tr("<h1>NetBuilder</h1><p>Design neural networks visually, train them, watch them learn.</p>")
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        new_button = QPushButton(self.tr("New project"))
        new_button.setToolTip(self.tr("Start with an empty canvas (Ctrl+N)"))
        open_button = QPushButton(self.tr("Open…"))
        open_button.setToolTip(self.tr("Open a .nbproj file (Ctrl+O)"))
        for button in (new_button, open_button):
            button.setMinimumHeight(34)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        self.lessons_button = QPushButton(self.tr("Guided lessons"))
        self.lessons_button.setToolTip(self.tr("Short lessons on the examples of the articles (Help ▸ Lessons)"))
        self.lessons_button.setMinimumHeight(34)
        self.lessons_button.clicked.connect(self.lessons_requested)
        buttons.addWidget(self.lessons_button)
        buttons.addStretch(1)

        self.recent = QListWidget()
        self.examples = QListWidget()
        self.examples.setWordWrap(True)
        self.examples.setSpacing(2)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Recent</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Examples</b>")), 0, 1)
        grid.addWidget(self.recent, 1, 0)
        grid.addWidget(self.examples, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addLayout(grid, 1)

        new_button.clicked.connect(self.new_requested)
        open_button.clicked.connect(self.open_requested)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(DATA_ROLE)))
        self.examples.itemActivated.connect(lambda item: self.example_chosen.emit(item.data(DATA_ROLE)))
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for path in recent_files():
            item = QListWidgetItem(f"{Path(path).name}\n{path}")
            item.setData(DATA_ROLE, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        if not self.recent.count():
            placeholder = QListWidgetItem(self.tr("No recent projects"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
        self.examples.clear()
        for name, title, description in bundled_examples():
            item = QListWidgetItem(f"{title}\n{description}" if description else title)
            item.setData(DATA_ROLE, name)
            # The name a person can open it by from a terminal: `netbuilder example:spiral`.
            item.setToolTip(self.tr("From a terminal: netbuilder example:{name}").format(name=name))
            self.examples.addItem(item)
