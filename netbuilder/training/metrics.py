"""Classification and regression metrics in numpy (no scikit-learn).

Macro averages follow scikit-learn's convention: over every class that occurs in the labels or the
predictions, with 0 where a ratio is 0/0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ArrayLike = npt.ArrayLike


def predict_classes(output: np.ndarray, output_is_probability: bool) -> np.ndarray:
    """Class ids from a network's outputs: the one prediction rule of every metric, report and view.

    Several outputs: the largest wins. One output (binary): above 0.5 when it is a probability (a
    final Sigmoid the loss does not fold), above 0 when it is a logit. The rule follows what the
    output *is*, never the range of the values seen (logits can all be positive).
    """
    out = np.asarray(output)
    if out.ndim > 1 and out.shape[-1] > 1:
        classes: np.ndarray = out.argmax(-1).astype(np.int64)
        return classes
    threshold = 0.5 if output_is_probability else 0.0
    binary: np.ndarray = (out.reshape(-1) > threshold).astype(np.int64)
    return binary


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, num_classes: int | None = None) -> np.ndarray:
    """``cm[i, j]`` = samples of true class i predicted as class j."""
    t = np.asarray(y_true, dtype=np.int64).reshape(-1)
    p = np.asarray(y_pred, dtype=np.int64).reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"labels and predictions differ in length ({t.size} vs {p.size})")
    n = num_classes if num_classes is not None else int(max(t.max(initial=-1), p.max(initial=-1)) + 1)
    return np.bincount(t * n + p, minlength=n * n).reshape(n, n)


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    t = np.asarray(y_true).reshape(-1)
    p = np.asarray(y_pred).reshape(-1)
    return float((t == p).mean()) if t.size else 0.0


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def precision_recall_f1(cm: np.ndarray) -> tuple[float, float, float]:
    """Macro precision, recall and F1 from a confusion matrix."""
    tp = np.diag(cm).astype(np.float64)
    predicted = cm.sum(axis=0).astype(np.float64)
    actual = cm.sum(axis=1).astype(np.float64)
    present = (predicted + actual) > 0
    if not present.any():
        return 0.0, 0.0, 0.0
    precision = _ratio(tp, predicted)
    recall = _ratio(tp, actual)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return float(precision[present].mean()), float(recall[present].mean()), float(f1[present].mean())


def classification_metrics(y_true: ArrayLike, y_pred: ArrayLike, num_classes: int | None = None) -> dict[str, float]:
    cm = confusion_matrix(y_true, y_pred, num_classes)
    precision, recall, f1 = precision_recall_f1(cm)
    return {"accuracy": accuracy(y_true, y_pred), "precision": precision, "recall": recall, "f1": f1}


def regression_metrics(y_true: ArrayLike, y_pred: ArrayLike) -> dict[str, float]:
    """MSE, RMSE, MAE over all values; R² averaged over output columns (1 − SS_res / SS_tot)."""
    t = np.asarray(y_true, dtype=np.float64)
    p = np.asarray(y_pred, dtype=np.float64)
    if t.size != p.size:
        raise ValueError(f"targets and predictions differ in size ({t.size} vs {p.size})")
    t = t.reshape(t.shape[0], -1) if t.ndim else t.reshape(1, 1)
    p = p.reshape(t.shape)
    err = p - t
    mse = float(np.mean(err**2)) if err.size else 0.0
    ss_res = np.sum(err**2, axis=0)
    ss_tot = np.sum((t - t.mean(axis=0)) ** 2, axis=0)
    # A constant target column: R² is 1 for a perfect fit, else 0 (scikit-learn's convention).
    r2_cols = np.where(ss_tot > 0, 1 - _ratio(ss_res, ss_tot), np.where(ss_res > 0, 0.0, 1.0))
    return {
        "mse": mse,
        "rmse": float(np.sqrt(mse)),
        "mae": float(np.mean(np.abs(err))) if err.size else 0.0,
        "r2": float(np.mean(r2_cols)) if r2_cols.size else 0.0,
    }
