"""The final report of a run: the trainer's own evaluation of the held-out split, kept for the views.

The trainer builds it from the very outputs it computes its final metrics from
(:meth:`netbuilder.training.trainer.Trainer.run`), with the one prediction rule of
:func:`netbuilder.training.metrics.predict_classes`, so a Results view can never disagree with the
numbers the trainer (and the CLI) report. It is plain data: it crosses the process pipe and is saved
with a run as JSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

# A regression report keeps at most this many (true, predicted) rows for its scatter plot; the metrics
# are computed on every row before the thinning.
MAX_SCATTER_ROWS = 5000


@dataclass(frozen=True)
class Report:
    """The evaluated split's metrics, and a confusion matrix or predicted-vs-true values."""

    task: str  # "classification" | "regression"
    split: str  # "test", "val" or "train": the split the metrics are about
    metrics: dict[str, float]
    confusion: np.ndarray | None = None  # (classes, classes) counts, rows true, columns predicted
    class_names: tuple[str, ...] | None = None
    # Regression: (rows, outputs) values for the scatter. Classification: (rows,) true and predicted
    # classes in the split's order, so a confusion-matrix cell can name the samples it counts.
    y_true: np.ndarray | None = None
    y_pred: np.ndarray | None = None

    def cell_samples(self, true: int, predicted: int) -> np.ndarray:
        """Row indexes of the split whose true class is ``true`` and predicted class ``predicted``
        (empty when the report keeps no per-row classes: runs saved before it did)."""
        if self.task != "classification" or self.y_true is None or self.y_pred is None:
            return np.empty(0, dtype=np.int64)
        truth = self.y_true.reshape(-1).astype(np.int64)
        guess = self.y_pred.reshape(-1).astype(np.int64)
        return np.flatnonzero((truth == true) & (guess == predicted))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready values (non-finite metrics become None)."""
        return {
            "task": self.task,
            "split": self.split,
            "metrics": {k: (v if math.isfinite(v) else None) for k, v in self.metrics.items()},
            "confusion": None if self.confusion is None else self.confusion.astype(int).tolist(),
            "class_names": None if self.class_names is None else list(self.class_names),
            "y_true": None if self.y_true is None else self.y_true.tolist(),
            "y_pred": None if self.y_pred is None else self.y_pred.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """The inverse of :meth:`to_json`; raises ``ValueError``/``TypeError``/``KeyError`` on bad data."""

        def array(key: str, dtype: Any) -> np.ndarray | None:
            value = data.get(key)
            return None if value is None else np.asarray(value, dtype=dtype)

        metrics = {str(k): (math.nan if v is None else float(v)) for k, v in dict(data["metrics"]).items()}
        names = data.get("class_names")
        return cls(
            task=str(data["task"]),
            split=str(data["split"]),
            metrics=metrics,
            confusion=array("confusion", np.int64),
            class_names=None if names is None else tuple(str(n) for n in names),
            y_true=array("y_true", np.float64),
            y_pred=array("y_pred", np.float64),
        )


def classification_report(
    split: str,
    truth: np.ndarray,
    predicted: np.ndarray,
    metrics: dict[str, float],
    classes: int,
    class_names: list[str] | None,
) -> Report:
    from netbuilder.training.metrics import confusion_matrix

    names = class_names if class_names and len(class_names) == classes else [str(i) for i in range(classes)]
    return Report(
        "classification",
        split,
        dict(metrics),
        confusion=confusion_matrix(truth, predicted, classes),
        class_names=tuple(names),
        y_true=np.asarray(truth, dtype=np.int64).reshape(-1),
        y_pred=np.asarray(predicted, dtype=np.int64).reshape(-1),
    )


def regression_report(split: str, truth: np.ndarray, guess: np.ndarray, metrics: dict[str, float]) -> Report:
    rows = len(truth)
    truth = truth.reshape(rows, -1)
    guess = guess.reshape(rows, -1)
    if rows > MAX_SCATTER_ROWS:
        keep = np.linspace(0, rows - 1, MAX_SCATTER_ROWS).round().astype(np.int64)
        truth, guess = truth[keep], guess[keep]
    return Report("regression", split, dict(metrics), y_true=truth.astype(np.float64), y_pred=guess.astype(np.float64))
