"""What the GUI needs to point the probes at a dataset: the plane featuriser and the 1-D range.

These bridge ``data`` and the probes so that the GUI does not re-implement feature engineering or
normalisation: the decision grid is computed over raw plane points and passed through exactly the
transformation the training inputs went through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from netbuilder.data import apply_normalization, featurize


def plane_featurizer(dataset: Any) -> tuple[Callable[[torch.Tensor], torch.Tensor], float]:
    """(points (N, 2) → model inputs, half-width of the plane) for a 2-D toy dataset."""
    features = tuple(dataset.extras.get("features", ("x1", "x2")))
    normalization = dataset.normalization
    extent = float(dataset.extras.get("plane_extent", 6.0))

    def to_inputs(points: torch.Tensor) -> torch.Tensor:
        return apply_normalization(featurize(points, features), normalization)

    return to_inputs, extent


def function_range(dataset: Any) -> tuple[float, float]:
    """The raw x interval of a 1-D function dataset (for hinges, breakpoints and curves)."""
    if "x_range" in dataset.extras:
        low, high = dataset.extras["x_range"]
        return float(low), float(high)
    x = dataset.x_train
    return float(x.min()), float(x.max())


def input_scaling(dataset: Any) -> tuple[float, float] | None:
    """(mean, std) used to standardise a 1-D input, or None: pass it to :func:`hinge_decomposition`."""
    normalization = dataset.normalization
    if not normalization:
        return None
    return float(normalization["mean"][0]), float(normalization["std"][0])
