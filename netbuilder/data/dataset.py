"""The built dataset: train/val/test tensors plus the metadata every other package needs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import torch

from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

SPLIT_NAMES = ("train", "val", "test")
# More classes than any real dataset has (ImageNet-21k: 21,841); one stray label of 2e9 would
# otherwise build 2e9 class names and a 2e9-wide output.
MAX_CLASSES = 100_000


def class_count(labels: Any, where: str, path: str | None = None) -> int:
    """The number of classes that integer ``labels`` (a numpy array) use, checked before anything is built.

    Labels must be class indices 0, 1, … below :data:`MAX_CLASSES`; the message names ``where`` and ``path``.
    """
    if labels.size == 0:
        return 0
    low, high = int(labels.min()), int(labels.max())
    if low < 0:
        raise DatasetError(f"{where}: labels must be class indices 0, 1, …; found {low}", path=path)
    if high >= MAX_CLASSES:
        raise DatasetError(
            f"{where}: label {high} would mean {high + 1} classes; at most {MAX_CLASSES} are supported "
            "(labels must be class indices 0, 1, …)",
            path=path,
        )
    return high + 1


@dataclass
class Dataset:
    """Tensors for the three splits and what a model needs to know about them.

    Inputs are float32 (int64 for token ids) of shape ``(N, *input_shape)``; classification targets are
    int64 class indices of shape ``(N,)``; regression targets are float32 of shape ``(N, output_size)``.
    All tensors are contiguous and on the CPU.

    ``extras`` holds kind-specific data that is not model input. The 2-D toy kinds store the raw
    plane points as ``points_train`` / ``points_val`` / ``points_test`` (float32, ``(N, 2)``) and
    ``plane_extent`` (half-width of the square to plot), because the decision-boundary view plots x1/x2
    even when the model sees engineered features. Token kinds store ``vocab_size``.
    """

    task: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    input_shape: tuple[int, ...]
    output_size: int
    num_classes: int | None
    feature_names: list[str]
    class_names: list[str] | None
    input_dtype: str = "float32"
    normalization: dict[str, Any] | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def split(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``(x, y)`` of the split called ``name`` ("train", "val" or "test")."""
        if name == "train":
            return self.x_train, self.y_train
        if name == "val":
            return self.x_val, self.y_val
        if name == "test":
            return self.x_test, self.y_test
        raise DatasetError(f"unknown split {name!r}; splits are train, val, test")

    def sizes(self) -> dict[str, int]:
        """Number of samples per split."""
        return {name: int(self.split(name)[0].shape[0]) for name in SPLIT_NAMES}

    @property
    def is_classification(self) -> bool:
        return self.task == "classification"
