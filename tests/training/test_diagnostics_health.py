"""Unit health: dead and saturated shares, histograms and dead-unit repair against direct computations."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from netbuilder.training import probes
from netbuilder.training.probes.health import (
    Bins,
    histogram,
    saturated_share,
    unit_health,
    weight_bins,
    weight_histograms,
)


def _direct_histogram(values: torch.Tensor, bins: Bins) -> np.ndarray:
    clipped = np.clip(values.detach().double().numpy().reshape(-1), bins.low, bins.high)
    counts, _ = np.histogram(clipped, bins.edges)
    return counts / clipped.size


def test_dead_and_saturated_shares_equal_a_direct_computation() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 4), nn.Sigmoid())
    with torch.no_grad():
        net[0].bias[:2] = -100.0  # two ReLU units never fire
        net[2].weight[:2] *= 60.0  # two tanh units pinned to ±1
        net[4].bias[0] = 50.0  # one sigmoid unit stuck at 1
    x = torch.randn(300, 2)
    with torch.no_grad():
        relu = net[1](net[0](x))
        tanh = net[3](net[2](relu))
        sigmoid = net[5](net[4](tanh))
    report = unit_health(net, x)
    assert set(report) == {"1", "3", "5"}
    assert report["1"].kind == "relu" and report["1"].units == 6
    assert report["1"].dead_share == pytest.approx(float((relu <= 0).all(0).float().mean()))
    assert report["1"].dead_share == pytest.approx(2 / 6) == probes.dead_relu_share(net, x)["1"]
    tanh_flat = ((1 - tanh**2) < 0.1).float().mean(0) >= 0.95
    sigmoid_flat = ((4 * sigmoid * (1 - sigmoid)) < 0.1).float().mean(0) >= 0.95
    assert report["3"].saturated_share == pytest.approx(float(tanh_flat.float().mean()))
    assert report["5"].saturated_share == pytest.approx(float(sigmoid_flat.float().mean()))
    assert report["3"].saturated_share >= 2 / 5 and report["5"].saturated_share >= 1 / 4
    assert report["1"].saturated_share is None and report["3"].dead_share is None
    assert saturated_share(net, x) == {"3": report["3"].saturated_share, "5": report["5"].saturated_share}
    for name, values in (("1", relu), ("3", tanh), ("5", sigmoid)):
        assert np.allclose(report[name].histogram, _direct_histogram(values, report[name].bins), atol=1e-6)
        assert report[name].histogram.sum() == pytest.approx(1.0)


def test_conv_units_are_channels() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
    with torch.no_grad():
        net[0].bias[1] = -100.0
    report = unit_health(net, torch.randn(8, 1, 6, 6))
    assert report["1"].units == 4 and report["1"].dead_share == pytest.approx(0.25)


def test_histogram_clips_into_the_end_bins() -> None:
    values = torch.tensor([-5.0, -1.0, 0.1, 0.9, 1.0, 7.0])
    shares = histogram(values, Bins(-1.0, 1.0, 4))
    assert shares.tolist() == pytest.approx([2 / 6, 0.0, 1 / 6, 3 / 6])


def test_weight_histograms_with_fixed_bins() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))
    bins = weight_bins(net)
    assert set(bins) == {"0", "2"}
    for node, layer in (("0", net[0]), ("2", net[2])):
        top = float(layer.weight.detach().abs().max())
        assert bins[node].high == -bins[node].low >= 2 * top
        assert bins[node].high <= 2 * 2 * top  # rounded up, not blown up
    shares = weight_histograms(net, bins)
    assert set(shares) == {"0", "2"}  # biases are not weights
    assert np.allclose(shares["0"], _direct_histogram(net[0].weight, bins["0"]), atol=1e-6)
    assert weight_histograms(net, Bins(-1, 1, 10))["2"].shape == (10,)


def test_reinit_revives_dead_units_in_every_relu_layer() -> None:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 6), nn.ReLU(), nn.Linear(6, 2))
    with torch.no_grad():
        net[0].bias[1] = -100.0
        net[2].bias[4] = -100.0
    x = torch.randn(200, 2)
    with torch.no_grad():
        before = net(x).clone()
        first = net[1](net[0](x))
        second = net[3](net[2](first))
    dead = {name: (h <= 0).all(0).nonzero().reshape(-1).tolist() for name, h in (("0", first), ("2", second))}
    assert 1 in dead["0"] and 4 in dead["2"]
    assert probes.reinit_dead_units(net, x, seed=0) == dead
    assert probes.dead_relu_share(net, x) == {"1": 0.0, "3": 0.0}
    with torch.no_grad():
        assert torch.allclose(net(x), before, atol=1e-5)  # outgoing weights zeroed: same function
