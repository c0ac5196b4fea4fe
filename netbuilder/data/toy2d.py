"""2-D classification sets in the style of TensorFlow Playground, and their engineered features.

Coordinates use the Playground's scale (points within about ±6) so that features such as sin(x1) mean
the same as there. Noise moves the points themselves; a point keeps the class it was drawn from, so
noisy classes overlap the way real data does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np
import torch

from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.spec import TOY_FEATURES, ToySpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)

#: Half-width of the square the decision-boundary view should show (the Playground's ±6).
PLANE_EXTENT = 6.0

_FEATURES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin(x1)": lambda a, b: torch.sin(a),
    "sin(x2)": lambda a, b: torch.sin(b),
}
assert tuple(_FEATURES) == TOY_FEATURES


def featurize(points_2d: torch.Tensor, features: Sequence[str]) -> torch.Tensor:
    """Map raw plane points ``(N, 2)`` to the model's inputs ``(N, len(features))`` (float32).

    The GUI calls this on a grid of plane points to draw the decision boundary with the very features
    the model was trained on (then ``apply_normalization`` if the dataset was normalised).
    """
    if points_2d.ndim != 2 or points_2d.shape[1] != 2:
        raise DatasetError(f"featurize expects points of shape (N, 2), got {tuple(points_2d.shape)}")
    points = points_2d.to(torch.float32)
    a, b = points[:, 0], points[:, 1]
    columns = []
    for name in features:
        if name not in _FEATURES:
            raise DatasetError(f"field 'features': {name!r} is not one of {', '.join(TOY_FEATURES)}")
        columns.append(_FEATURES[name](a, b))
    return torch.stack(columns, dim=1).contiguous()


def _halves(samples: int) -> tuple[int, int]:
    return samples // 2, samples - samples // 2


def _circle(rng: np.random.Generator, samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Class 0: a disc of radius 2.5 in the middle; class 1: a ring from 3.5 to 5 around it."""
    radius = 5.0
    n_inner, n_outer = _halves(samples)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_inner), rng.uniform(radius * 0.7, radius, n_outer)])
    angle = rng.uniform(0, 2 * np.pi, samples)
    points = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    points += rng.uniform(-radius, radius, (samples, 2)) * noise
    labels = np.concatenate([np.zeros(n_inner), np.ones(n_outer)])
    return points, labels


def _xor(rng: np.random.Generator, samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants; class 1 where x1·x2 ≥ 0. A gap of 0.3 keeps clean points off the axes.

    Unlike the Playground (uniform over the square) each class gets exactly half the points, so that
    accuracy numbers are not skewed by chance imbalance.
    """
    padding = 0.3
    counts = _halves(samples)
    magnitude = rng.uniform(0, 5, (samples, 2)) + padding
    sign_a = rng.choice([-1.0, 1.0], samples)
    # class 0: opposite signs (quadrants 2 and 4); class 1: equal signs (quadrants 1 and 3)
    sign_b = np.concatenate([-sign_a[: counts[0]], sign_a[counts[0] :]])
    points = magnitude * np.stack([sign_a, sign_b], axis=1)
    labels = np.concatenate([np.zeros(counts[0]), np.ones(counts[1])])
    points += rng.uniform(-5, 5, (samples, 2)) * noise
    return points, labels


def _gaussians(rng: np.random.Generator, samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs at (2, 2) and (−2, −2); the Playground maps noise 0..0.5 to variance 0.5..4."""
    std = np.sqrt(0.5 + 7.0 * noise)
    n_a, n_b = _halves(samples)
    centres = np.concatenate([np.tile([2.0, 2.0], (n_a, 1)), np.tile([-2.0, -2.0], (n_b, 1))])
    points = centres + rng.normal(0.0, std, (samples, 2))
    labels = np.concatenate([np.zeros(n_a), np.ones(n_b)])
    return points, labels


def _spiral(rng: np.random.Generator, samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals, 1.75 turns each, radius growing to 5 (the Playground's construction)."""
    arms = []
    for label, (count, delta) in enumerate(zip(_halves(samples), (0.0, np.pi), strict=True)):
        i = np.arange(count)
        r = i / count * 5.0
        t = 1.75 * i / count * 2 * np.pi + delta
        arm = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        arm += rng.uniform(-1, 1, (count, 2)) * noise
        arms.append((arm, np.full(count, float(label))))
    return np.concatenate([a for a, _ in arms]), np.concatenate([lab for _, lab in arms])


def _moons(rng: np.random.Generator, samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (like scikit-learn's make_moons), centred and scaled ×3."""
    n_a, n_b = _halves(samples)
    t_a = rng.uniform(0, np.pi, n_a)
    t_b = rng.uniform(0, np.pi, n_b)
    upper = np.stack([np.cos(t_a), np.sin(t_a)], axis=1)
    lower = np.stack([1 - np.cos(t_b), 0.5 - np.sin(t_b)], axis=1)
    points = np.concatenate([upper, lower]) - np.array([0.5, 0.25])
    points += rng.normal(0.0, noise, points.shape)
    labels = np.concatenate([np.zeros(n_a), np.ones(n_b)])
    return points * 3.0, labels


_GENERATORS: dict[str, Callable[[np.random.Generator, int, float], tuple[np.ndarray, np.ndarray]]] = {
    "circle": _circle,
    "xor": _xor,
    "gaussians": _gaussians,
    "spiral": _spiral,
    "moons": _moons,
}

_CLASS_NAMES: dict[str, list[str]] = {
    "circle": ["inside", "outside"],
    "xor": ["x1·x2 < 0", "x1·x2 ≥ 0"],
    "gaussians": ["blob (2, 2)", "blob (−2, −2)"],
    "spiral": ["arm 1", "arm 2"],
    "moons": ["upper moon", "lower moon"],
}


def toy_points(spec: ToySpec) -> tuple[np.ndarray, np.ndarray]:
    """The raw points ``(N, 2)`` and labels ``(N,)`` of a toy spec, before splitting."""
    rng = np.random.default_rng(spec.seed)
    points, labels = _GENERATORS[spec.kind](rng, spec.samples, spec.noise)
    return points.astype(np.float32), labels.astype(np.int64)


def build_toy(spec: ToySpec) -> Dataset:
    points, labels = toy_points(spec)
    features = list(spec.features)
    x = featurize(torch.from_numpy(points), features).numpy()
    return split_and_assemble(
        x,
        labels,
        split=spec.split,
        seed=spec.seed,
        task="classification",
        input_shape=(len(features),),
        feature_names=features,
        class_names=_CLASS_NAMES[spec.kind],
        num_classes=2,
        normalize=spec.normalize,
        per_row_extras={"points": points},
        extras={"plane_extent": PLANE_EXTENT, "features": features},
    )
