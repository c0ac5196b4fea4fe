"""The open document: the current :class:`Project`, its undo stack, its file path and whether it is dirty.

Everything else in the window (canvas, panels, the training controller) reads the project from here,
listens to :attr:`Document.project_replaced` to rebind when a project is opened or created, and to
:attr:`Document.section_changed` when the dataset or training settings change (by an edit, undo or redo).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from netbuilder.core.events import GraphEvent, NodeRenamed, SectionChanged
from netbuilder.core.graph import Graph
from netbuilder.core.project import FILE_SUFFIX, Project, load_project, save_project

log = logging.getLogger(__name__)


class Document(QObject):
    """Owns the project being edited; the graph inside it stays the single source of truth."""

    project_replaced = Signal()  # a different Project (and Graph) is now open
    graph_edited = Signal()  # the graph changed (one signal per graph event; consumers debounce)
    node_renamed = Signal(str, str)  # old id, new id: for holders of per-node data (trained weights)
    section_changed = Signal(str)  # "dataset", "training" or "metadata" was replaced
    path_changed = Signal()
    dirty_changed = Signal(bool)
    saved = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self._project = Project(name="Untitled")
        self._path: Path | None = None
        self._extra_dirty = False
        self._was_dirty = False
        self._unsubscribe = self._subscribe(self._project)

    def _subscribe(self, project: Project) -> Callable[[], None]:
        graph_off = project.graph.subscribe(self._on_graph_event)
        sections_off = project.subscribe(self._on_section_changed)

        def unsubscribe() -> None:
            graph_off()
            sections_off()

        return unsubscribe

    # ---- reading -------------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        """The open project; change its sections with ``Project.set_section`` (through an undo command)."""
        return self._project

    @property
    def graph(self) -> Graph:
        return self._project.graph

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_dirty(self) -> bool:
        return self._extra_dirty or not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self._path is not None:
            return self._path.name
        name = self._project.name
        # New projects are named "Untitled" in the file; show that name in the user's language.
        if not name or name == "Untitled":
            return self.tr("Untitled")
        # An example's project is named after the example: shown with the example's translated title.
        return QCoreApplication.translate("Examples", name)

    # ---- replacing -----------------------------------------------------------------------------
    def set_project(self, project: Project, path: str | Path | None = None, *, dirty: bool = False) -> None:
        """Show ``project`` (already read); the undo history starts afresh."""
        self._unsubscribe()
        self._project = project
        self._path = Path(path) if path is not None else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._extra_dirty = dirty
        self._unsubscribe = self._subscribe(project)
        self.project_replaced.emit()
        self.path_changed.emit()
        self._update_dirty()

    def new_project(self) -> None:
        self.set_project(Project(name="Untitled"))

    def open(self, path: str | Path) -> None:
        """Read ``path`` and show it; raises :class:`NetBuilderError` and keeps the current project."""
        project = load_project(path)
        self.set_project(project, path)

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (or the current path); raises :class:`NetBuilderError` on failure."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("no file name given")
        if target.suffix != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        save_project(self._project, target)
        changed = target != self._path
        self._path = target
        self.undo_stack.setClean()
        self._extra_dirty = False
        if changed:
            self.path_changed.emit()
        self._update_dirty()
        self.saved.emit(str(target))
        return target

    def mark_modified(self) -> None:
        """For edits outside the undo stack (dataset or training settings changed by a dock)."""
        self._extra_dirty = True
        self._update_dirty()

    def close(self) -> None:
        self._unsubscribe()

    # ---- slots ---------------------------------------------------------------------------------
    def _on_graph_event(self, event: GraphEvent) -> None:
        self.graph_edited.emit()
        if isinstance(event, NodeRenamed):
            self.node_renamed.emit(event.old_id, event.new_id)

    def _on_section_changed(self, event: SectionChanged) -> None:
        self.section_changed.emit(event.section)

    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self.is_dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)
