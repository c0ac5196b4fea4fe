"""File commands of the window: New, Open, Open Recent, examples, Save, Save As, and "save changes?".

Every failure is shown in one error dialog and leaves the current project open and untouched.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import FILE_SUFFIX, Project
from netbuilder.gui.document import Document
from netbuilder.gui.settings import add_recent_file, recent_files, remove_recent_file

log = logging.getLogger(__name__)


def _file_filter() -> str:
    return QCoreApplication.translate("FileController", "NetBuilder projects (*{suffix});;All files (*)").format(
        suffix=FILE_SUFFIX
    )


class FileController(QObject):
    project_opened = Signal()  # a project is now shown (new, opened, example, recovered)
    recent_changed = Signal()

    def __init__(self, document: Document, window: QWidget) -> None:
        super().__init__(window)
        self.document = document
        self.window = window

    # ---- dialogs (separate so tests can patch them) --------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        QMessageBox.critical(self.window, title, text)

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open project"), self._start_dir(), _file_filter())
        return path

    def _ask_save_path(self) -> str:
        suggested = str(self.document.path or Path(self._start_dir()) / f"{self.document.project.name}{FILE_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save project as"), suggested, _file_filter())
        return path

    def _start_dir(self) -> str:
        if self.document.path is not None:
            return str(self.document.path.parent)
        recent = recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # ---- commands ------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False means the user cancelled."""
        if not self.document.is_dirty:
            return True
        answer = QMessageBox.question(
            self.window,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to “{name}” before closing it?").format(name=self.document.display_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.new_project()
        self.project_opened.emit()
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path = self._ask_open_path()
        return bool(path) and self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            self.document.open(path)
        except NetBuilderError as error:
            self.show_error(self.tr("Cannot open project"), str(error))
            # os.path.exists is False for a path with a NUL character, where Path.exists() raises.
            if not os.path.exists(path) and "\x00" not in str(path):
                remove_recent_file(str(Path(path).resolve()))
                self.recent_changed.emit()
            return False
        add_recent_file(path)
        self.recent_changed.emit()
        self.project_opened.emit()
        return True

    def open_example(self, name: str, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            from netbuilder.core.examples import load_example

            project = load_example(name)
        except NetBuilderError as error:
            self.show_error(self.tr("Cannot open example"), str(error))
            return False
        self.document.set_project(project)
        self.project_opened.emit()
        return True

    def open_project(self, project: Project, path: str | Path | None = None, dirty: bool = False) -> None:
        self.document.set_project(project, path, dirty=dirty)
        self.project_opened.emit()

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        path = self._ask_save_path()
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            saved = self.document.save(path)
        except NetBuilderError as error:
            self.show_error(self.tr("Cannot save project"), str(error))
            return False
        add_recent_file(saved)
        self.recent_changed.emit()
        return True
