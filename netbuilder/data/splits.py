"""Seeded train/val/test splits, normalisation statistics, and the numpy → Dataset assembly."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from netbuilder.data.dataset import SPLIT_NAMES, Dataset
from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

#: Split fractions used when the spec says "auto" and there are enough rows.
DEFAULT_FRACTIONS = (0.7, 0.15, 0.15)
#: Below this many rows, "auto" means "none": a 3-row table cannot be split into three useful parts.
TINY_ROWS = 20

Split = tuple[float, float, float] | str
SplitIndices = tuple[np.ndarray, np.ndarray, np.ndarray]


def resolve_split(split: Split, n: int) -> tuple[float, float, float] | None:
    """Turn a spec's split into fractions, or None for "every split is every row"."""
    if isinstance(split, str):
        if split == "none":
            return None
        if split == "auto":
            return None if n < TINY_ROWS else DEFAULT_FRACTIONS
        raise DatasetError(f"field 'split': {split!r} is not 'auto', 'none' or three fractions")
    return split


def split_indices(n: int, split: Split, rng: np.random.Generator, labels: np.ndarray | None = None) -> SplitIndices:
    """Seeded index sets for train/val/test.

    With class ``labels`` the split is stratified (each class is spread over the splits in proportion),
    so small validation sets still see every class.
    """
    if n == 0:
        raise DatasetError("the dataset has no samples")
    fractions = resolve_split(split, n)
    if fractions is None:
        everything = np.arange(n)
        return everything, everything.copy(), everything.copy()
    counts = _split_counts(n, fractions)
    order = rng.permutation(n)
    if labels is not None:
        return _stratified(order, labels, counts, rng)
    train_end = counts[0]
    val_end = counts[0] + counts[1]
    return order[:train_end], order[train_end:val_end], order[val_end:]


def _split_counts(n: int, fractions: tuple[float, float, float]) -> tuple[int, int, int]:
    n_val = round(n * fractions[1])
    n_test = round(n * fractions[2])
    # A split the user asked for must not come out empty just because of rounding.
    if fractions[1] > 0 and n_val == 0:
        n_val = 1
    if fractions[2] > 0 and n_test == 0:
        n_test = 1
    n_train = n - n_val - n_test
    if n_train < 1:
        raise DatasetError(
            f"field 'split': {n} samples cannot be split {fractions[0]:g}/{fractions[1]:g}/{fractions[2]:g}; "
            "use more samples or split 'none'"
        )
    return n_train, n_val, n_test


def _stratified(
    order: np.ndarray, labels: np.ndarray, counts: tuple[int, int, int], rng: np.random.Generator
) -> SplitIndices:
    """Exact split sizes, with every class spread over the splits in proportion.

    Each sample gets its relative position within its own class (in the random ``order``); sorting
    by that position and cutting at the split sizes takes the same share of every class.
    """
    shuffled_labels = labels[order]
    position = np.empty(len(order), dtype=np.float64)
    for value in np.unique(shuffled_labels):
        members = np.flatnonzero(shuffled_labels == value)
        position[members] = (np.arange(len(members)) + 0.5) / len(members)
    ranked = order[np.argsort(position, kind="stable")]
    train_end = counts[0]
    val_end = counts[0] + counts[1]
    # shuffle within each split so that the classes do not come in a regular pattern
    return (
        rng.permutation(ranked[:train_end]),
        rng.permutation(ranked[train_end:val_end]),
        rng.permutation(ranked[val_end:]),
    )


def fit_normalization(x_train: np.ndarray, input_shape: tuple[int, ...]) -> dict[str, Any]:
    """Mean/std of the training inputs: per feature for vectors, per channel for images and sequences.

    ``shape`` is the broadcast shape of ``mean``/``std`` against one sample, so that
    ``apply_normalization`` works on one sample and on a batch alike. A constant feature gets std 1
    (it would otherwise divide by zero).
    """
    if x_train.shape[0] == 0:
        raise DatasetError("field 'normalize': the training split is empty")
    if len(input_shape) == 1:
        axes: tuple[int, ...] = (0,)
        shape = [input_shape[0]]
    elif len(input_shape) == 2:  # sequence (time, features): one statistic per feature
        axes = (0, 1)
        shape = [1, input_shape[1]]
    else:  # image (channels, h, w): one statistic per channel
        axes = (0, *range(2, len(input_shape) + 1))
        shape = [input_shape[0]] + [1] * (len(input_shape) - 1)
    data = x_train.astype(np.float64).reshape(len(x_train), *input_shape)
    mean = data.mean(axis=axes).reshape(-1)
    std = data.std(axis=axes).reshape(-1)
    std[std < 1e-12] = 1.0
    return {"mean": mean.tolist(), "std": std.tolist(), "shape": shape}


def apply_normalization(x: torch.Tensor, normalization: Mapping[str, Any] | None) -> torch.Tensor:
    """Standardise ``x`` (one sample or a batch) with statistics from ``Dataset.normalization``."""
    if normalization is None:
        return x
    mean = torch.as_tensor(normalization["mean"], dtype=torch.float32)
    std = torch.as_tensor(normalization["std"], dtype=torch.float32)
    shape: Sequence[int] = normalization.get("shape") or [mean.numel()]
    return ((x.to(torch.float32) - mean.reshape(*shape)) / std.reshape(*shape)).contiguous()


def assemble(
    parts: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    task: str,
    input_shape: tuple[int, ...],
    feature_names: list[str],
    class_names: list[str] | None = None,
    num_classes: int | None = None,
    input_dtype: str = "float32",
    normalize: bool = False,
    extras: dict[str, Any] | None = None,
) -> Dataset:
    """Build a ``Dataset`` from numpy ``(x, y)`` per split, normalising with training statistics."""
    normalization = None
    if normalize:
        if input_dtype != "float32":
            raise DatasetError("field 'normalize': token-id inputs cannot be standardised; set it to false")
        normalization = fit_normalization(parts["train"][0], input_shape)
    tensors: dict[str, torch.Tensor] = {}
    # from the training split, which is never empty: an empty val/test split cannot infer its width
    target_width = int(np.prod(parts["train"][1].shape[1:], dtype=np.int64)) if parts["train"][1].ndim > 1 else 1
    for name in SPLIT_NAMES:
        x, y = parts[name]
        x_dtype = torch.int64 if input_dtype == "int64" else torch.float32
        x_tensor = torch.from_numpy(np.ascontiguousarray(x)).to(x_dtype).reshape(len(x), *input_shape)
        if normalization is not None:
            x_tensor = apply_normalization(x_tensor, normalization)
        if task == "classification":
            y_tensor = torch.from_numpy(np.ascontiguousarray(y)).to(torch.int64).reshape(len(y))
        else:
            y_tensor = torch.from_numpy(np.ascontiguousarray(y)).to(torch.float32).reshape(len(y), target_width)
        tensors["x_" + name] = x_tensor.contiguous()
        tensors["y_" + name] = y_tensor.contiguous()
    if task == "classification":
        if num_classes is None:
            num_classes = (
                len(class_names) if class_names else int(max(int(parts[n][1].max(initial=0)) for n in SPLIT_NAMES)) + 1
            )
        output_size = num_classes
    else:
        output_size = int(tensors["y_train"].shape[1]) if tensors["y_train"].ndim == 2 else 1
        num_classes = None
        class_names = None
    return Dataset(
        task=task,
        input_shape=tuple(input_shape),
        output_size=output_size,
        num_classes=num_classes,
        feature_names=list(feature_names),
        class_names=list(class_names) if class_names is not None else None,
        input_dtype=input_dtype,
        normalization=normalization,
        extras=dict(extras or {}),
        **tensors,
    )


def split_and_assemble(
    x: np.ndarray,
    y: np.ndarray,
    *,
    split: Split,
    seed: int,
    task: str,
    input_shape: tuple[int, ...],
    feature_names: list[str],
    per_row_extras: Mapping[str, np.ndarray] | None = None,
    **kwargs: Any,
) -> Dataset:
    """Split full arrays with a seeded generator, then ``assemble``.

    ``per_row_extras`` (e.g. raw 2-D points) are split along with the rows and stored as
    ``extras[f"{key}_{split}"]`` tensors.
    """
    rng = np.random.default_rng([seed, 0x5EED])  # a stream of its own, independent of data generation
    labels = y if task == "classification" else None
    indices = split_indices(len(x), split, rng, labels)
    parts = {name: (x[idx], y[idx]) for name, idx in zip(SPLIT_NAMES, indices, strict=True)}
    extras: dict[str, Any] = dict(kwargs.pop("extras", None) or {})
    for key, values in (per_row_extras or {}).items():
        for name, idx in zip(SPLIT_NAMES, indices, strict=True):
            extras[f"{key}_{name}"] = torch.from_numpy(np.ascontiguousarray(values[idx])).to(torch.float32)
    return assemble(parts, task=task, input_shape=input_shape, feature_names=feature_names, extras=extras, **kwargs)
