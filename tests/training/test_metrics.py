from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netbuilder.training.metrics import classification_metrics, confusion_matrix, regression_metrics


def test_confusion_matrix_and_macro_scores() -> None:
    y_true = [0, 0, 1, 1, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 0]
    cm = confusion_matrix(y_true, y_pred, 3)
    assert cm.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    m = classification_metrics(y_true, y_pred, 3)
    assert m["accuracy"] == pytest.approx(4 / 6)
    precision = [1 / 2, 2 / 3, 1.0]
    recall = [1 / 2, 1.0, 1 / 2]
    f1 = [2 * p * r / (p + r) for p, r in zip(precision, recall, strict=True)]
    assert m["precision"] == pytest.approx(np.mean(precision))
    assert m["recall"] == pytest.approx(np.mean(recall))
    assert m["f1"] == pytest.approx(np.mean(f1))


def test_absent_classes_are_left_out_of_macro_averages() -> None:
    m = classification_metrics([0, 0, 1], [0, 0, 1], num_classes=10)
    assert m == {"accuracy": 1.0, "precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_regression_metrics() -> None:
    m = regression_metrics([[1.0], [2.0], [3.0], [4.0]], [[1.5], [2.0], [2.5], [4.0]])
    assert m["mse"] == pytest.approx(0.125)
    assert m["rmse"] == pytest.approx(np.sqrt(0.125))
    assert m["mae"] == pytest.approx(0.25)
    assert m["r2"] == pytest.approx(1 - 0.5 / 5.0)


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=30))
def test_perfect_prediction_scores_perfectly(values: list[float]) -> None:
    m = regression_metrics(values, values)
    assert m["mse"] == 0 and m["mae"] == 0 and m["r2"] == 1.0
