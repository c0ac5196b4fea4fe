"""Where an edge runs: a smooth curve when the way is clear, else a path around the cards in its way.

Pure geometry on plain tuples (no Qt), so the rules are tested without a scene. A route is the list of
corner points of an orthogonal path: out of the output port to the right, along a free horizontal
channel (between rows, above or below the cards in the way), and into the input port from the left.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom

STUB = 20.0  # how far an edge runs straight out of (and into) a port before it turns
CLEARANCE = 12.0  # distance kept from the cards a channel runs past
CURVE_SAMPLES = 24
MAX_CHANNELS = 24


def curve_points(start: Point, end: Point) -> tuple[Point, Point, Point, Point]:
    """Control points of the horizontal S-curve most node editors draw."""
    dx = max(40.0, abs(end[0] - start[0]) * 0.5)
    return start, (start[0] + dx, start[1]), (end[0] - dx, end[1]), end


def _bezier(points: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1.0 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _inside(point: Point, rect: Rect) -> bool:
    return rect[0] < point[0] < rect[2] and rect[1] < point[1] < rect[3]


def _segment_hits(a: Point, b: Point, rect: Rect) -> bool:
    """Does the axis-parallel segment a-b pass through ``rect``?"""
    left, top, right, bottom = rect
    if a[1] == b[1]:
        lo, hi = sorted((a[0], b[0]))
        return top < a[1] < bottom and lo < right and hi > left
    lo, hi = sorted((a[1], b[1]))
    return left < a[0] < right and lo < bottom and hi > top


def curve_is_clear(start: Point, end: Point, obstacles: Sequence[Rect]) -> bool:
    if end[0] - start[0] < 2 * STUB:
        return False  # a backward link would loop through its own cards
    points = curve_points(start, end)
    samples = [_bezier(points, i / CURVE_SAMPLES) for i in range(1, CURVE_SAMPLES)]
    return not any(_inside(p, rect) for p in samples for rect in obstacles)


def _channels(start: Point, end: Point, obstacles: Sequence[Rect], target: Rect | None) -> list[float]:
    """Heights a horizontal run may take, the preferred first: just above the target card when it is
    lower (the space right under a card is where training shows its neuron thumbnails), else halfway
    between the ports; then just off every card's edge."""
    lo, hi = sorted((start[0], end[0]))
    if target is not None and target[1] - CLEARANCE > start[1]:
        candidates = [target[1] - CLEARANCE]
    else:
        candidates = [(start[1] + end[1]) / 2.0]
    for left, top, right, bottom in obstacles:
        if right >= lo - STUB - CLEARANCE and left <= hi + STUB + CLEARANCE:
            candidates += [top - CLEARANCE, bottom + CLEARANCE]
    return candidates


def route(start: Point, end: Point, obstacles: Sequence[Rect], ends: Sequence[Rect] = ()) -> list[Point] | None:
    """Corner points of a path around ``obstacles``, or None when the plain curve is clear.

    ``ends`` are the cards of the edge's own ports: the curve may touch them, a channel may not cross them.
    """
    if curve_is_clear(start, end, obstacles):
        return None
    x1, x2 = start[0] + STUB, end[0] - STUB
    everything = [*obstacles, *ends]
    candidates = _channels(start, end, everything, ends[1] if len(ends) > 1 else None)
    preferred = candidates[0]

    def length(y: float) -> float:
        return abs(y - start[1]) + abs(end[1] - y)

    # Shortest first (the preferred channel first among equals): the first clear route is the best,
    # and a crowded spot (cards stacked on each other) costs at most MAX_CHANNELS tries.
    ordered = sorted(set(candidates), key=lambda y: (length(y), y != preferred))[:MAX_CHANNELS]
    # Only cards under the two vertical runs or within the horizontal run's span can be hit.
    lo, hi = sorted((x1, x2))
    down_out = [r for r in everything if r[0] < x1 < r[2]]
    down_in = [r for r in everything if r[0] < x2 < r[2]]
    across = [r for r in everything if r[0] < hi and r[2] > lo]
    best: tuple[int, list[Point]] | None = None
    for y in ordered:
        points = [start, (x1, start[1]), (x1, y), (x2, y), (x2, end[1]), end]
        crossings = (
            sum(1 for r in down_out if _segment_hits(points[1], points[2], r))
            + sum(1 for r in across if r[1] < y < r[3])
            + sum(1 for r in down_in if _segment_hits(points[3], points[4], r))
        )
        if best is None or crossings < best[0]:
            best = (crossings, points)
        if crossings == 0:
            break
    assert best is not None
    return _simplify(best[1])


def _simplify(points: list[Point]) -> list[Point]:
    """Drop corners that are not corners (a channel at the height of a port)."""
    result = [points[0]]
    for i in range(1, len(points) - 1):
        a, b, c = result[-1], points[i], points[i + 1]
        if b == a or (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
            continue
        result.append(b)
    result.append(points[-1])
    return result


def label_anchor(points: Sequence[Point]) -> Point:
    """Where a routed edge shows its shape label: the middle of its longest horizontal run."""
    best = (points[0], points[1])
    for a, b in itertools.pairwise(points):
        if a[1] == b[1] and abs(b[0] - a[0]) > abs(best[1][0] - best[0][0]):
            best = (a, b)
    (ax, ay), (bx, by) = best
    return ((ax + bx) / 2.0, (ay + by) / 2.0)
