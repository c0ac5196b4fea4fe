"""The editing vocabulary of the canvas and panels: each method is one undoable user action.

Views never call the graph's mutating methods themselves; they ask the :class:`Editor`, which builds one
:class:`EditCommand`, runs it (so errors surface before anything reaches the stack) and pushes it. Errors
a user caused are reported through :attr:`Editor.error_reported` rather than raised into Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Edge, Graph, Position
from netbuilder.gui.commands import (
    AddNode,
    Connect,
    Disconnect,
    EditCommand,
    Move,
    RemoveNode,
    RenameNode,
    SetParam,
)
from netbuilder.gui.document import Document
from netbuilder.gui.layout import CARD_HEIGHT, CARD_WIDTH, COLUMN_GAP, auto_layout
from netbuilder.model.fixes import QuickFix

log = logging.getLogger(__name__)

PASTE_OFFSET = 40.0


def reachable(graph: Graph, start: str, forward: bool = True) -> set[str]:
    """``start`` and every node downstream (``forward``) or upstream of it."""
    seen = {start}
    stack = [start]
    while stack:
        current = stack.pop()
        links = graph.outputs_of(current) if forward else graph.inputs_of(current)
        for edge in links:
            nxt = edge.dst if forward else edge.src
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class Editor(QObject):
    error_reported = Signal(str)
    nodes_created = Signal(list)  # ids of nodes made by the last add/paste, for the canvas to select

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document

    @property
    def graph(self) -> Graph:
        return self.document.graph

    def _command(self, text: str) -> EditCommand:
        return EditCommand(self.graph, text)

    def _push(self, command: EditCommand) -> bool:
        if not command.steps:
            return False
        self.document.undo_stack.push(command)
        return True

    def _fail(self, command: EditCommand, error: NetBuilderError) -> bool:
        command.rollback()
        log.info("edit refused: %s", error.message)
        self.error_reported.emit(error.message)
        return False

    # ---- nodes ---------------------------------------------------------------------------------
    def add_node(self, type_id: str, position: Position, params: Mapping[str, Any] | None = None) -> str | None:
        layer_type = self.graph.catalog.get(type_id)
        command = self._command(self.tr("Add {label}").format(label=layer_type.label))
        try:
            step = command.run(AddNode(type_id, dict(params or {}), position))
        except NetBuilderError as error:
            self._fail(command, error)
            return None
        self._push(command)
        assert isinstance(step, AddNode) and step.node_id is not None
        self.nodes_created.emit([step.node_id])
        return step.node_id

    def insert_on_edge(self, type_id: str, edge: Edge, position: Position) -> str | None:
        """Drop a layer onto an edge: src -> new -> dst, one undo step.

        The new card goes beside its input, and the cards after it in the same row move right to make
        room, so that nothing ends up stacked on top of its neighbours.
        """
        layer_type = self.graph.catalog.get(type_id)
        if layer_type.is_source:
            self.error_reported.emit(
                self.tr("{label} takes no inputs, so it cannot go on a connection").format(label=layer_type.label)
            )
            return None
        command = self._command(self.tr("Insert {label}").format(label=layer_type.label))
        try:
            node_id = self._insert(command, type_id, {}, edge, position)
        except NetBuilderError as error:
            self._fail(command, error)
            return None
        self._push(command)
        self.nodes_created.emit([node_id])
        return node_id

    def _insert(
        self, command: EditCommand, type_id: str, params: Mapping[str, Any], edge: Edge, position: Position
    ) -> str:
        """Run the steps that put a new node on ``edge`` near ``position`` and make room for it."""
        src, dst = self.graph.node(edge.src), self.graph.node(edge.dst)
        after_src = (src.position[0] + CARD_WIDTH + COLUMN_GAP, src.position[1])
        x, y = position
        if abs(src.position[1] - dst.position[1]) < CARD_HEIGHT:
            # In line with the row, right after its input: the edge it was dropped on runs there.
            x, y = max(x, after_src[0]), src.position[1]
        elif self._free(after_src):
            # An edge between rows (a wrapped chain): the new card ends its input's row.
            x, y = after_src
        command.run(Disconnect(edge))
        step = command.run(AddNode(type_id, dict(params), (x, y)))
        assert isinstance(step, AddNode) and step.node_id is not None
        command.run(Connect(edge.src, step.node_id, 0))
        command.run(Connect(step.node_id, edge.dst, edge.port))
        for node_id, (old, new) in self._room_after(step.node_id, (x, y)).items():
            command.run(Move(node_id, old, new))
        return step.node_id

    def _free(self, position: Position) -> bool:
        """Is there no card where a card at ``position`` would go?"""
        x, y = position
        return not any(
            abs(n.position[0] - x) < CARD_WIDTH + COLUMN_GAP / 2 and abs(n.position[1] - y) < CARD_HEIGHT
            for n in self.graph.nodes
        )

    def _room_after(self, new_id: str, position: Position) -> dict[str, tuple[Position, Position]]:
        """Moves that clear the new card's place: the downstream cards in its row shift right."""
        x, y = position
        right_edge = x + CARD_WIDTH + COLUMN_GAP
        row = [
            n
            for n in self.graph.nodes
            if n.id != new_id and abs(n.position[1] - y) < CARD_HEIGHT and n.position[0] + CARD_WIDTH > x
        ]
        # Only the row's cards that follow the new one: the rest of the layout (other rows, other
        # branches) stays where the person put it.
        downstream = reachable(self.graph, new_id) - {new_id}
        movers = [n for n in row if n.id in downstream]
        shift = right_edge - min((n.position[0] for n in movers), default=right_edge)
        if shift <= 0:
            return {}
        return {node_id: (pos, (pos[0] + shift, pos[1])) for node_id, pos in ((n.id, n.position) for n in movers)}

    def delete(self, node_ids: Iterable[str] = (), edges: Iterable[Edge] = ()) -> bool:
        node_ids = [n for n in node_ids if self.graph.has_node(n)]
        gone = set(node_ids)
        edges = [e for e in edges if e.src not in gone and e.dst not in gone]
        count = len(node_ids) + len(edges)
        if not count:
            return False
        command = self._command(
            self.tr("Delete") if count > 1 else (self.tr("Delete node") if node_ids else self.tr("Disconnect"))
        )
        try:
            for edge in edges:
                command.run(Disconnect(edge))
            for node_id in node_ids:
                command.run(RemoveNode(node_id))
        except NetBuilderError as error:
            return self._fail(command, error)
        return self._push(command)

    # ---- edges ---------------------------------------------------------------------------------
    def connect(self, src: str, dst: str, port: int | None = None, replace: Edge | None = None) -> bool:
        """Connect ``src`` to ``dst``; ``replace`` is an edge being re-routed (removed in the same step)."""
        command = self._command(self.tr("Connect"))
        try:
            if replace is not None:
                command.run(Disconnect(replace))
            command.run(Connect(src, dst, port))
        except NetBuilderError as error:
            return self._fail(command, error)
        return self._push(command)

    def disconnect(self, edge: Edge) -> bool:
        return self.delete(edges=[edge])

    def rename_node(self, old_id: str, new_id: str) -> bool:
        """Rename a node (its name in the code, the exports and the weights); refusals are reported."""
        new_id = new_id.strip()
        if new_id == old_id:
            return False
        command = self._command(self.tr("Rename {old} to {new}").format(old=old_id, new=new_id))
        try:
            command.run(RenameNode(old_id, new_id))
        except NetBuilderError as error:
            return self._fail(command, error)
        pushed = self._push(command)
        self.nodes_created.emit([new_id])  # the canvas selects it again: its item was rebuilt
        return pushed

    # ---- parameters and positions --------------------------------------------------------------
    def set_param(self, node_id: str, name: str, value: Any) -> bool:
        """Set one parameter; a :class:`ParamError` is reported (and returned False), never raised."""
        command = self._command(self.tr("Set {node}.{name}").format(node=node_id, name=name))
        try:
            step = command.run(SetParam(node_id, name, value))
        except NetBuilderError as error:
            return self._fail(command, error)
        assert isinstance(step, SetParam)
        if step.old == self.graph.node(node_id).params[name]:
            return False  # no change: keep the undo stack free of no-ops
        return self._push(command)

    def move_nodes(self, moves: Mapping[str, tuple[Position, Position]], text: str = "") -> bool:
        """Record moves already shown on the canvas (old -> new) as one undo step."""
        command = self._command(text or self.tr("Move"))
        try:
            for node_id, (old, new) in moves.items():
                if old != new and self.graph.has_node(node_id):
                    command.run(Move(node_id, old, new))
        except NetBuilderError as error:
            return self._fail(command, error)
        return self._push(command)

    def auto_layout(self, viewport: tuple[float, float] | None = None) -> bool:
        """Arrange every node to fit a view of ``viewport`` pixels (see :func:`layout.auto_layout`)."""
        targets = auto_layout(self.graph, viewport)
        moves = {n.id: (n.position, targets[n.id]) for n in self.graph.nodes}
        return self.move_nodes(moves, self.tr("Auto-layout"))

    # ---- clipboard -----------------------------------------------------------------------------
    def paste(
        self, data: Mapping[str, Any], offset: Position = (PASTE_OFFSET, PASTE_OFFSET), text: str = ""
    ) -> list[str]:
        """Add the nodes and edges of a :meth:`Graph.subgraph_dict`, renaming ids that are taken."""
        nodes = data.get("nodes", [])
        edges = data.get("edges", [])
        if not nodes:
            return []
        command = self._command(text or self.tr("Paste"))
        renamed: dict[str, str] = {}
        try:
            for entry in nodes:
                old_id = str(entry["id"])
                new_id = old_id if not self.graph.has_node(old_id) else self.graph.new_id(entry["type"])
                x, y = entry.get("position", (0.0, 0.0))
                step = command.run(
                    AddNode(entry["type"], dict(entry.get("params", {})), (x + offset[0], y + offset[1]), new_id)
                )
                assert isinstance(step, AddNode) and step.node_id is not None
                renamed[old_id] = step.node_id
            for entry in edges:
                command.run(Connect(renamed[entry["src"]], renamed[entry["dst"]], int(entry.get("port", 0))))
        except (NetBuilderError, KeyError, TypeError, ValueError) as error:
            command.rollback()
            message = (
                error.message
                if isinstance(error, NetBuilderError)
                else self.tr("cannot paste: {error}").format(error=error)
            )
            self.error_reported.emit(message)
            return []
        self._push(command)
        created = list(renamed.values())
        self.nodes_created.emit(created)
        return created

    def duplicate(self, node_ids: Iterable[str]) -> list[str]:
        return self.paste(self.graph.subgraph_dict(node_ids), text=self.tr("Duplicate"))

    # ---- quick fixes ---------------------------------------------------------------------------
    def apply_fix(self, node_id: str, fix: QuickFix) -> bool:
        """Apply a :class:`QuickFix` from shape inference as one undo step."""
        command = self._command(fix.label)
        try:
            if fix.kind == "set_param" and fix.param is not None:
                command.run(SetParam(fix.target or node_id, fix.param, fix.value))
            elif fix.kind == "insert_before" and fix.type_id is not None:
                inputs = self.graph.inputs_of(node_id)
                if not inputs:
                    raise NetBuilderError(
                        self.tr("'{node}' has no input to insert before").format(node=node_id), node_id=node_id
                    )
                x, y = self.graph.node(inputs[0].src).position
                self._insert(command, fix.type_id, fix.params, inputs[0], (x + CARD_WIDTH + COLUMN_GAP, y))
            else:
                raise NetBuilderError(f"unknown fix kind {fix.kind!r}", node_id=node_id)
        except NetBuilderError as error:
            return self._fail(command, error)
        return self._push(command)
