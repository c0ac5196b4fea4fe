"""Auto-layout: layers left to right, wrapped into bands so that the whole network fits the view.

Pure Python on purpose (no Qt): it only turns a graph into target positions; the editor applies them
as one undoable "Auto-layout" command.

The layers come from the longest path from the inputs. An edge that skips layers (a residual link) gets
a placeholder in every layer it crosses, so it keeps a row of its own and never runs behind the nodes
of the branch beside it. A long chain does not fit a window in one row at a readable zoom, so the
layers are cut into bands stacked top to bottom (like lines of text), and of every possible band width
the one that the view can show at the largest zoom is kept. A band ends, where it can, after a layer
that only one edge leaves, so that a residual block is not cut in two between bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from netbuilder.core.errors import CycleError
from netbuilder.core.graph import Graph, Position

CARD_WIDTH = 140.0
CARD_HEIGHT = 68.0
# Room between columns for an edge's shape label, between rows for an edge that changes row.
COLUMN_GAP = 64.0
ROW_GAP = 36.0
# Between bands runs the edge from one band's end to the next band's start, below the two rows of
# neuron thumbnails (2 × 24 px) that training draws under a 16-unit activation.
BAND_GAP = 80.0
# What framing adds around the cards (the view's margin plus a card's selection outline).
FRAME_MARGIN = 32.0
# A view of this size (in pixels) when the caller does not say: a 1400×900 window's canvas.
DEFAULT_VIEWPORT = (840.0, 510.0)
# Above this zoom a layout that keeps every branch within one band beats a larger one that cuts one.
GOOD_ZOOM = 0.82
# Beyond this zoom a larger view only makes the cards bigger, so fewer bands win from here on.
ENOUGH_ZOOM = 1.0


@dataclass(frozen=True)
class _Slot:
    """A cell of the layered grid: a node, or the placeholder of an edge passing through."""

    id: str
    dummy: bool


def _layers(graph: Graph) -> tuple[list[list[_Slot]], list[int]]:
    """The slots of every layer, and how many edges run from each layer to the next."""
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
    count = 1 + max(depth.values(), default=-1)
    layers: list[list[_Slot]] = [[] for _ in range(count)]
    slot_preds: dict[str, list[str]] = {nid: list(preds[nid]) for nid in order}
    for nid in order:
        layers[depth[nid]].append(_Slot(nid, False))
    for i, edge in enumerate(graph.edges):
        span = depth[edge.dst] - depth[edge.src]
        if span <= 1:
            continue
        previous = edge.src
        for d in range(depth[edge.src] + 1, depth[edge.dst]):
            dummy_id = f"\0{i}:{d}"
            layers[d].append(_Slot(dummy_id, True))
            slot_preds[dummy_id] = [previous]
            previous = dummy_id
        slot_preds[edge.dst] = [previous if p == edge.src else p for p in slot_preds[edge.dst]]
    _order_by_barycentre(layers, slot_preds)
    links = [sum(len(slot_preds.get(slot.id, [])) for slot in layers[d + 1]) for d in range(count - 1)]
    return layers, links


def _order_by_barycentre(layers: list[list[_Slot]], preds: dict[str, list[str]]) -> None:
    """A slot sits near the mean row of its inputs, which untangles branches.

    On a tie the placeholders go first: the skip link of a residual block stays straight on the main
    row and the block's branch steps down beside it.
    """
    row: dict[str, float] = {}
    for d, slots in enumerate(layers):
        if d > 0:
            fallback = float(len(slots))
            slots.sort(
                key=lambda s: (
                    _mean([row[p] for p in preds.get(s.id, []) if p in row], fallback),
                    0 if s.dummy else 1,
                )
            )
        for i, slot in enumerate(slots):
            row[slot.id] = float(i)


def _mean(values: list[float], fallback: float) -> float:
    return sum(values) / len(values) if values else fallback


def _bands(links: list[int], per_band: int, keep_branches: bool) -> list[range]:
    """Split the layers into bands of at most ``per_band``; with ``keep_branches``, end a band where only
    one edge runs on whenever such a place exists in the band."""
    bands: list[range] = []
    start, count = 0, len(links) + 1
    while start < count:
        end = min(start + per_band, count)
        if keep_branches and end < count and links[end - 1] > 1:
            end = next((e for e in range(end - 1, start, -1) if links[e - 1] == 1), end)
        bands.append(range(start, end))
        start = end
    return bands


def _place(layers: list[list[_Slot]], bands: list[range], origin: Position) -> tuple[dict[str, Position], float, float]:
    """Positions of the real nodes band by band, and the layout's width and height."""
    positions: dict[str, Position] = {}
    top = origin[1]
    for layer_range in bands:
        band = layers[layer_range.start : layer_range.stop]
        rows = max(len(slots) for slots in band)
        for column, slots in enumerate(band):
            for row, slot in enumerate(slots):
                if not slot.dummy:
                    positions[slot.id] = (
                        origin[0] + column * (CARD_WIDTH + COLUMN_GAP),
                        top + row * (CARD_HEIGHT + ROW_GAP),
                    )
        top += rows * (CARD_HEIGHT + ROW_GAP) - ROW_GAP + BAND_GAP
    return positions


def fit_zoom(width: float, height: float, viewport: tuple[float, float]) -> float:
    """The zoom at which a layout of this size, framed, fills ``viewport`` (pixels)."""
    return min(viewport[0] / (width + 2 * FRAME_MARGIN), viewport[1] / (height + 2 * FRAME_MARGIN))


def auto_layout(
    graph: Graph, viewport: tuple[float, float] | None = None, origin: Position = (0.0, 0.0)
) -> dict[str, Position]:
    """Target top-left positions for every node, wrapped so that the graph fits ``viewport`` (pixels)."""
    layers, links = _layers(graph)
    if not layers:
        return {}
    view = viewport or DEFAULT_VIEWPORT
    sizes = [len(slots) for slots in layers]
    best_bands: list[range] = []
    best_key: tuple[float, ...] = (-math.inf,)
    # Narrow bands first: among equally good layouts the first one found has the most even bands.
    for per_band in range(1, len(layers) + 1):
        for keep_branches in (True, False):
            bands = _bands(links, per_band, keep_branches)
            width, height = _extent(sizes, bands)
            zoom = fit_zoom(width, height, view)
            cut = sum(1 for r in bands[:-1] if links[r.stop - 1] > 1)
            # Readable first, then no branch cut between bands, then larger, then fewer bands.
            key = (round(min(zoom, GOOD_ZOOM), 3), -cut, round(min(zoom, ENOUGH_ZOOM), 3), -len(bands))
            if key > best_key:
                best_bands, best_key = bands, key
    return _place(layers, best_bands, origin)


def _extent(sizes: list[int], bands: list[range]) -> tuple[float, float]:
    """Width and height of a layout with these bands (as :func:`_place` would make it), without placing."""
    rows = sum(max(sizes[r.start : r.stop]) for r in bands)
    height = rows * (CARD_HEIGHT + ROW_GAP) - len(bands) * ROW_GAP + (len(bands) - 1) * BAND_GAP
    width = max(len(r) for r in bands) * (CARD_WIDTH + COLUMN_GAP) - COLUMN_GAP
    return width, height
