"""The guide's optimiser paths equal the update rules written out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from netbuilder.training.config import OptimizerConfig
from netbuilder.training.trajectories import BOWL_START, DEFAULT_SETTINGS, bowl_loss, optimizer_path, optimizer_paths

CURVATURE = np.array([1.0, 10.0])


def grad(p: np.ndarray) -> np.ndarray:
    return CURVATURE * p  # ∇ ½(a·x² + b·y²)


def sgd_by_hand(lr: float, momentum: float, steps: int) -> np.ndarray:
    p, v = np.array(BOWL_START), np.zeros(2)
    path = [p.copy()]
    for step in range(steps):
        g = grad(p)
        v = g if step == 0 else momentum * v + g  # torch's buffer starts as the first gradient
        p = p - lr * (v if momentum else g)
        path.append(p.copy())
    return np.array(path)


def adam_by_hand(lr: float, steps: int, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8) -> np.ndarray:
    p, m, v = np.array(BOWL_START), np.zeros(2), np.zeros(2)
    path = [p.copy()]
    for t in range(1, steps + 1):
        g = grad(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        path.append(p.copy())
    return np.array(path)


def test_sgd_path_is_plain_gradient_descent() -> None:
    path = optimizer_path(OptimizerConfig(type="sgd", lr=0.18), steps=30)
    np.testing.assert_allclose(path, sgd_by_hand(0.18, 0.0, 30), rtol=1e-9, atol=1e-12)
    # Near the stability limit the steep coordinate flips sign every step: the zig-zag the plot shows.
    assert np.all(np.sign(path[1:6, 1]) == np.array([-1, 1, -1, 1, -1]))


def test_momentum_path_matches_the_velocity_rule() -> None:
    path = optimizer_path(OptimizerConfig(type="sgd", lr=0.05, momentum=0.8), steps=30)
    np.testing.assert_allclose(path, sgd_by_hand(0.05, 0.8, 30), rtol=1e-9, atol=1e-12)


def test_adam_path_matches_the_bias_corrected_moments() -> None:
    path = optimizer_path(OptimizerConfig(type="adam", lr=0.3), steps=30)
    np.testing.assert_allclose(path, adam_by_hand(0.3, 30), rtol=1e-7, atol=1e-9)
    # Adam's first step moves each coordinate by ~lr whatever its gradient's size.
    np.testing.assert_allclose(np.abs(path[1] - path[0]), [0.3, 0.3], rtol=1e-6)


def test_default_paths_all_head_for_the_minimum() -> None:
    paths = optimizer_paths(steps=40)
    assert set(paths) == {s.name for s in DEFAULT_SETTINGS}
    start = float(bowl_loss(*BOWL_START))
    for name, path in paths.items():
        assert path.shape == (41, 2), name
        assert float(bowl_loss(*path[-1])) < 0.05 * start, name


def test_negative_steps_are_refused() -> None:
    with pytest.raises(ValueError, match="steps"):
        optimizer_path(OptimizerConfig(type="sgd", lr=0.1), steps=-1)
