"""`netbuilder compress`: each method with --json, --out verified, the latest run's weights, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.core.project import save_project


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The digits MLP saved as a project, with one recorded run of 15 epochs."""
    path = tmp_path_factory.mktemp("compress") / "digits.nbproj"
    save_project(load_example("seed-digits-mlp"), path)
    assert main(["train", str(path), "--epochs", "15", "--seed", "0", "--quiet"]) == 0
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    capsys.readouterr()
    code = main(["compress", *args])
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    return code, json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}, captured.err


def _check_variant(variant: dict) -> None:  # type: ignore[type-arg]
    assert variant["size_bytes"] > 0 and variant["nonzero_params"] > 0 and variant["latency_ms"] > 0
    assert variant["metric"]["name"] == "accuracy" and 0.0 <= variant["metric"]["value"] <= 1.0


def test_quantize_json_uses_the_latest_run(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, err = _run(capsys, str(trained), "--method", "quantize", "--json")
    assert code == 0 and "weights: run run-0001" in err
    float_row, int8 = data["variants"]
    assert [float_row["variant"], int8["variant"]] == ["float", "int8"]
    for variant in data["variants"]:
        _check_variant(variant)
    assert float_row["delta"] == 0.0
    assert int8["delta"] == pytest.approx(int8["metric"]["value"] - float_row["metric"]["value"])
    assert float_row["size_bytes"] >= 2 * int8["size_bytes"]
    assert int8["exports"]["pt"] == "ok" and int8["exports"]["onnx"].startswith("not supported")


def test_prune_json_reports_the_sparsity_and_a_curve(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = _run(capsys, str(trained), "--method", "prune", "--sparsity", "0.6", "--curve", "--json")
    assert code == 0
    pruned = data["variants"][1]
    _check_variant(pruned)
    assert pruned["sparsity"] == pytest.approx(0.6, abs=1e-4)
    assert pruned["nonzero_params"] < 0.5 * data["variants"][0]["nonzero_params"]
    sparsities = [point["sparsity"] for point in data["curve"]]
    assert sparsities[0] == 0.0 and sparsities[-1] == 0.95
    assert data["curve"][0]["accuracy"] == pytest.approx(data["variants"][0]["metric"]["value"])


def test_structured_prune_out_writes_a_smaller_verified_model(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "small.pt"
    args = (str(trained), "--method", "prune", "--structured", "--sparsity", "0.5", "--out", str(out), "--json")
    code, data, _ = _run(capsys, *args)
    assert code == 0 and data["out"]["ok"]
    assert data["variants"][1]["layers"] == {"fc1": 25, "fc2": 25, "fc3": 10}
    assert tuple(torch.load(out, weights_only=True)["fc1.weight"].shape) == (25, 64)


def test_distill_json_reports_the_student_with_and_without_teacher(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    student = load_example("seed-digits-mlp")
    student.graph.set_param("fc1", "out_features", 12)
    student.graph.set_param("fc2", "out_features", 12)
    student_path = tmp_path / "student.nbproj"
    save_project(student, student_path)
    args = (str(trained), "--method", "distill", "--student", str(student_path), "--epochs", "3", "--json")
    code, data, _ = _run(capsys, *args)
    assert code == 0
    keys = [v["variant"] for v in data["variants"]]
    assert keys == ["float", "student", "scratch"]
    for variant in data["variants"][1:]:
        _check_variant(variant)
        assert variant["layers"] == {"fc1": 12, "fc2": 12, "fc3": 10} and variant["epochs_trained"] == 3


def test_a_project_without_weights_is_trained_first_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["compress", "example:xor", "--method", "quantize"]) == 0
    captured = capsys.readouterr()
    assert "has no trained weights: training it first" in captured.err
    assert "int8 (dynamic)" in captured.out and "float32" in captured.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "prune", "--sparsity", "1.5"], "--sparsity must be between 0 and 0.99"),
        (["--method", "quantize", "--student", "x.nbproj"], "--student is for --method distill"),
        (["--method", "quantize", "--out", "model.bin"], "cannot tell the format of 'model.bin'"),
        (["--method", "quantize", "--run", "run-0042"], "no run 'run-0042'"),
    ],
)
def test_bad_input_gets_one_clear_error_line(
    trained: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    capsys.readouterr()
    assert main(["compress", str(trained), *args]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
