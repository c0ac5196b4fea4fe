"""1-D regression targets and the safe formula parser."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from netbuilder.data import DatasetError, build_dataset, parse_formula, target_function, x_range
from netbuilder.data.formula import evaluate_formula
from netbuilder.data.spec import FunctionSpec


def test_relu_pieces_values_at_known_points() -> None:
    f = target_function({"kind": "function", "function": "relu-pieces"})
    # R(x−1) + 3·R(x−4) − 5: flat −5 up to x=1, slope 1 to x=4, slope 4 after
    xs = np.array([-2.0, 1.0, 2.5, 4.0, 8.0])
    assert f(xs) == pytest.approx([-5.0, -5.0, -3.5, -2.0, 14.0])


def test_relu_pieces_dataset_covers_seed_range_and_matches_target() -> None:
    spec = {"kind": "function", "samples": 300, "seed": 5}
    ds = build_dataset(spec)
    assert x_range(FunctionSpec()) == (-2.0, 8.0)
    x = torch.cat([ds.x_train, ds.x_val, ds.x_test])
    y = torch.cat([ds.y_train, ds.y_val, ds.y_test])
    assert x.shape == (300, 1) and y.shape == (300, 1)
    assert float(x.min()) >= -2.0 and float(x.max()) <= 8.0
    expected = target_function(spec)(x.double().numpy())
    assert np.allclose(y.numpy(), expected, atol=1e-5)  # noise 0 by default


@pytest.mark.parametrize("name", ["sine", "abs", "step", "sawtooth", "cubic"])
def test_named_functions_and_noise(name: str) -> None:
    clean = build_dataset({"kind": "function", "function": name, "seed": 1})
    noisy = build_dataset({"kind": "function", "function": name, "seed": 1, "noise": 0.2})
    assert torch.equal(clean.x_train, noisy.x_train)
    residual = (noisy.y_train - clean.y_train).std()
    assert 0.15 < float(residual) < 0.25


def test_named_function_shapes() -> None:
    sine = target_function({"kind": "function", "function": "sine"})
    assert sine(np.array([np.pi / 2])) == pytest.approx([1.0])
    saw = target_function({"kind": "function", "function": "sawtooth"})
    assert saw(np.array([0.5, 1.5, 2.5])) == pytest.approx([0.5, -0.5, 0.5])
    step = target_function({"kind": "function", "function": "step"})
    assert list(step(np.array([-0.1, 0.0, 2.0]))) == [0.0, 1.0, 1.0]


def test_x_range_override() -> None:
    ds = build_dataset({"kind": "function", "function": "abs", "x_min": 1, "x_max": 2})
    assert float(ds.x_train.min()) >= 1 and float(ds.x_train.max()) <= 2


@pytest.mark.parametrize(
    ("text", "x", "expected"),
    [
        ("sin(x) + 0.5*x**2", 2.0, np.sin(2.0) + 2.0),
        ("-x + 3", 1.0, 2.0),
        ("relu(x - 1) + 3*relu(x - 4) - 5", 8.0, 14.0),
        ("maximum(x, 0) * pi", 1.0, np.pi),
        ("sigmoid(0*x)", 5.0, 0.5),
        ("exp(1) - e", 0.0, 0.0),
        ("sqrt(abs(x)) + tanh(x) % 2", -4.0, 2.0 + np.tanh(-4.0) % 2),
        ("2", 7.0, 2.0),
    ],
)
def test_formula_accepts_good_formulas(text: str, x: float, expected: float) -> None:
    result = evaluate_formula(parse_formula(text), np.array([x]))
    assert result.shape == (1,)
    assert result[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("__import__('os')", "__import__"),
        ("x.__class__", "x.__class__"),
        ("(lambda: 1)()", "lambda"),
        ("y + 1", "'y'"),
        ("open('f')", "open"),
        ("sin(x, 2)", "sin"),
        ("maximum(x)", "maximum"),
        ("'text'", "'text'"),
        ("[x]", "list"),
        ("x if x else 1", "ifexp"),
        ("x < 1", "compare"),
        ("x // 2", "operator"),
        ("sin(x=1)", "keyword"),
        ("True + x", "True"),
    ],
)
def test_formula_rejects_unsafe_or_unknown_text(text: str, token: str) -> None:
    with pytest.raises(DatasetError, match="formula") as info:
        parse_formula(text)
    assert token.lower() in str(info.value).lower()
    assert "column" in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", "sin(x", "x +* 2", "x" + "+x" * 400])
def test_formula_rejects_malformed_text(text: str) -> None:
    with pytest.raises(DatasetError, match="formula"):
        parse_formula(text)


def test_formula_syntax_error_names_the_column() -> None:
    with pytest.raises(DatasetError, match="column"):
        parse_formula("x + * 2")


def test_formula_non_finite_values_are_errors_not_warnings() -> None:
    with pytest.raises(DatasetError, match="finite"):
        build_dataset({"kind": "function", "function": "formula", "formula": "log(x)", "x_min": -1, "x_max": 1})
    with pytest.raises(DatasetError, match="finite"):
        build_dataset({"kind": "function", "function": "formula", "formula": "10**(10**x)"})


def test_formula_dataset_matches_its_target_function() -> None:
    spec = {"kind": "function", "function": "formula", "formula": "x**2 - 1", "samples": 50}
    ds = build_dataset(spec)
    x = ds.x_train.double().numpy()
    assert np.allclose(ds.y_train.numpy(), x**2 - 1, atol=1e-4)
    assert np.allclose(target_function(spec)(x), x**2 - 1)


def test_target_function_rejects_other_kinds() -> None:
    with pytest.raises(DatasetError, match="target function"):
        target_function({"kind": "spiral"})
