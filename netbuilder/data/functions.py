"""1-D regression: x → f(x) for named target functions (the seed's ReLU pieces first) or a formula."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.formula import evaluate_formula, parse_formula
from netbuilder.data.spec import DatasetSpec, FunctionSpec, spec_from
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)

Target = Callable[[np.ndarray], np.ndarray]


def _relu_pieces(x: np.ndarray) -> np.ndarray:
    """Seed 001: R(x−1) + 3·R(x−4) − 5, a sum of two hinges (kinks at x = 1 and x = 4)."""
    return np.maximum(x - 1.0, 0.0) + 3.0 * np.maximum(x - 4.0, 0.0) - 5.0


def _sawtooth(x: np.ndarray) -> np.ndarray:
    """Period 2, rising from −1 to 1."""
    return x - 2.0 * np.floor((x + 1.0) / 2.0)


_NAMED: dict[str, tuple[Target, float, float]] = {
    # name: (function, default x_min, default x_max)
    "relu-pieces": (_relu_pieces, -2.0, 8.0),
    "sine": (np.sin, -2 * np.pi, 2 * np.pi),
    "abs": (np.abs, -3.0, 3.0),
    "step": (lambda x: (x >= 0).astype(np.float64), -3.0, 3.0),
    "sawtooth": (_sawtooth, -3.0, 3.0),
    "cubic": (lambda x: 0.5 * x**3 - 2.0 * x, -2.5, 2.5),
    "formula": (lambda x: x, -5.0, 5.0),
}


def x_range(spec: FunctionSpec) -> tuple[float, float]:
    """The spec's x interval, with the function's own default for missing ends."""
    _, low, high = _NAMED[spec.function]
    return (spec.x_min if spec.x_min is not None else low, spec.x_max if spec.x_max is not None else high)


def target_function(spec: DatasetSpec | Mapping[str, Any]) -> Target:
    """The noise-free target f for a "function" spec, so that a plot can draw the true curve.

    Raises ``DatasetError`` for a bad formula (parsed once, here).
    """
    parsed = spec_from(spec)
    if not isinstance(parsed, FunctionSpec):
        raise DatasetError(f"kind {parsed.kind!r} has no target function; only 'function' has one")
    if parsed.function == "formula":
        expr = parse_formula(parsed.formula)
        return lambda x: evaluate_formula(expr, x)
    function = _NAMED[parsed.function][0]
    return lambda x: np.asarray(function(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def build_function(spec: FunctionSpec) -> Dataset:
    target = target_function(spec)
    low, high = x_range(spec)
    rng = np.random.default_rng(spec.seed)
    x = rng.uniform(low, high, spec.samples)
    y = target(x)
    if spec.noise > 0:
        y = y + rng.normal(0.0, spec.noise, spec.samples)
    name = spec.formula if spec.function == "formula" else spec.function
    return split_and_assemble(
        x.reshape(-1, 1).astype(np.float32),
        y.reshape(-1, 1).astype(np.float32),
        split=spec.split,
        seed=spec.seed,
        task="regression",
        input_shape=(1,),
        feature_names=["x"],
        normalize=spec.normalize,
        extras={"x_range": (low, high), "target_name": name},
    )
