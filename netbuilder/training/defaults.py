"""Training settings that suit the data: what Train uses for every setting the project leaves unset.

TrainConfig's own defaults (Adam at 0.001, 20 epochs) suit no dataset in particular: a reasonable
network built by hand for the spiral reached 56 % with them, and 100 % with a learning rate of 0.02
and 200 epochs. So the learning rate follows the kind of data (small 2-D and 1-D sets take large
steps; images and tables of many features small ones) and the epochs follow its size, aiming at a
number of optimiser steps that such a network needs. Only unset values are filled in: a value the
person set always wins. The CLI, the training process and the Training panel all use this one rule.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from netbuilder.core.errors import NetBuilderError

TOY_KINDS = ("circle", "xor", "gaussians", "spiral", "moons")
SEQUENCE_KINDS = ("sine-next", "sequence-sum")
BATCH_SIZE = 32
TRAIN_SHARE = 0.7  # the automatic split keeps about this much for training


@dataclass(frozen=True)
class Suggestion:
    """Settings for a dataset and why; ``values`` uses the project file's training keys."""

    lr: float
    epochs: int
    steps: int  # the optimiser steps the epochs amount to
    why: str

    @property
    def values(self) -> dict[str, Any]:
        return {"optimizer": {"type": "adam", "lr": self.lr}, "epochs": self.epochs, "batch_size": BATCH_SIZE}


def _samples(spec: dict[str, Any]) -> int | None:
    try:
        from netbuilder.data.spec import DatasetSpec

        full = DatasetSpec.from_dict(spec).to_dict()
    except (NetBuilderError, ValueError, TypeError):
        return None
    value = full.get("samples")
    return int(value) if isinstance(value, int) else None


def suggest(spec: dict[str, Any]) -> Suggestion | None:
    """Adam settings for the dataset section ``spec`` (None when no dataset is chosen)."""
    kind = spec.get("kind")
    if not isinstance(kind, str) or not kind:
        return None
    samples = _samples(spec)
    if kind in TOY_KINDS:
        lr, target, what = 0.02, 2500, "2-D points"
    elif kind == "function":
        lr, target, what = 0.01, 4000, "a 1-D function"
    elif kind in SEQUENCE_KINDS:
        lr, target, what = 0.005, 3000, "sequences"
    elif kind == "digits":
        lr, target, what, samples = 0.001, 1500, "8×8 images", 1797
    elif kind == "idx":
        lr, target, what, samples = 0.001, 5000, "28×28 images", 60_000
    else:
        lr, target, what = 0.001, 3000, "a table of features"
    per_epoch = math.ceil(max(1, round((samples or 1000) * TRAIN_SHARE)) / BATCH_SIZE)
    epochs = int(min(500, max(5, round(target / per_epoch))))
    size = f"{samples:,} samples" if samples else "its samples"
    return Suggestion(
        lr, epochs, epochs * per_epoch, f"Adam, learning rate {lr:g} and {epochs} epochs suit {what} ({size})"
    )


def effective_training(training: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """``training`` with the suggestion for ``spec`` filled in where it sets nothing."""
    suggestion = suggest(spec)
    result = copy.deepcopy(training)
    if suggestion is None:
        return result
    values = suggestion.values
    optimizer = result.get("optimizer")
    if optimizer is None:
        result["optimizer"] = values["optimizer"]
    elif isinstance(optimizer, dict) and "lr" not in optimizer and optimizer.get("type", "adam") == "adam":
        result["optimizer"] = {**optimizer, "lr": suggestion.lr}
    elif isinstance(optimizer, str) and optimizer.strip().lower() == "adam":
        result["optimizer"] = {"type": "adam", "lr": suggestion.lr}
    for key in ("epochs", "batch_size"):
        result.setdefault(key, values[key])
    return result


def unset_keys(training: dict[str, Any]) -> list[str]:
    """Which of the suggested settings ``training`` leaves to the suggestion."""
    optimizer = training.get("optimizer")
    keys = []
    if optimizer is None or (isinstance(optimizer, dict) and "lr" not in optimizer) or isinstance(optimizer, str):
        keys.append("optimizer.lr")
    keys.extend(key for key in ("epochs", "batch_size") if key not in training)
    return keys
