"""Left-to-right auto-layout: layers by longest path from the inputs, ordered to reduce crossings.

Pure Python on purpose (no Qt): it only turns a graph into target positions; the editor applies them
as one undoable "Auto-layout" command.
"""

from __future__ import annotations

from netbuilder.core.errors import CycleError
from netbuilder.core.graph import Graph, Position

COLUMN_SPACING = 240.0
ROW_SPACING = 130.0


def auto_layout(graph: Graph, origin: Position = (0.0, 0.0)) -> dict[str, Position]:
    """Target top-left positions for every node: one column per depth, centred vertically."""
    try:
        order = [n.id for n in graph.topological_order()]
    except CycleError:
        order = [n.id for n in graph.nodes]
    preds: dict[str, list[str]] = {nid: [] for nid in order}
    for edge in graph.edges:
        preds[edge.dst].append(edge.src)
    depth: dict[str, int] = {}
    for nid in order:
        depth[nid] = 1 + max((depth.get(p, 0) for p in preds[nid]), default=-1)
    columns: dict[int, list[str]] = {}
    for nid in order:
        columns.setdefault(depth[nid], []).append(nid)
    # Barycentre ordering: a node sits near the mean row of its inputs, which untangles branches.
    row: dict[str, float] = {}
    for d in sorted(columns):
        ids = columns[d]
        if d > 0:
            ids.sort(key=lambda nid: _mean([row[p] for p in preds[nid] if p in row], fallback=len(ids)))
        for i, nid in enumerate(ids):
            row[nid] = float(i)
    tallest = max((len(ids) for ids in columns.values()), default=1)
    positions: dict[str, Position] = {}
    for d, ids in columns.items():
        offset = (tallest - len(ids)) * ROW_SPACING / 2.0
        for i, nid in enumerate(ids):
            positions[nid] = (origin[0] + d * COLUMN_SPACING, origin[1] + offset + i * ROW_SPACING)
    return positions


def _mean(values: list[float], fallback: float) -> float:
    return sum(values) / len(values) if values else fallback
