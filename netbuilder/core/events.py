"""Change events the graph and the project send to their subscribers (canvas items, panels, inference).

Events are plain frozen records; subscribers are plain callables, so the core needs no Qt. The GUI
turns them into repaints; the undo stack never listens to them (commands call the graph directly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netbuilder.core.graph import Edge, Node, Position


@dataclass(frozen=True)
class NodeAdded:
    node: Node
    index: int


@dataclass(frozen=True)
class NodeRemoved:
    node: Node
    index: int


@dataclass(frozen=True)
class EdgeAdded:
    edge: Edge
    index: int


@dataclass(frozen=True)
class EdgeRemoved:
    edge: Edge
    index: int


@dataclass(frozen=True)
class ParamChanged:
    node_id: str
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class NodeMoved:
    node_id: str
    old: Position
    new: Position


@dataclass(frozen=True)
class NodeRenamed:
    """Sent after the removal and re-addition that a rename is made of (see :meth:`Graph.rename_node`):
    views that only show nodes need nothing else; holders of per-node data (trained weights) re-key it."""

    old_id: str
    new_id: str


@dataclass(frozen=True)
class SectionChanged:
    """A project section other than the graph ("dataset", "training", "metadata") was replaced.

    Sent by :meth:`Project.set_section`; ``old`` and ``new`` are copies the listener may keep.
    """

    section: str
    old: Any
    new: Any


GraphEvent = NodeAdded | NodeRemoved | EdgeAdded | EdgeRemoved | ParamChanged | NodeMoved | NodeRenamed
