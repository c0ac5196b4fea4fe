"""Reading a graph from its dict (JSON) form, with an error that names the node for every problem."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from netbuilder.core.errors import GraphError, NetBuilderError

if TYPE_CHECKING:
    from netbuilder.core.graph import Graph


def _position(raw: Any, node_id: str) -> tuple[float, float]:
    if raw is None:
        return (0.0, 0.0)
    if (
        not isinstance(raw, (list, tuple))
        or len(raw) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
    ):
        raise GraphError(f"node '{node_id}': position must be [x, y], got {raw!r}", node_id=node_id)
    return (float(raw[0]), float(raw[1]))


def read_graph(graph: Graph, data: Mapping[str, Any]) -> None:
    """Fill the empty ``graph`` from ``data`` = ``{"nodes": [...], "edges": [...]}``."""
    if not isinstance(data, Mapping):
        raise GraphError("'graph' must be an object with 'nodes' and 'edges'")
    nodes = data.get("nodes", [])
    edges = data.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise GraphError("'graph.nodes' and 'graph.edges' must be lists")
    for i, raw in enumerate(nodes):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str) or "type" not in raw:
            raise GraphError(f"node #{i + 1} must be an object with 'id' and 'type'")
        node_id = raw["id"]
        params = raw.get("params", {})
        if not isinstance(params, Mapping):
            raise GraphError(f"node '{node_id}': 'params' must be an object", node_id=node_id)
        try:
            graph.add_node(raw["type"], params, _position(raw.get("position"), node_id), node_id=node_id)
        except NetBuilderError as error:
            if error.node_id is None:
                error.node_id = node_id
            if not error.message.startswith(f"node '{node_id}'"):
                error.message = f"node '{node_id}': {error.message}"
            raise
    for i, raw in enumerate(edges):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("src"), str) or not isinstance(raw.get("dst"), str):
            raise GraphError(f"edge #{i + 1} must be an object with 'src' and 'dst'")
        port = raw.get("port", 0)
        if isinstance(port, bool) or not isinstance(port, int):
            raise GraphError(f"edge #{i + 1} ({raw['src']} -> {raw['dst']}): 'port' must be a whole number")
        for end in ("src", "dst"):
            if not graph.has_node(raw[end]):
                raise GraphError(
                    f"edge #{i + 1} ({raw['src']} -> {raw['dst']}) refers to a missing node '{raw[end]}'",
                    node_id=raw[end],
                )
        graph.connect(raw["src"], raw["dst"], port)
