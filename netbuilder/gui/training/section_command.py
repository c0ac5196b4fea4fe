"""An undoable replacement of a project's "dataset" or "training" section."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from netbuilder.core.project import Project

SECTIONS = ("dataset", "training")


class SetSection(QUndoCommand):
    """Replace ``project.<section>`` as a whole; edits of the same field in a row merge into one step."""

    def __init__(self, project: Project, section: str, new: dict[str, Any], text: str, merge_key: str = "") -> None:
        super().__init__(text)
        if section not in SECTIONS:
            raise ValueError(f"unknown project section {section!r}")
        self.project = project
        self.section = section
        self.old = copy.deepcopy(getattr(project, section))
        self.new = copy.deepcopy(new)
        self.merge_key = f"{section}:{merge_key}" if merge_key else ""

    def id(self) -> int:
        # Typing a number fires one edit per keystroke-commit; merge consecutive edits of one field.
        return 0x5EC7 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSection) or other.merge_key != self.merge_key or other.project is not self.project:
            return False
        self.new = copy.deepcopy(other.new)
        return True

    def redo(self) -> None:
        setattr(self.project, self.section, copy.deepcopy(self.new))

    def undo(self) -> None:
        setattr(self.project, self.section, copy.deepcopy(self.old))
