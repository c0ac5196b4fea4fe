"""The layer catalog and typed parameters."""

from __future__ import annotations

import pytest

from netbuilder.core.catalog import CATEGORIES, Catalog, LayerType
from netbuilder.core.errors import DuplicateLayerError, ParamError, UnknownLayerError
from netbuilder.core.layers import CATALOG
from netbuilder.core.params import ParamKind, bool_param, choice_param, float_param, int_param, ints_param

REQUIRED = [
    "Input",
    "Dense",
    "Conv1d",
    "Conv2d",
    "MaxPool2d",
    "AvgPool2d",
    "Flatten",
    "Dropout",
    "BatchNorm1d",
    "BatchNorm2d",
    "LayerNorm",
    "Embedding",
    "RNN",
    "LSTM",
    "GRU",
    "MultiheadAttention",
    "TransformerEncoderLayer",
    "Add",
    "Concat",
    "Reshape",
    "Identity",
    "ReLU",
    "LeakyReLU",
    "Sigmoid",
    "Tanh",
    "SiLU",
    "GELU",
    "Softmax",
]


def test_catalog_has_every_layer_the_seeds_teach() -> None:
    assert set(REQUIRED) <= set(CATALOG.ids())
    for rnn in ("RNN", "LSTM", "GRU"):
        assert CATALOG.get(rnn).param("output").choices == ("last", "all")


def test_every_type_is_documented_and_its_defaults_are_valid() -> None:
    for layer_type in CATALOG:
        assert layer_type.doc and layer_type.category in CATEGORIES
        assert layer_type.validate_params({}) == layer_type.defaults()
        for spec in layer_type.params:
            assert spec.doc, f"{layer_type.id}.{spec.name} has no doc"


def test_unknown_and_duplicate_ids_fail_loudly() -> None:
    with pytest.raises(UnknownLayerError, match="'Dens'"):
        CATALOG.get("Dens")
    catalog = Catalog()
    layer = LayerType("X", "Dense", "X", "doc")
    catalog.register(layer)
    with pytest.raises(DuplicateLayerError):
        catalog.register(layer)


def test_search_ranks_prefix_matches_first() -> None:
    assert CATALOG.search("conv")[0].id in {"Conv1d", "Conv2d"}
    assert "MultiheadAttention" in [t.id for t in CATALOG.search("attention")]
    assert [t.id for t in CATALOG.search("swish")] == ["SiLU"]
    assert len(CATALOG.search("")) == len(CATALOG)


@pytest.mark.parametrize(
    ("spec", "value", "expected"),
    [
        (int_param("n", 1, "d", 1, 10), 3, 3),
        (int_param("n", 1, "d", 1, 10), 4.0, 4),
        (float_param("f", 0.5, "d", 0.0, 1.0), 1, 1.0),
        (bool_param("b", True, "d"), False, False),
        (choice_param("c", "a", "d", ("a", "b")), "b", "b"),
        (ints_param("s", (1,), "d"), [1, 28, 28], (1, 28, 28)),
        (ints_param("s", (1,), "d", allow_minus_one=True), [-1, 4], (-1, 4)),
    ],
)
def test_coerce_accepts_valid_values(spec, value, expected) -> None:  # type: ignore[no-untyped-def]
    assert spec.coerce(value) == expected


@pytest.mark.parametrize(
    ("spec", "value", "message"),
    [
        (int_param("n", 1, "d", 1, 10), True, "whole number"),
        (int_param("n", 1, "d", 1, 10), 2.5, "whole number"),
        (int_param("n", 1, "d", 1, 10), 11, "<= 10"),
        (float_param("f", 0.5, "d", 0.0, 1.0), float("nan"), "finite"),
        (float_param("f", 0.5, "d", 0.0, 1.0), "x", "number"),
        (bool_param("b", True, "d"), 1, "true or false"),
        (choice_param("c", "a", "d", ("a", "b")), "z", "one of a, b"),
        (ints_param("s", (1,), "d"), [0, 3], ">= 1"),
        (ints_param("s", (1,), "d"), "1,2", "list"),
        (ints_param("s", (1,), "d"), [], "at least 1"),
        (ints_param("s", (1,), "d", allow_minus_one=True), [-1, -1], "at most once"),
    ],
)
def test_coerce_rejects_with_a_message(spec, value, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParamError, match=message):
        spec.coerce(value, node_id="n1")


def test_param_kinds_cover_the_issue() -> None:
    kinds = {spec.kind for t in CATALOG for spec in t.params}
    assert kinds == set(ParamKind)
