"""Linear regions (2-D map) and breakpoints (1-D) against nets whose pieces are counted by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from netbuilder.training import probes


def _set(layer: nn.Module, weight: list[list[float]], bias: list[float]) -> None:
    assert isinstance(layer, nn.Linear)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight))
        layer.bias.copy_(torch.tensor(bias))


def _same_partition(ids: np.ndarray, hand: np.ndarray) -> bool:
    """Every probe region is exactly one hand region and vice versa (labels may differ)."""
    pairs = set(zip(ids.reshape(-1).tolist(), hand.reshape(-1).tolist(), strict=True))
    return len(pairs) == len(np.unique(ids)) == len(np.unique(hand))


def test_three_lines_cut_the_plane_into_seven_regions() -> None:
    # Units on for x > 0, y > 0 and x + y > 1: three lines in general position, 7 regions, all
    # three crossings ((0,0), (1,0), (0,1)) inside the ±2 square.
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
    _set(net[0], [[1, 0], [0, 1], [1, 1]], [0, 0, -1])
    result = probes.region_map(net, extent=2.0, resolution=100)
    gx, gy = np.meshgrid(result.xs, result.ys)
    hand = (gx > 0).astype(int) + 2 * (gy > 0) + 4 * (gx + gy > 1)
    assert result.count == 7 == len(np.unique(hand))
    assert result.ids.shape == (100, 100) and result.ids.dtype == np.int32
    assert _same_partition(result.ids, hand)
    assert result.ids[0, 0] == 0  # numbered by first appearance, row-major
    assert probes.linear_regions_2d(net, 2.0, 100) == result.count


def test_a_second_layer_bends_the_borders() -> None:
    # u1 = ReLU(x), u2 = ReLU(y), z = ReLU(u1 + u2 − 1): the quadrants (4) and z's border, which is
    # x + y = 1 in the first quadrant, x = 1 in the fourth and y = 1 in the second (3 more).
    net = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1), nn.ReLU(), nn.Linear(1, 2))
    _set(net[0], [[1, 0], [0, 1]], [0, 0])
    _set(net[2], [[1, 1]], [-1])
    result = probes.region_map(net, extent=2.0, resolution=100)
    gx, gy = np.meshgrid(result.xs, result.ys)
    z_on = np.maximum(gx, 0) + np.maximum(gy, 0) > 1
    hand = (gx > 0).astype(int) + 2 * (gy > 0) + 4 * z_on
    assert result.count == 7
    assert _same_partition(result.ids, hand)


def test_borders_mark_where_the_region_changes() -> None:
    net = nn.Sequential(nn.Linear(2, 1), nn.ReLU(), nn.Linear(1, 2))
    _set(net[0], [[1, 0]], [0])  # one vertical line, x = 0
    result = probes.region_map(net, extent=1.0, resolution=10)
    left_of_line = result.xs < 0
    column = int(np.nonzero(left_of_line)[0][-1])
    assert result.count == 2
    assert result.borders[:, column].all()
    assert result.borders.sum() == 10  # exactly one point per row


def test_no_relu_means_one_region() -> None:
    result = probes.region_map(nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2)), 1.0, 8)
    assert result.count == 1 and not result.borders.any() and (result.ids == 0).all()


def test_breakpoints_of_a_two_layer_net_are_the_kinks() -> None:
    torch.manual_seed(3)
    net = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1))
    w, b = net[0].weight.detach().reshape(-1), net[0].bias.detach()
    analytic = sorted(k for k in (-b / w).tolist() if -3.0 < k < 3.0)
    assert len(analytic) >= 3
    assert probes.breakpoints_1d(net, -3.0, 3.0) == pytest.approx(analytic, abs=1e-5)


def test_breakpoints_of_a_deeper_net_and_slope_changes() -> None:
    # u1 = ReLU(x), u2 = ReLU(x − 3), z = ReLU(u1 − 2·u2 − 1): the pattern changes at 0 (u1), 1 (z on),
    # 3 (u2) and 5 (z off); the output z only bends at 1, 3 and 5 (z is 0 on both sides of x = 0).
    net = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1), nn.ReLU())
    _set(net[0], [[1], [1]], [0, -3])
    _set(net[2], [[1, -2]], [-1])
    assert probes.breakpoints_1d(net, -2.0, 8.0) == pytest.approx([0.0, 1.0, 3.0, 5.0], abs=1e-5)
    bends = probes.breakpoints_1d(net, -2.0, 8.0, slope_changes_only=True)
    assert bends == pytest.approx([1.0, 3.0, 5.0], abs=1e-5)


def test_kinks_closer_than_the_grid_spacing_are_all_found() -> None:
    net = nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 1))
    _set(net[0], [[1], [1], [1]], [-1.0, -1.001, -1.002])  # grid spacing over [−2, 8] / 100 is 0.1
    found = probes.breakpoints_1d(net, -2.0, 8.0, resolution=100)
    assert found == pytest.approx([1.0, 1.001, 1.002], abs=1e-5)
