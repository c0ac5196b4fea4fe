"""DatasetSpec parsing: defaults, JSON round trips, and errors that name the field."""

from __future__ import annotations

import json

import pytest

from netbuilder.data import DatasetError, DatasetSpec, build_dataset, dataset_kinds
from netbuilder.data.spec import FunctionSpec, TableSpec, ToySpec

OFFLINE_KINDS = [k for k in dataset_kinds() if k not in ("idx", "csv", "npz")]


def test_kind_alone_gives_full_defaults() -> None:
    spec = DatasetSpec.from_dict({"kind": "spiral"})
    assert isinstance(spec, ToySpec)
    assert spec.samples == 500 and spec.features == ("x1", "x2") and spec.split == "auto"


def test_project_example_round_trips_through_json() -> None:
    data = {
        "kind": "spiral",
        "samples": 500,
        "noise": 0.1,
        "seed": 1,
        "split": [0.7, 0.15, 0.15],
        "features": ["x1", "x2"],
        "normalize": False,
    }
    spec = DatasetSpec.from_dict(data)
    again = DatasetSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec
    assert spec.to_dict()["split"] == [0.7, 0.15, 0.15]


@pytest.mark.parametrize("kind", dataset_kinds())
def test_every_kind_round_trips(kind: str) -> None:
    spec = DatasetSpec.from_dict({"kind": kind})
    assert spec.kind == kind
    assert DatasetSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_kinds_list_is_complete() -> None:
    expected = {"circle", "xor", "gaussians", "spiral", "moons", "function", "digits", "idx", "table"}
    expected |= {"sine-next", "sequence-sum", "random-regression", "csv", "npz", "digits28"}
    assert set(dataset_kinds()) == expected


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "spiral", "samples": "many"}, "samples"),
        ({"kind": "spiral", "samples": True}, "samples"),
        ({"kind": "spiral", "samples": 1}, "samples"),
        ({"kind": "spiral", "noise": -0.5}, "noise"),
        ({"kind": "spiral", "features": ["x3"]}, "features"),
        ({"kind": "spiral", "split": [0.5, 0.5]}, "split"),
        ({"kind": "spiral", "split": [0.5, 0.3, 0.3]}, "split"),
        ({"kind": "spiral", "split": "half"}, "split"),
        ({"kind": "spiral", "colour": "red"}, "colour"),
        ({"kind": "function", "function": "gamma"}, "function"),
        ({"kind": "function", "x_min": 3, "x_max": 1}, "x_max"),
        ({"kind": "digits", "layout": "grid"}, "layout"),
        ({"kind": "sine-next", "tokens": True}, "tokens"),
        ({"kind": "csv", "target_type": "maybe"}, "target_type"),
        ({"kind": "teapot"}, "kind"),
        ({}, "kind"),
    ],
)
def test_bad_fields_name_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(DatasetError, match=f"'{field}'"):
        DatasetSpec.from_dict(data)


def test_not_an_object() -> None:
    with pytest.raises(DatasetError, match="JSON object"):
        DatasetSpec.from_dict([1, 2])  # type: ignore[arg-type]


def test_whole_float_is_accepted_for_int_fields() -> None:
    assert DatasetSpec.from_dict({"kind": "circle", "samples": 200.0}).samples == 200  # type: ignore[attr-defined]


def test_table_targets_accept_flat_list() -> None:
    spec = DatasetSpec.from_dict({"kind": "table", "inputs": [[1, 2], [3, 4]], "targets": [0, 1]})
    assert isinstance(spec, TableSpec)
    assert spec.targets == ((0.0,), (1.0,))


def test_replace_validates() -> None:
    spec = FunctionSpec()
    assert spec.replace(samples=10).samples == 10  # type: ignore[attr-defined]
    with pytest.raises(DatasetError, match="'samples'"):
        spec.replace(samples=0)


@pytest.mark.parametrize("kind", OFFLINE_KINDS)
def test_every_offline_kind_builds_with_contract_types(kind: str) -> None:
    ds = build_dataset({"kind": kind, "seed": 3})
    for name in ("train", "val", "test"):
        x, y = ds.split(name)
        assert x.shape[1:] == ds.input_shape
        assert str(x.dtype) == f"torch.{ds.input_dtype}"
        assert x.is_contiguous() and y.is_contiguous() and x.device.type == "cpu"
        assert len(x) == len(y)
        if ds.task == "classification":
            assert y.dtype.is_floating_point is False and str(y.dtype) == "torch.int64" and y.ndim == 1
            assert ds.num_classes == ds.output_size and ds.class_names is not None
            assert int(y.max()) < ds.output_size
        else:
            assert str(y.dtype) == "torch.float32" and y.shape[1] == ds.output_size
            assert ds.num_classes is None and ds.class_names is None
    assert ds.extras["spec"]["kind"] == kind


@pytest.mark.parametrize("kind", OFFLINE_KINDS)
def test_same_seed_same_tensors_other_seed_differs(kind: str) -> None:
    a = build_dataset({"kind": kind, "seed": 7})
    b = build_dataset({"kind": kind, "seed": 7})
    c = build_dataset({"kind": kind, "seed": 8})
    for name in ("train", "val", "test"):
        assert all(p.equal(q) for p, q in zip(a.split(name), b.split(name), strict=True))
    if kind != "table":  # the inline table is fixed data and too small to split: seed cannot change it
        assert not a.x_train.equal(c.x_train)


def test_unknown_split_name() -> None:
    ds = build_dataset({"kind": "xor"})
    with pytest.raises(DatasetError, match="unknown split"):
        ds.split("holdout")
