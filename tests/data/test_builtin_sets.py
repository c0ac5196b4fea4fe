"""Digits, inline tables, sequences and seed 004's random regression."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from netbuilder.data import DatasetError, build_dataset


def test_digits_vector_layout() -> None:
    ds = build_dataset({"kind": "digits"})
    assert sum(ds.sizes().values()) == 1797
    assert ds.input_shape == (64,) and ds.num_classes == 10 and ds.class_names == [str(d) for d in range(10)]
    assert float(ds.x_train.min()) == 0.0 and float(ds.x_train.max()) == 1.0
    # stratified: every class appears in every split
    for name in ("train", "val", "test"):
        assert set(ds.split(name)[1].tolist()) == set(range(10))


def test_digits_image_layout_has_same_pixels() -> None:
    vector = build_dataset({"kind": "digits", "seed": 3})
    image = build_dataset({"kind": "digits", "seed": 3, "layout": "image"})
    assert image.input_shape == (1, 8, 8) and image.x_train.shape[1:] == (1, 8, 8)
    assert torch.equal(image.x_train.reshape(len(image.x_train), 64), vector.x_train)
    assert torch.equal(image.y_test, vector.y_test)


def test_digits_match_scikit_learn() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    reference = datasets.load_digits()
    ds = build_dataset({"kind": "digits", "split": "none"})
    assert np.allclose(ds.x_train.numpy(), reference.data / 16.0)
    assert np.array_equal(ds.y_train.numpy(), reference.target)


def test_digits_normalization_is_per_pixel_and_handles_constant_pixels() -> None:
    ds = build_dataset({"kind": "digits", "normalize": True})
    assert ds.normalization is not None and len(ds.normalization["std"]) == 64
    assert ds.normalization["std"][0] == 1.0  # the corner pixel is always 0: std 0 becomes 1
    assert torch.isfinite(ds.x_train).all()


def test_image_normalization_is_per_channel() -> None:
    ds = build_dataset({"kind": "digits", "layout": "image", "normalize": True})
    assert ds.normalization is not None
    assert len(ds.normalization["mean"]) == 1 and ds.normalization["shape"] == [1, 1, 1]
    assert float(ds.x_train.mean()) == pytest.approx(0.0, abs=1e-4)


def test_seed_000_table_uses_all_rows_everywhere() -> None:
    ds = build_dataset(
        {"kind": "table", "inputs": [[1, 2], [3, 4], [5, 6]], "targets": [0, 1, 0], "task": "regression"}
    )
    assert ds.task == "regression" and ds.output_size == 1 and ds.input_shape == (2,)
    for name in ("train", "val", "test"):
        x, y = ds.split(name)
        assert torch.equal(x, torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
        assert torch.equal(y, torch.tensor([[0.0], [1.0], [0.0]]))


def test_table_classification_and_explicit_split() -> None:
    rows = [[float(i), float(i % 3)] for i in range(30)]
    spec = {"kind": "table", "inputs": rows, "targets": [i % 2 for i in range(30)], "task": "classification"}
    ds = build_dataset({**spec, "class_names": ["even", "odd"], "split": [0.6, 0.2, 0.2]})
    assert ds.sizes() == {"train": 18, "val": 6, "test": 6}
    assert ds.num_classes == 2 and ds.class_names == ["even", "odd"]
    assert ds.y_train.dtype == torch.int64


def test_tiny_table_with_explicit_fractions_still_gets_a_sample_per_split() -> None:
    ds = build_dataset({"kind": "table", "split": [0.6, 0.2, 0.2]})
    assert ds.sizes() == {"train": 1, "val": 1, "test": 1}
    with pytest.raises(DatasetError, match="split 'none'"):
        build_dataset({"kind": "table", "inputs": [[1], [2]], "targets": [1, 2], "split": [0.6, 0.2, 0.2]})


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"inputs": [[1, 2], [3]], "targets": [0, 1]}, "inputs"),
        ({"inputs": [[1], [2]], "targets": [0]}, "targets"),
        ({"inputs": [], "targets": []}, "inputs"),
        ({"inputs": [[1], [2]], "targets": [0.5, 1], "task": "classification"}, "targets"),
        ({"inputs": [[1], ["a"]], "targets": [0, 1]}, "inputs"),
        ({"inputs": [[1], [2]], "targets": [0, 1], "feature_names": ["a", "b"]}, "feature_names"),
    ],
)
def test_bad_tables_name_the_field(spec: dict[str, object], field: str) -> None:
    with pytest.raises(DatasetError, match=f"'{field}'"):
        build_dataset({"kind": "table", **spec})


def test_sine_next_windows_and_next_value() -> None:
    ds = build_dataset({"kind": "sine-next", "samples": 200, "length": 12, "noise": 0.0})
    assert ds.input_shape == (12, 1) and ds.output_size == 1 and ds.task == "regression"
    x, y = ds.x_train.double(), ds.y_train.double()
    assert float(x.abs().max()) <= 1.0 + 1e-6
    # a clean sine satisfies s[t+1] = 2cos(ωh)·s[t] − s[t−1]: the target continues the window exactly
    c = (x[:, 2, 0] + x[:, 0, 0]) / (2 * x[:, 1, 0])
    ok = x[:, 1, 0].abs() > 0.2
    predicted = 2 * c * x[:, -1, 0] - x[:, -2, 0]
    assert torch.allclose(predicted[ok], y[ok, 0], atol=1e-3)


def test_sequence_sum_float_and_token_variants() -> None:
    floats = build_dataset({"kind": "sequence-sum", "samples": 500, "length": 9, "noise": 0.0, "seed": 2})
    assert floats.input_shape == (9, 1) and floats.input_dtype == "float32"
    assert torch.equal(floats.y_train, (floats.x_train.sum(dim=(1, 2)) > 0).long())
    tokens = build_dataset({"kind": "sequence-sum", "samples": 500, "length": 9, "tokens": True, "seed": 2})
    assert tokens.input_shape == (9,) and tokens.input_dtype == "int64" and tokens.x_train.dtype == torch.int64
    assert set(tokens.x_train.unique().tolist()) <= {0, 1, 2} and tokens.extras["vocab_size"] == 3
    assert torch.equal(tokens.y_train, ((tokens.x_train - 1).sum(dim=1) > 0).long())
    with pytest.raises(DatasetError, match="'normalize'"):
        build_dataset({"kind": "sequence-sum", "tokens": True, "normalize": True})


def test_sequence_normalization_is_per_feature() -> None:
    ds = build_dataset({"kind": "sine-next", "normalize": True})
    assert ds.normalization is not None and ds.normalization["shape"] == [1, 1]


def test_random_regression_is_learnable_by_a_linear_fit() -> None:
    ds = build_dataset({"kind": "random-regression", "samples": 300, "noise": 0.1, "seed": 4})
    assert ds.input_shape == (10,) and ds.output_size == 1
    x = torch.cat([ds.x_train, torch.ones(len(ds.x_train), 1)], dim=1).double()
    solution = torch.linalg.lstsq(x, ds.y_train.double()).solution
    residual = ds.y_train.double() - x @ solution
    assert float(residual.var()) < 0.02 < float(ds.y_train.var())


def test_random_regression_matches_seed_004_shape() -> None:
    ds = build_dataset({"kind": "random-regression", "split": [1.0, 0.0, 0.0]})
    assert ds.x_train.shape == (100, 10) and ds.y_train.shape == (100, 1)
    assert ds.sizes() == {"train": 100, "val": 0, "test": 0}
