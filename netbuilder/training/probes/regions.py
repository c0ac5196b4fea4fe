"""Linear regions of a ReLU network over the 2-D input plane: a region id per grid point, borders, count.

Inside a region every ReLU keeps its on/off state, so the network is one affine map there; the
number of regions is how many pieces the network can bend its boundary into, and it grows as
training bends it. A region here is an *activation* region: two neighbouring patterns that happen to
give the same affine map are still counted twice (this is the usual definition, and it is what a
one-forward-pass probe can see).

The GUI calls :func:`region_map` on ``Snapshot.model`` in the training process with the same
``extent`` and ``featurize`` as the decision grid (see :func:`~netbuilder.training.probes.plane_featurizer`)
and overlays ``borders`` on the boundary image; ``count`` is one point of the regions-over-training curve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from netbuilder.training.probes.capture import capture_outputs, relu_names
from netbuilder.training.probes.grid import Featurize, _inputs, grid_points


@dataclass(frozen=True)
class RegionMap:
    """``ids[i, j]``: region of (xs[j], ys[i]) (row i = y, like :class:`GridProbe`), numbered 0.. in
    row-major order of first appearance so that colours stay put while training moves the borders."""

    xs: np.ndarray
    ys: np.ndarray
    ids: np.ndarray  # (resolution, resolution) int32
    count: int  # distinct ReLU patterns on the grid: a lower bound on the regions in the extent
    borders: np.ndarray  # (resolution, resolution) bool: the point's right or lower neighbour is elsewhere


def relu_patterns(model: nn.Module, x: torch.Tensor, names: list[str] | None = None) -> torch.Tensor:
    """(samples, units) bool: which ReLU units are on for each input row, every ReLU of ``model`` in order.

    One forward pass with hooks on the ReLU modules (conv feature maps count every position as a unit).
    """
    names = relu_names(model) if names is None else names
    if not names:
        return torch.zeros(x.shape[0], 0, dtype=torch.bool)
    _, captured = capture_outputs(model, x, names=names)
    return torch.cat([(captured[n] > 0).reshape(x.shape[0], -1) for n in names], dim=1).cpu()


def _first_appearance_ids(patterns: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Label identical rows 0..k−1 in the order their first occurrence appears."""
    if patterns.shape[1] == 0:
        return torch.zeros(patterns.shape[0], dtype=torch.long), 1
    _, inverse = torch.unique(patterns.to(torch.uint8), dim=0, return_inverse=True)
    count = int(inverse.max()) + 1
    positions = torch.arange(patterns.shape[0])
    first = torch.full((count,), patterns.shape[0], dtype=torch.long).scatter_reduce(
        0, inverse, positions, reduce="amin"
    )
    relabel = torch.empty(count, dtype=torch.long)
    relabel[first.argsort()] = torch.arange(count)
    return relabel[inverse], count


def region_borders(ids: np.ndarray) -> np.ndarray:
    """Points whose right or lower neighbour on the grid carries another id (a one-point-wide line)."""
    borders = np.zeros(ids.shape, dtype=bool)
    borders[:, :-1] |= ids[:, 1:] != ids[:, :-1]
    borders[:-1, :] |= ids[1:, :] != ids[:-1, :]
    return borders


def region_map(
    model: nn.Module,
    extent: float | tuple[float, float, float, float] = 6.0,
    resolution: int = 200,
    featurize: Featurize | None = None,
) -> RegionMap:
    """The ReLU on/off pattern of every grid point as a region map (one forward pass over the grid)."""
    xs, ys, points = grid_points(extent, resolution)
    patterns = relu_patterns(model, _inputs(points, featurize, model))
    ids, count = _first_appearance_ids(patterns)
    grid = ids.reshape(resolution, resolution).numpy().astype(np.int32)
    return RegionMap(xs, ys, grid, count, region_borders(grid))
