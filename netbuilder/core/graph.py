"""The graph model: nodes (id, type, params, position), edges into numbered input ports, and events.

This is the single source of truth for a network. Every change goes through a method here, each method
checks its input (raising a typed :class:`NetBuilderError`) and then tells the subscribers with one
event. Removals return what undo needs to put things back exactly where they were.
"""

from __future__ import annotations

import heapq
import keyword
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.catalog import Catalog, LayerType
from netbuilder.core.errors import CycleError, GraphError, NetBuilderError
from netbuilder.core.events import (
    EdgeAdded,
    EdgeRemoved,
    GraphEvent,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    NodeRenamed,
    ParamChanged,
)
from netbuilder.core.layers import CATALOG

log = logging.getLogger(__name__)

_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Position = tuple[float, float]
Listener = Callable[[GraphEvent], None]


@dataclass
class Node:
    id: str
    type: str
    params: dict[str, Any]
    position: Position = (0.0, 0.0)


@dataclass(frozen=True)
class Edge:
    """Data flows from ``src``'s output into input port ``port`` of ``dst``."""

    src: str
    dst: str
    port: int = 0


@dataclass(frozen=True)
class RemovedNode:
    """Everything :meth:`Graph.restore_node` needs to undo a removal."""

    node: Node
    index: int
    edges: tuple[tuple[int, Edge], ...]


@dataclass
class Graph:
    catalog: Catalog = field(default=CATALOG, repr=False)
    _nodes: list[Node] = field(default_factory=list)
    _edges: list[Edge] = field(default_factory=list)
    _listeners: list[Listener] = field(default_factory=list, repr=False)
    revision: int = 0
    # Lookup caches, rebuilt lazily when ``revision`` moves: graphs of 1000 nodes stay O(n) to walk.
    _cache_revision: int = field(default=-1, repr=False, compare=False)
    _by_id: dict[str, Node] = field(default_factory=dict, repr=False, compare=False)
    _into: dict[str, list[Edge]] = field(default_factory=dict, repr=False, compare=False)
    _out_of: dict[str, list[Edge]] = field(default_factory=dict, repr=False, compare=False)

    def _lookups(self) -> None:
        if self._cache_revision == self.revision:
            return
        self._by_id = {n.id: n for n in self._nodes}
        self._into = {}
        self._out_of = {}
        for edge in self._edges:
            self._into.setdefault(edge.dst, []).append(edge)
            self._out_of.setdefault(edge.src, []).append(edge)
        for edges in self._into.values():
            edges.sort(key=lambda e: e.port)
        self._cache_revision = self.revision

    # ---- reading -------------------------------------------------------------------------------
    @property
    def nodes(self) -> list[Node]:
        return list(self._nodes)

    @property
    def edges(self) -> list[Edge]:
        return list(self._edges)

    def node(self, node_id: str) -> Node:
        self._lookups()
        try:
            return self._by_id[node_id]
        except KeyError:
            raise GraphError(f"no node '{node_id}'", node_id=node_id) from None

    def has_node(self, node_id: str) -> bool:
        self._lookups()
        return node_id in self._by_id

    def index_of(self, node_id: str) -> int:
        for i, node in enumerate(self._nodes):
            if node.id == node_id:
                return i
        raise GraphError(f"no node '{node_id}'", node_id=node_id)

    def layer_type(self, node_id: str) -> LayerType:
        return self.catalog.get(self.node(node_id).type, node_id=node_id)

    def inputs_of(self, node_id: str) -> list[Edge]:
        """Edges into ``node_id``, in port order (the order of a Concat's inputs)."""
        self._lookups()
        return list(self._into.get(node_id, ()))

    def outputs_of(self, node_id: str) -> list[Edge]:
        self._lookups()
        return list(self._out_of.get(node_id, ()))

    def sources(self) -> list[Node]:
        return [n for n in self._nodes if self.catalog.get(n.type).is_source]

    def sinks(self) -> list[Node]:
        """Nodes whose output goes nowhere: the network's outputs."""
        used = {e.src for e in self._edges}
        return [n for n in self._nodes if n.id not in used and not self.catalog.get(n.type).is_source]

    def __len__(self) -> int:
        return len(self._nodes)

    # ---- events --------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: GraphEvent) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(event)

    # ---- ids -----------------------------------------------------------------------------------
    def new_id(self, type_id: str) -> str:
        """A fresh, readable node id for ``type_id`` (``fc1``, ``fc2``, ``conv1`` ...)."""
        layer_type = self.catalog.get(type_id)
        prefix = layer_type.id_prefix or type_id.lower()
        taken = {n.id for n in self._nodes}
        i = 1
        while f"{prefix}{i}" in taken:
            i += 1
        return f"{prefix}{i}"

    @staticmethod
    def check_id(node_id: str) -> None:
        if not isinstance(node_id, str) or not _ID_RE.match(node_id) or keyword.iskeyword(node_id):
            raise GraphError(
                f"node id {node_id!r} must be a Python identifier (letters, digits, _; not a keyword)",
                node_id=node_id if isinstance(node_id, str) else None,
            )

    # ---- editing -------------------------------------------------------------------------------
    def add_node(
        self,
        type_id: str,
        params: Mapping[str, Any] | None = None,
        position: Position = (0.0, 0.0),
        node_id: str | None = None,
        index: int | None = None,
    ) -> Node:
        layer_type = self.catalog.get(type_id, node_id=node_id)
        node_id = node_id if node_id is not None else self.new_id(type_id)
        self.check_id(node_id)
        if self.has_node(node_id):
            raise GraphError(f"a node named '{node_id}' already exists", node_id=node_id)
        checked = layer_type.validate_params(params or {}, node_id=node_id)
        node = Node(node_id, type_id, checked, (float(position[0]), float(position[1])))
        index = len(self._nodes) if index is None else max(0, min(index, len(self._nodes)))
        self._nodes.insert(index, node)
        self._emit(NodeAdded(node, index))
        return node

    def remove_node(self, node_id: str) -> RemovedNode:
        """Remove a node and its edges; the result restores both, in place."""
        index = self.index_of(node_id)
        removed_edges = []
        for i in reversed(range(len(self._edges))):
            edge = self._edges[i]
            if edge.src == node_id or edge.dst == node_id:
                removed_edges.append((i, edge))
        for i, edge in removed_edges:  # descending indices: earlier ones stay valid
            del self._edges[i]
            self._emit(EdgeRemoved(edge, i))
        node = self._nodes.pop(index)
        self._emit(NodeRemoved(node, index))
        return RemovedNode(node, index, tuple(sorted(removed_edges, key=lambda p: p[0])))

    def restore_node(self, removed: RemovedNode) -> None:
        """Undo :meth:`remove_node`: the node and its edges return at their old indices."""
        node = removed.node
        if self.has_node(node.id):
            raise GraphError(f"a node named '{node.id}' already exists", node_id=node.id)
        self._nodes.insert(removed.index, node)
        self._emit(NodeAdded(node, removed.index))
        for i, edge in removed.edges:  # ascending indices
            self._edges.insert(i, edge)
            self._emit(EdgeAdded(edge, i))

    def rename_node(self, old_id: str, new_id: str) -> None:
        """Give a node a new id, keeping its place, type, parameters, position and connections.

        Subscribers see the node and its edges leave and come back under the new id (the events every
        view already handles), then one :class:`NodeRenamed`. Renaming back restores an equal graph.
        """
        node = self.node(old_id)
        if new_id == old_id:
            return
        self.check_id(new_id)
        if self.has_node(new_id):
            raise GraphError(f"a node named '{new_id}' already exists", node_id=old_id)
        removed = self.remove_node(old_id)
        renamed = Node(new_id, node.type, dict(node.params), node.position)
        self._nodes.insert(removed.index, renamed)
        self._emit(NodeAdded(renamed, removed.index))
        for i, edge in removed.edges:  # ascending indices: the edge order (and so the ports) is kept
            moved = Edge(
                new_id if edge.src == old_id else edge.src, new_id if edge.dst == old_id else edge.dst, edge.port
            )
            self._edges.insert(i, moved)
            self._emit(EdgeAdded(moved, i))
        self._emit(NodeRenamed(old_id, new_id))

    def connect(self, src: str, dst: str, port: int | None = None, index: int | None = None) -> Edge:
        """Connect ``src``'s output to an input port of ``dst`` (the first free one if not given)."""
        self.node(src)
        dst_type = self.layer_type(dst)
        if src == dst:
            raise GraphError(f"'{dst}' cannot take its own output", node_id=dst)
        if dst_type.is_source:
            raise GraphError(f"{dst_type.label} '{dst}' takes no inputs", node_id=dst)
        used = {e.port for e in self.inputs_of(dst)}
        if port is None:
            port = next(p for p in range(len(used) + 1) if p not in used)
            if dst_type.is_variadic and used:
                port = max(used) + 1
            elif dst_type.max_inputs is not None and port >= dst_type.max_inputs:
                raise GraphError(
                    f"{dst_type.label} '{dst}' already has its input connected; disconnect it first", node_id=dst
                )
        if port < 0 or (dst_type.max_inputs is not None and port >= dst_type.max_inputs):
            raise GraphError(f"{dst_type.label} '{dst}' has no input port {port}", node_id=dst)
        if port in used:
            raise GraphError(f"input {port} of '{dst}' is already connected", node_id=dst)
        if self._reaches(dst, src):
            raise CycleError(f"connecting '{src}' to '{dst}' would make a cycle", node_id=dst)
        edge = Edge(src, dst, port)
        index = len(self._edges) if index is None else max(0, min(index, len(self._edges)))
        self._edges.insert(index, edge)
        self._emit(EdgeAdded(edge, index))
        return edge

    def disconnect(self, edge: Edge) -> int:
        """Remove ``edge``; returns its index so that undo can put it back with ``connect(index=)``."""
        try:
            index = self._edges.index(edge)
        except ValueError:
            raise GraphError(f"no connection {edge.src} -> {edge.dst}", node_id=edge.dst) from None
        del self._edges[index]
        self._emit(EdgeRemoved(edge, index))
        return index

    def set_param(self, node_id: str, name: str, value: Any) -> Any:
        """Set one parameter (checked against the catalog); returns the old value."""
        node = self.node(node_id)
        spec = self.catalog.get(node.type).param(name)
        new = spec.coerce(value, node_id=node_id)
        old = node.params[name]
        if old == new:
            return old
        node.params[name] = new
        self._emit(ParamChanged(node_id, name, old, new))
        return old

    def move(self, node_id: str, position: Position) -> Position:
        node = self.node(node_id)
        old = node.position
        new = (float(position[0]), float(position[1]))
        if new != old:
            node.position = new
            self._emit(NodeMoved(node_id, old, new))
        return old

    def clear(self) -> None:
        for node in reversed(self.nodes):
            self.remove_node(node.id)

    # ---- structure -----------------------------------------------------------------------------
    def _reaches(self, start: str, goal: str) -> bool:
        """True when ``goal`` is downstream of (or equal to) ``start``."""
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            if current in seen:
                continue
            seen.add(current)
            stack.extend(e.dst for e in self.outputs_of(current))
        return False

    def topological_order(self) -> list[Node]:
        """Nodes so that every node comes after its inputs; stable (keeps insertion order where free)."""
        indegree = {n.id: 0 for n in self._nodes}
        for e in self._edges:
            indegree[e.dst] += 1
        order_index = {n.id: i for i, n in enumerate(self._nodes)}
        ready = sorted((nid for nid, d in indegree.items() if d == 0), key=order_index.__getitem__)
        result: list[Node] = []
        # A heap keyed by insertion index keeps the order stable and the sort O(n log n).
        heap = [(order_index[nid], nid) for nid in ready]
        heapq.heapify(heap)
        self._lookups()
        while heap:
            _, nid = heapq.heappop(heap)
            result.append(self._by_id[nid])
            for e in self._out_of.get(nid, ()):
                indegree[e.dst] -= 1
                if indegree[e.dst] == 0:
                    heapq.heappush(heap, (order_index[e.dst], e.dst))
        if len(result) != len(self._nodes):
            stuck = next(n for n in self._nodes if indegree[n.id] > 0)
            raise CycleError(f"the graph has a cycle through '{stuck.id}'", node_id=stuck.id)
        return result

    def structural_problems(self) -> list[NetBuilderError]:
        """Problems visible without shapes: cycles, missing inputs, no input or output."""
        problems: list[NetBuilderError] = []
        try:
            self.topological_order()
        except CycleError as error:
            problems.append(error)
        for node in self._nodes:
            layer_type = self.catalog.get(node.type, node_id=node.id)
            count = len(self.inputs_of(node.id))
            if count < layer_type.min_inputs:
                need = layer_type.min_inputs
                what = "an input" if need == 1 else f"at least {need} inputs"
                problems.append(
                    GraphError(f"{layer_type.label} '{node.id}' needs {what}; connect one", node_id=node.id)
                )
        if self._nodes and not self.sources():
            problems.append(GraphError("the network has no Input node"))
        sinks = self.sinks()
        if len(sinks) > 1:
            names = ", ".join(f"'{n.id}'" for n in sinks)
            problems.append(
                GraphError(
                    f"the network has {len(sinks)} outputs ({names}); connect or remove all but one",
                    node_id=sinks[-1].id,
                )
            )
        return problems

    # ---- serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        nodes = []
        for n in self._nodes:
            layer_type = self.catalog.get(n.type)
            params = {s.name: s.to_json(n.params[s.name]) for s in layer_type.params}
            nodes.append({"id": n.id, "type": n.type, "params": params, "position": list(n.position)})
        edges = [{"src": e.src, "dst": e.dst, "port": e.port} for e in self._edges]
        return {"nodes": nodes, "edges": edges}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], catalog: Catalog = CATALOG) -> Graph:
        """Build a graph from its dict form; every problem raises a typed error naming the node."""
        from netbuilder.core.graph_reader import read_graph  # local: keeps this module small

        graph = cls(catalog=catalog)
        read_graph(graph, data)
        return graph

    def subgraph_dict(self, node_ids: Iterable[str]) -> dict[str, Any]:
        """The dict form of some nodes and the edges among them (for copy and paste)."""
        keep = set(node_ids)
        full = self.to_dict()
        return {
            "nodes": [n for n in full["nodes"] if n["id"] in keep],
            "edges": [e for e in full["edges"] if e["src"] in keep and e["dst"] in keep],
        }

    def copy(self) -> Graph:
        return Graph.from_dict(self.to_dict(), self.catalog)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Graph) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]
