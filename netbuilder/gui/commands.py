"""Undo commands: every edit of the graph, as reversible steps that call only the core graph API.

Following orange-canvas ``document/commands.py``: a removal keeps what :meth:`Graph.remove_node` returns
(index and edges) so that undo puts the node back in place, and a drag is one "Move" command pushed on
release. One :class:`EditCommand` holds the steps of one user action (a paste is many adds and
connects), so one Ctrl+Z undoes the whole action. Steps are plain Python objects rather than child
``QUndoCommand`` s, which keeps their lifetime in Python's hands and lets a failing step roll back the
steps before it before anything reaches the undo stack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoCommand

from netbuilder.core.graph import Edge, Graph, Position, RemovedNode

log = logging.getLogger(__name__)


class Step:
    """One reversible call of the graph API."""

    def apply(self, graph: Graph) -> None:
        raise NotImplementedError

    def revert(self, graph: Graph) -> None:
        raise NotImplementedError


@dataclass
class AddNode(Step):
    type_id: str
    params: dict[str, Any] | None = None
    position: Position = (0.0, 0.0)
    node_id: str | None = None
    _removed: RemovedNode | None = field(default=None, repr=False)

    def apply(self, graph: Graph) -> None:
        if self._removed is not None:
            graph.restore_node(self._removed)
            return
        node = graph.add_node(self.type_id, self.params, self.position, node_id=self.node_id)
        self.node_id = node.id

    def revert(self, graph: Graph) -> None:
        assert self.node_id is not None
        self._removed = graph.remove_node(self.node_id)


@dataclass
class RemoveNode(Step):
    node_id: str
    _removed: RemovedNode | None = field(default=None, repr=False)

    def apply(self, graph: Graph) -> None:
        self._removed = graph.remove_node(self.node_id)

    def revert(self, graph: Graph) -> None:
        assert self._removed is not None
        graph.restore_node(self._removed)


@dataclass
class Connect(Step):
    src: str
    dst: str
    port: int | None = None
    index: int | None = None
    edge: Edge | None = None

    def apply(self, graph: Graph) -> None:
        port = self.edge.port if self.edge is not None else self.port
        self.edge = graph.connect(self.src, self.dst, port, index=self.index)
        self.index = graph.edges.index(self.edge)

    def revert(self, graph: Graph) -> None:
        assert self.edge is not None
        graph.disconnect(self.edge)


@dataclass
class Disconnect(Step):
    edge: Edge
    index: int | None = None

    def apply(self, graph: Graph) -> None:
        self.index = graph.disconnect(self.edge)

    def revert(self, graph: Graph) -> None:
        graph.connect(self.edge.src, self.edge.dst, self.edge.port, index=self.index)


@dataclass
class SetParam(Step):
    node_id: str
    name: str
    value: Any
    old: Any = None

    def apply(self, graph: Graph) -> None:
        self.old = graph.set_param(self.node_id, self.name, self.value)

    def revert(self, graph: Graph) -> None:
        graph.set_param(self.node_id, self.name, self.old)


@dataclass
class Move(Step):
    node_id: str
    old: Position
    new: Position

    def apply(self, graph: Graph) -> None:
        graph.move(self.node_id, self.new)

    def revert(self, graph: Graph) -> None:
        graph.move(self.node_id, self.old)


@dataclass
class RenameNode(Step):
    old_id: str
    new_id: str

    def apply(self, graph: Graph) -> None:
        graph.rename_node(self.old_id, self.new_id)

    def revert(self, graph: Graph) -> None:
        graph.rename_node(self.new_id, self.old_id)


class EditCommand(QUndoCommand):
    """One user action: its steps run in order on redo and in reverse on undo.

    Build it with :meth:`run` (which applies each step at once, so later steps can use the ids that
    earlier ones created), then push it: the first ``redo`` that ``QUndoStack.push`` calls is skipped
    because the steps already ran.
    """

    def __init__(self, graph: Graph, text: str) -> None:
        super().__init__(text)
        self.graph = graph
        self.steps: list[Step] = []
        self._applied = False

    def run(self, step: Step) -> Step:
        """Apply ``step`` now; on an error, revert the steps run so far and re-raise."""
        try:
            step.apply(self.graph)
        except Exception:
            self.rollback()
            raise
        self.steps.append(step)
        self._applied = True
        return step

    def rollback(self) -> None:
        for step in reversed(self.steps):
            step.revert(self.graph)
        self.steps.clear()
        self._applied = False

    def redo(self) -> None:
        if self._applied:  # the steps ran while the command was built
            self._applied = False
            return
        for step in self.steps:
            step.apply(self.graph)

    def undo(self) -> None:
        for step in reversed(self.steps):
            step.revert(self.graph)
