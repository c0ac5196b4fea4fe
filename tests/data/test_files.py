"""CSV and NPZ loaders: good files, and bad files whose errors name the file, row and column."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.data import DatasetError, build_dataset


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_numeric_target_gives_regression(tmp_path: Path) -> None:
    lines = ["age,height,price"] + [f"{i},{i * 2},{i * 3.5}" for i in range(30)]
    _write(tmp_path, "\n".join(lines) + "\n")
    ds = build_dataset({"kind": "csv", "path": "data.csv", "target": "price", "split": "none"}, base_dir=tmp_path)
    assert ds.task == "regression" and ds.feature_names == ["age", "height"] and ds.input_shape == (2,)
    assert torch.allclose(ds.y_train[:, 0], torch.arange(30) * 3.5)
    assert torch.allclose(ds.x_train[:, 1], torch.arange(30) * 2.0)


def test_categorical_target_and_column_choice(tmp_path: Path) -> None:
    lines = ["a;b;c;species"] + [f"{i};{-i};{i % 5};{'cat' if i % 2 else 'dog'}" for i in range(40)]
    path = _write(tmp_path, "\n".join(lines))
    ds = build_dataset({"kind": "csv", "path": str(path), "inputs": ["c", "a"], "target": "species"})
    assert ds.task == "classification" and ds.class_names == ["cat", "dog"] and ds.num_classes == 2
    assert ds.feature_names == ["c", "a"] and sum(ds.sizes().values()) == 40
    x, y = ds.x_train, ds.y_train
    assert torch.equal(y, (x[:, 1] % 2 == 0).long())  # dog (index 1) on even rows


def test_numeric_labels_forced_categorical_sort_by_value(tmp_path: Path) -> None:
    _write(tmp_path, "x,label\n1,10\n2,2\n3,10\n4,2\n")
    ds = build_dataset({"kind": "csv", "path": "data.csv", "target_type": "categorical"}, base_dir=tmp_path)
    assert ds.class_names == ["2", "10"]
    assert ds.y_train.tolist() == [1, 0, 1, 0]  # split "auto" on 4 rows: every row, in order


@pytest.mark.parametrize(
    ("text", "spec", "message"),
    [
        ("", {}, "empty"),
        ("\n\n", {}, "empty"),
        ("a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n", {}, "row 7 has 3 cells, the header has 4"),
        ("a,b\n" + "1,2\n" * 10 + "abc,3\n", {}, "row 12, column 'a': 'abc' is not a number"),
        ("a,b,c\n1,2,3\n", {"target": "price"}, "no column 'price'; columns are a, b, c"),
        ("a,b,c\n1,2,3\n", {"inputs": ["a", "z"], "target": "c"}, "no column 'z'"),
        ("a,b\n1,2\nnan,3\n", {}, "row 3, column 'a': 'nan' is not a finite number"),
        ("a,b\n1,2\n4,inf\n", {}, "row 3, column 'b': 'inf' is not a finite number"),
        ("a,b\n1,2\n,3\n", {}, "row 3, column 'a' is empty"),
        ("a,b\n", {}, "no data rows"),
        ("a,,c\n1,2,3\n", {}, "column 2 has no name"),
        ("a,a,c\n1,2,3\n", {}, "'a' appears twice"),
        ("a,b\n1e39,2\n", {}, "too large"),
        ("a,b\n1,2\n", {"inputs": ["a", "b"], "target": "b"}, "cannot also be an input"),
        ("a\n1\n", {}, "two columns"),
    ],
)
def test_bad_csv_errors_name_file_row_and_column(
    tmp_path: Path, text: str, spec: dict[str, object], message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DatasetError) as info:
        build_dataset({"kind": "csv", "path": "data.csv", **spec}, base_dir=tmp_path)
    assert message in str(info.value)
    assert info.value.path == str(path)


def test_missing_csv_and_unset_path(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="file not found") as info:
        build_dataset({"kind": "csv", "path": "nope.csv"}, base_dir=tmp_path)
    assert info.value.path == str(tmp_path / "nope.csv")
    with pytest.raises(DatasetError, match="'path'"):
        build_dataset({"kind": "csv"})


def test_non_utf8_csv(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(DatasetError, match="UTF-8"):
        build_dataset({"kind": "csv", "path": "data.csv"}, base_dir=tmp_path)


_cell = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=string.ascii_letters + string.digits + ' .-,;"\n', max_size=5),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.text(alphabet=string.ascii_letters + " ,", max_size=4), min_size=0, max_size=4),
    rows=st.lists(st.lists(_cell, min_size=0, max_size=5), max_size=8),
    target_type=st.sampled_from(["auto", "numeric", "categorical"]),
    normalize=st.booleans(),
)
def test_csv_loader_gives_dataset_or_dataset_error(
    tmp_path: Path, header: list[str], rows: list[list[str]], target_type: str, normalize: bool
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow(row)
    (tmp_path / "h.csv").write_text(buffer.getvalue(), encoding="utf-8")
    spec = {"kind": "csv", "path": "h.csv", "target_type": target_type, "normalize": normalize}
    try:
        ds = build_dataset(spec, base_dir=tmp_path)
    except DatasetError:
        return
    assert ds.x_train.dtype == torch.float32 and torch.isfinite(ds.x_train).all()
    assert len(ds.x_train) == len(ds.y_train) >= 1


def test_npz_classification_and_regression(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    images = rng.random((50, 3, 4)).astype(np.float32)
    np.savez(tmp_path / "d.npz", x=images, y=np.arange(50) % 3, t=rng.random((50, 2)))
    ds = build_dataset({"kind": "npz", "path": "d.npz"}, base_dir=tmp_path)
    assert ds.task == "classification" and ds.input_shape == (3, 4) and ds.num_classes == 3
    reg = build_dataset({"kind": "npz", "path": "d.npz", "y_key": "t", "split": "none"}, base_dir=tmp_path)
    assert reg.task == "regression" and reg.output_size == 2
    assert np.allclose(reg.x_train.numpy(), images)


@pytest.mark.parametrize(
    ("arrays", "spec", "message"),
    [
        ({"x": np.zeros((5, 2)), "y": np.zeros(5)}, {"y_key": "target"}, "no array 'target'; arrays are x, y"),
        ({"x": np.zeros((5, 2)), "y": np.zeros(4)}, {}, "'x' has 5 rows but 'y' has 4"),
        ({"x": np.array([[1.0, np.nan]] * 3), "y": np.zeros(3)}, {}, "NaN or infinite values (first in row 0)"),
        ({"x": np.array(["a", "b"]), "y": np.zeros(2)}, {}, "not numbers"),
        ({"x": np.zeros((3, 2)), "y": np.array([0.5, 1, 2])}, {"task": "classification"}, "class index"),
        ({"x": np.zeros((0, 2)), "y": np.zeros(0)}, {}, "no rows"),
    ],
)
def test_bad_npz_errors(tmp_path: Path, arrays: dict[str, np.ndarray], spec: dict[str, object], message: str) -> None:
    np.savez(tmp_path / "d.npz", **arrays)  # type: ignore[arg-type]
    with pytest.raises(DatasetError) as info:
        build_dataset({"kind": "npz", "path": "d.npz", **spec}, base_dir=tmp_path)
    assert message in str(info.value) and info.value.path == str(tmp_path / "d.npz")


def test_npz_that_is_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "bad.npz").write_bytes(b"not a zip at all")
    with pytest.raises(DatasetError, match="npz"):
        build_dataset({"kind": "npz", "path": "bad.npz"}, base_dir=tmp_path)
    np.save(tmp_path / "single.npy", np.zeros(3))
    with pytest.raises(DatasetError, match="single"):
        build_dataset({"kind": "npz", "path": "single.npy"}, base_dir=tmp_path)
    np.savez(tmp_path / "obj.npz", x=np.array([{}, {}], dtype=object), y=np.zeros(2))
    with pytest.raises(DatasetError):
        build_dataset({"kind": "npz", "path": "obj.npz"}, base_dir=tmp_path)
