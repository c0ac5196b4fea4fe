from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from netbuilder.training import probes


def _hinge_net() -> nn.Sequential:
    """ReLU(x−1) + 3·ReLU(x−4) − 5 exactly, plus a dead third unit (never active on [−2, 8])."""
    net = nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0], [1.0], [-1.0]]))
        net[0].bias.copy_(torch.tensor([-1.0, -4.0, -9.0]))
        net[2].weight.copy_(torch.tensor([[1.0, 3.0, 2.0]]))
        net[2].bias.fill_(-5.0)
    return net


def test_hinge_decomposition_sums_to_the_model() -> None:
    net = _hinge_net()
    probe = probes.hinge_decomposition(net, -2.0, 8.0, points=101)
    with torch.no_grad():
        expected = net(torch.from_numpy(probe.xs).float().reshape(-1, 1)).reshape(-1).numpy()
    assert np.allclose(probe.prediction, expected, atol=1e-5)
    assert probe.kinks == pytest.approx([1.0, 4.0, -9.0])
    assert [u.dead for u in probe.units] == [False, False, True]
    assert probe.dense == "0"


def test_breakpoints_and_linear_regions_1d() -> None:
    net = _hinge_net()
    assert probes.breakpoints_1d(net, -2.0, 8.0) == pytest.approx([1.0, 4.0], abs=1e-5)
    assert probes.linear_regions_1d(net, -2.0, 8.0) == 3
    deep = nn.Sequential(nn.Linear(1, 4), nn.ReLU(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 1))
    points = probes.breakpoints_1d(deep, -3.0, 3.0)
    assert all(-3.0 <= p <= 3.0 for p in points) and points == sorted(points)


def test_decision_grid_probabilities() -> None:
    net = nn.Sequential(nn.Linear(2, 2))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0, 0.0], [-1.0, 0.0]]))
        net[0].bias.zero_()
    grid = probes.decision_grid(net, extent=2.0, resolution=21)
    assert grid.probs.shape == (21, 21, 2)
    assert np.allclose(grid.probs.sum(-1), 1.0, atol=1e-5)
    assert (grid.predicted[:, grid.xs > 0] == 0).all() and (grid.predicted[:, grid.xs < 0] == 1).all()
    # engineered features: the model sees (x1², x2) but the grid is over the plane
    grid2 = probes.decision_grid(
        nn.Sequential(nn.Linear(2, 2), nn.Softmax(-1)),
        2.0,
        11,
        featurize=lambda p: torch.stack([p[:, 0] ** 2, p[:, 1]], 1),
    )
    assert np.allclose(grid2.probs.sum(-1), 1.0, atol=1e-5)


def test_activation_maps_and_regions_2d() -> None:
    net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
    maps = probes.activation_maps(net, 1.0, 10)
    assert set(maps) == {"0", "1"} and maps["1"].shape == (3, 10, 10)
    assert (maps["1"] >= 0).all()
    regions = probes.linear_regions_2d(net, 1.0, 50)
    assert 1 <= regions <= 7  # 3 lines cut a plane into at most 7 regions


def test_dead_units_gradients_and_reinit() -> None:
    net = _hinge_net()
    x = torch.linspace(-2, 8, 100).reshape(-1, 1)
    assert probes.dead_relu_share(net, x) == {"1": pytest.approx(1 / 3)}
    fixed = probes.reinit_dead_units(net, x, seed=1)
    assert fixed == {"0": [2]}
    assert probes.dead_relu_share(net, x) == {"1": 0.0}
    with torch.no_grad():  # outgoing weight zeroed: the function did not change
        assert torch.allclose(net(x), _hinge_net()(x), atol=1e-5)
    net(x).sum().backward()
    norms = probes.gradient_norms(net)
    assert set(norms) == {"0", "2"} and norms["2"] > 0


def test_hinges_in_raw_units_for_standardised_inputs() -> None:
    net = _hinge_net()
    mean, std = 3.0, 2.0
    # A model that sees (x − 3)/2 and computes the same function as _hinge_net does on raw x.
    with torch.no_grad():
        net[0].bias.add_(net[0].weight.reshape(-1) * mean)
        net[0].weight.mul_(std)
    probe = probes.hinge_decomposition(net, -2.0, 8.0, scaling=(mean, std))
    assert probe.kinks == pytest.approx([1.0, 4.0, -9.0], abs=1e-5)
    assert probes.breakpoints_1d(net, -2.0, 8.0, scaling=(mean, std)) == pytest.approx([1.0, 4.0], abs=1e-4)


def test_plane_featurizer_for_a_toy_dataset() -> None:
    from netbuilder.data import build_dataset

    dataset = build_dataset({"kind": "circle", "features": ["x1", "x2", "x1^2"], "normalize": True})
    to_inputs, extent = probes.plane_featurizer(dataset)
    points = torch.as_tensor(dataset.extras["points_train"])
    assert torch.allclose(to_inputs(points), dataset.x_train, atol=1e-5)
    assert extent > 0
    net = nn.Sequential(nn.Linear(3, 2))
    grid = probes.decision_grid(net, extent, 20, featurize=to_inputs)
    assert grid.probs.shape == (20, 20, 2)
