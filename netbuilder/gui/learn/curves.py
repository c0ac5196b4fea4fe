"""The data of the guide's small plots: an activation and its derivative, a loss against the
prediction, a penalty against a weight. Plain numpy, written from the formulas on the pages."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Curve = tuple[np.ndarray, np.ndarray]  # x, y

LEAKY_SLOPE = 0.01  # LeakyReLU's default negative slope in the catalog


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _activation(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(f(x), f′(x)) for the activation ``name``."""
    if name == "identity":
        return x.copy(), np.ones_like(x)
    if name == "relu":
        return np.maximum(0.0, x), (x > 0).astype(float)
    if name == "leaky_relu":
        return np.where(x > 0, x, LEAKY_SLOPE * x), np.where(x > 0, 1.0, LEAKY_SLOPE)
    if name == "sigmoid":
        s = _sigmoid(x)
        return s, s * (1 - s)
    if name == "tanh":
        t = np.tanh(x)
        return t, 1 - t * t
    if name == "swish":
        s = _sigmoid(x)
        return x * s, s + x * s * (1 - s)
    if name == "softmax":
        # Two classes with scores (x, 0): the first class's probability, e^x / (e^x + e^0).
        p = _sigmoid(x)
        return p, p * (1 - p)
    raise KeyError(name)


def _loss(name: str) -> tuple[np.ndarray, dict[str, Callable[[np.ndarray], np.ndarray]]]:
    """The prediction axis and each curve (by its key) of the loss ``name``."""
    if name in ("mse", "mae"):
        x = np.linspace(-1.0, 3.0, 201)  # a prediction around the target 1
        if name == "mse":
            return x, {"loss": lambda p: (p - 1.0) ** 2, "gradient": lambda p: 2.0 * (p - 1.0)}
        return x, {"loss": lambda p: np.abs(p - 1.0), "gradient": lambda p: np.sign(p - 1.0)}
    x = np.linspace(0.01, 0.99, 197)  # a probability
    if name == "cross_entropy":
        return x, {"loss": lambda p: -np.log(p)}
    if name == "bce":
        return x, {"target 1": lambda p: -np.log(p), "target 0": lambda p: -np.log(1.0 - p)}
    raise KeyError(name)


def plot_curves(plot: str) -> dict[str, Curve]:
    """Every curve of the plot ``plot`` ("activation:relu", "loss:mse", "penalty:l2"), by key.

    Activations have ``f`` and ``derivative``; losses ``loss`` (and ``gradient``), BCE one curve per
    target; penalties ``penalty`` and ``gradient``. Unknown plots raise ``KeyError``.
    """
    family, _, name = plot.partition(":")
    if family == "activation":
        x = np.linspace(-5.0, 5.0, 201)
        y, dy = _activation(name, x)
        return {"f": (x, y), "derivative": (x, dy)}
    if family == "loss":
        x, functions = _loss(name)
        return {key: (x, function(x)) for key, function in functions.items()}
    if family == "penalty":
        w = np.linspace(-2.0, 2.0, 201)
        if name == "l1":
            return {"penalty": (w, np.abs(w)), "gradient": (w, np.sign(w))}
        if name == "l2":
            return {"penalty": (w, w * w), "gradient": (w, 2.0 * w)}
    raise KeyError(plot)
