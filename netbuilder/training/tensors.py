"""``TrainData``: the dataset splits as tensors on the training device (built from a ``data`` Dataset)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from netbuilder.training.errors import TrainingError


def _tensor(value: Any) -> torch.Tensor | None:
    if value is None:
        return None
    tensor = value if isinstance(value, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(value))
    if tensor.dtype == torch.float64:
        tensor = tensor.float()
    return tensor if tensor.shape[0] > 0 else None


@dataclass
class TrainData:
    """In-memory splits; ``x_val``/``x_test`` may be None. Classification targets are int64 class ids."""

    task: str  # "classification" | "regression"
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor | None = None
    y_val: torch.Tensor | None = None
    x_test: torch.Tensor | None = None
    y_test: torch.Tensor | None = None
    num_classes: int | None = None
    class_names: list[str] | None = None

    @classmethod
    def from_arrays(
        cls,
        task: str,
        x_train: Any,
        y_train: Any,
        x_val: Any = None,
        y_val: Any = None,
        x_test: Any = None,
        y_test: Any = None,
        num_classes: int | None = None,
        class_names: list[str] | None = None,
    ) -> TrainData:
        xt, yt = _tensor(x_train), _tensor(y_train)
        if xt is None or yt is None:
            raise TrainingError("the training split is empty")
        return cls(
            task, xt, yt, _tensor(x_val), _tensor(y_val), _tensor(x_test), _tensor(y_test), num_classes, class_names
        )

    @classmethod
    def from_dataset(cls, dataset: Any) -> TrainData:
        """Adapt a :func:`netbuilder.data.build_dataset` result (numpy arrays) without copying."""
        return cls.from_arrays(
            dataset.task,
            dataset.x_train,
            dataset.y_train,
            dataset.x_val,
            dataset.y_val,
            dataset.x_test,
            dataset.y_test,
            getattr(dataset, "num_classes", None),
            list(getattr(dataset, "class_names", None) or []) or None,
        )

    def split(self, name: str) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        return getattr(self, f"x_{name}"), getattr(self, f"y_{name}")
