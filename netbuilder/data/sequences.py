"""Sequence sets for recurrent and attention models: next-value sine and the sign of a ±1/0 sum."""

from __future__ import annotations

import logging

import numpy as np

from netbuilder.data.dataset import Dataset
from netbuilder.data.spec import SequenceSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)

#: Angle between two consecutive samples of the sine (about 21 samples per period).
SINE_STEP = 0.3
#: Token ids of sequence-sum's embedding variant: id = value + 1.
TOKEN_VALUES = (-1, 0, 1)


def _sine_next(spec: SequenceSpec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Windows of a noisy sine with random phase and a slightly random frequency.

    The target is the next *clean* value, so a good model's loss can approach zero rather than the
    noise floor.
    """
    phase = rng.uniform(0, 2 * np.pi, (spec.samples, 1))
    frequency = rng.uniform(0.8, 1.2, (spec.samples, 1))
    t = np.arange(spec.length + 1)[None, :] * SINE_STEP
    clean = np.sin(frequency * t + phase)
    window = clean[:, :-1] + rng.normal(0.0, spec.noise, (spec.samples, spec.length))
    return window[:, :, None].astype(np.float32), clean[:, -1:].astype(np.float32)


def _sequence_sum(spec: SequenceSpec, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random −1/0/+1 sequences; class 1 when the sum is positive."""
    values = rng.integers(-1, 2, (spec.samples, spec.length))
    labels = (values.sum(axis=1) > 0).astype(np.int64)
    if spec.tokens:
        return values + 1, labels
    noisy = values + rng.normal(0.0, spec.noise, values.shape)
    return noisy[:, :, None].astype(np.float32), labels


def build_sequence(spec: SequenceSpec) -> Dataset:
    rng = np.random.default_rng(spec.seed)
    steps = [f"t{i}" for i in range(spec.length)]
    if spec.kind == "sine-next":
        x, y = _sine_next(spec, rng)
        return split_and_assemble(
            x, y, split=spec.split, seed=spec.seed, task="regression", input_shape=(spec.length, 1),
            feature_names=steps, normalize=spec.normalize,
        )  # fmt: skip
    x, y = _sequence_sum(spec, rng)
    return split_and_assemble(
        x,
        y,
        split=spec.split,
        seed=spec.seed,
        task="classification",
        input_shape=(spec.length,) if spec.tokens else (spec.length, 1),
        feature_names=steps,
        class_names=["sum ≤ 0", "sum > 0"],
        num_classes=2,
        input_dtype="int64" if spec.tokens else "float32",
        normalize=spec.normalize,
        extras={"vocab_size": len(TOKEN_VALUES), "token_values": list(TOKEN_VALUES)} if spec.tokens else None,
    )
