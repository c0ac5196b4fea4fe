"""Loss landscape: the centre is the current loss, the path ends at the origin, grid values are direct losses."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.nn.utils import vector_to_parameters

from netbuilder.core.examples import load_example
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.errors import TrainingError
from netbuilder.training.landscape import (
    LandscapeProgress,
    LossLandscape,
    filter_normalized_direction,
    flat_weights,
    landscape_for,
    loss_landscape,
)
from netbuilder.training.objective import objective
from netbuilder.training.session import prepare
from tests.training.helpers import blobs, mlp


def _trained(steps: int = 30) -> tuple[torch.nn.Module, torch.Tensor, torch.Tensor, list[torch.Tensor]]:
    torch.manual_seed(0)
    model, data = mlp(2, 8, 2), blobs()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.5)
    path = [flat_weights(model)]
    for _ in range(steps):
        optimizer.zero_grad()
        F.cross_entropy(model(data.x_train), data.y_train).backward()
        optimizer.step()
        path.append(flat_weights(model))
    return model, data.x_train, data.y_train, path


def _run(*args: object, **kwargs: object) -> tuple[list[LandscapeProgress], LossLandscape]:
    events = list(loss_landscape(*args, **kwargs))  # type: ignore[arg-type]
    result = events[-1]
    assert isinstance(result, LossLandscape)
    return [e for e in events if isinstance(e, LandscapeProgress)], result


def test_random_slice_centre_path_and_a_corner() -> None:
    model, x, y, path = _trained()
    before = flat_weights(model)
    progress, result = _run(model, x, y, F.cross_entropy, trajectory=path, resolution=10, seed=3)
    assert result.losses.shape == (11, 11) and len(progress) == 11 and result.complete  # odd: a true centre
    with torch.no_grad():
        current = float(F.cross_entropy(model.eval()(x), y))
    assert result.losses[5, 5] == current == result.center_loss
    assert np.allclose(result.trajectory[-1], 0.0, atol=1e-6)
    assert result.trajectory.shape == (31, 2) and result.explained is None
    assert torch.equal(flat_weights(model), before)  # the caller's weights are untouched
    generator = torch.Generator().manual_seed(3)
    d1, d2 = filter_normalized_direction(model, generator), filter_normalized_direction(model, generator)
    probe = mlp(2, 8, 2).eval()
    vector_to_parameters(before + result.alphas[-1] * d1 + result.betas[0] * d2, probe.parameters())
    with torch.no_grad():
        assert result.losses[0, -1] == pytest.approx(float(F.cross_entropy(probe(x), y)), rel=1e-5)


def test_filter_normalisation() -> None:
    model = mlp(3, 5, 2)
    direction = filter_normalized_direction(model, torch.Generator().manual_seed(0))
    probe = mlp(3, 5, 2)
    vector_to_parameters(direction, probe.parameters())
    for layer, moved in ((model[0], probe[0]), (model[2], probe[2])):
        assert torch.allclose(moved.weight.detach().norm(dim=1), layer.weight.detach().norm(dim=1), rtol=1e-5)
        assert not moved.bias.detach().any()  # biases stay still, as in Li et al.


def test_pca_plane_of_the_trajectory() -> None:
    model, x, y, path = _trained()
    _, result = _run(model, x, y, F.cross_entropy, directions="pca", trajectory=path, resolution=9)
    assert result.directions == "pca" and result.explained is not None
    assert 0 < result.explained[1] <= result.explained[0] and sum(result.explained) <= 1 + 1e-9
    assert np.allclose(result.trajectory[-1], 0.0, atol=1e-6)
    assert np.abs(result.trajectory).max() <= result.alphas.max() + 1e-9  # the grid spans the path
    with torch.no_grad():
        assert result.losses[4, 4] == pytest.approx(float(F.cross_entropy(model(x), y)), abs=0)
    assert result.losses[4, 4] < result.losses[4, 0] or result.losses[4, 4] < result.losses[0, 4]
    with pytest.raises(TrainingError, match="three different"):
        list(loss_landscape(model, x, y, F.cross_entropy, directions="pca", trajectory=path[-1:]))


def test_cancel_between_rows() -> None:
    model, x, y, _ = _trained(2)
    control = TrainControl()
    events = []
    for event in loss_landscape(model, x, y, F.cross_entropy, resolution=7, control=control):
        events.append(event)
        control.stop()
    result = events[-1]
    assert isinstance(result, LossLandscape) and not result.complete
    assert np.isfinite(result.losses[0]).all() and np.isnan(result.losses[1:]).all()


def test_landscape_of_a_project() -> None:
    project = load_example("xor")
    setup = prepare(project, TrainConfig.from_dict({**project.training, "seed": 0}))
    result = list(landscape_for(setup, resolution=5))[-1]
    goal = objective(setup)
    x, y = goal.evaluation_batch(1024, 0)
    with torch.no_grad():
        assert isinstance(result, LossLandscape)
        assert result.center_loss == pytest.approx(float(goal.loss_fn(goal.model.eval()(x), y)))
