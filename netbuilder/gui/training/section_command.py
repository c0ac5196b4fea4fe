"""Undoable edits of a project's "dataset" and "training" sections, through ``Project.set_section``.

:class:`SetSection` replaces a section (consecutive edits of one field merge into one step).
:class:`ChooseDataset` replaces the dataset section and can take, after it was pushed, the graph edits
that make the network fit the new data (they wait for the dataset to be built off the GUI thread),
so that one Undo puts back both the old data and the old Input shape.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoCommand

from netbuilder.core.project import SECTIONS, Project
from netbuilder.gui.commands import EditCommand, Step


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
        self.project.set_section(self.section, self.new)

    def undo(self) -> None:
        self.project.set_section(self.section, self.old)


@dataclass
class ReplaceSection(Step):
    """A section replacement as one step of an :class:`EditCommand` (beside graph steps)."""

    project: Project
    section: str
    new: dict[str, Any]
    old: dict[str, Any] = field(default_factory=dict)

    def apply(self, graph: Any) -> None:
        self.old = copy.deepcopy(getattr(self.project, self.section))
        self.project.set_section(self.section, self.new)

    def revert(self, graph: Any) -> None:
        self.project.set_section(self.section, self.old)


class ChooseDataset(EditCommand):
    """A new dataset section, plus the graph edits that fit the network to it once it is built."""

    def __init__(self, project: Project, spec: dict[str, Any], text: str) -> None:
        super().__init__(project.graph, text)
        self.run(ReplaceSection(project, "dataset", copy.deepcopy(spec)))

    def add_applied(self, step: Step) -> None:
        """Apply ``step`` now and make it part of this (already pushed) command's undo and redo."""
        step.apply(self.graph)
        self.steps.append(step)
