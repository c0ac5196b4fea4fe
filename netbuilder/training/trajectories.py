"""Optimiser paths on a 2-D bowl, computed with the optimisers training uses (the concept guide's plot).

The bowl ``L(x, y) = ½(a·x² + b·y²)`` is stretched (b ≫ a) on purpose: plain SGD then zig-zags across
the steep direction and crawls along the shallow one, momentum smooths the zig-zag, and Adam's
per-coordinate scaling moves both coordinates at about the same speed — the point the guide makes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from netbuilder.training.config import OptimizerConfig
from netbuilder.training.optim import make_optimizer

BOWL_CURVATURE: tuple[float, float] = (1.0, 10.0)
BOWL_START: tuple[float, float] = (-4.0, 2.0)


@dataclass(frozen=True)
class PathSetting:
    """One optimiser to trace: its name on the plot and its settings."""

    name: str
    optimizer: OptimizerConfig


# Rates chosen so that each optimiser shows its character within 40 steps on the default bowl: SGD
# near its stability limit (2/b = 0.2) zig-zags, momentum overshoots and settles, Adam does not zig-zag.
DEFAULT_SETTINGS: tuple[PathSetting, ...] = (
    PathSetting("SGD", OptimizerConfig(type="sgd", lr=0.18)),
    PathSetting("SGD + momentum", OptimizerConfig(type="sgd", lr=0.05, momentum=0.8)),
    PathSetting("Adam", OptimizerConfig(type="adam", lr=0.3)),
)


def bowl_loss(x: np.ndarray, y: np.ndarray, curvature: tuple[float, float] = BOWL_CURVATURE) -> np.ndarray:
    """The bowl's height at ``(x, y)`` (element-wise, for contour images)."""
    a, b = curvature
    return 0.5 * (a * np.asarray(x) ** 2 + b * np.asarray(y) ** 2)


def optimizer_path(
    optimizer: OptimizerConfig,
    steps: int = 40,
    start: tuple[float, float] = BOWL_START,
    curvature: tuple[float, float] = BOWL_CURVATURE,
) -> np.ndarray:
    """The ``(steps + 1, 2)`` points the optimiser visits from ``start``, the start included."""
    if steps < 0:
        raise ValueError(f"steps must be ≥ 0, got {steps}")
    scale = torch.tensor(curvature, dtype=torch.float64)
    point = torch.nn.Parameter(torch.tensor(start, dtype=torch.float64))
    opt = make_optimizer([point], optimizer)
    path = np.empty((steps + 1, 2))
    path[0] = start
    for step in range(1, steps + 1):
        opt.zero_grad()
        loss = 0.5 * (scale * point**2).sum()
        loss.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward untyped
        opt.step()
        path[step] = point.detach().numpy()
    return path


def optimizer_paths(
    settings: tuple[PathSetting, ...] = DEFAULT_SETTINGS,
    steps: int = 40,
    start: tuple[float, float] = BOWL_START,
    curvature: tuple[float, float] = BOWL_CURVATURE,
) -> dict[str, np.ndarray]:
    """Each setting's path from the same start on the same bowl, by name."""
    return {s.name: optimizer_path(s.optimizer, steps, start, curvature) for s in settings}
