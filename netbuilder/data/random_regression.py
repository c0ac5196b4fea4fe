"""Seed 004's random regression data ``X ∈ R^{N×F}`` with a target a network can actually learn."""

from __future__ import annotations

import logging

import numpy as np

from netbuilder.data.dataset import Dataset
from netbuilder.data.spec import RandomRegressionSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)


def build_random_regression(spec: RandomRegressionSpec) -> Dataset:
    """y = X·w + b + noise with w, b drawn once from the seed.

    The seed's own example used pure noise as targets, where no model can beat predicting the mean;
    a fixed linear map (scaled so that y has about unit variance) makes the falling loss meaningful.
    """
    rng = np.random.default_rng(spec.seed)
    x = rng.normal(0.0, 1.0, (spec.samples, spec.features))
    weights = rng.normal(0.0, 1.0 / np.sqrt(spec.features), (spec.features, spec.outputs))
    bias = rng.normal(0.0, 0.5, spec.outputs)
    y = x @ weights + bias + rng.normal(0.0, spec.noise, (spec.samples, spec.outputs))
    return split_and_assemble(
        x.astype(np.float32),
        y.astype(np.float32),
        split=spec.split,
        seed=spec.seed,
        task="regression",
        input_shape=(spec.features,),
        feature_names=[f"x{i + 1}" for i in range(spec.features)],
        normalize=spec.normalize,
        extras={"weights": weights.astype(np.float32).tolist(), "bias": bias.astype(np.float32).tolist()},
    )
