"""The headless commands: output for good input, one `error:` line and exit 1 for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netbuilder.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_lists_every_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "examples")
    assert code == 0
    assert "example:seed-cnn" in out and "example:spiral" in out
    code, out, _ = run(capsys, "examples", "--json")
    assert {e["name"] for e in json.loads(out)} >= {"seed-cnn", "xor"}


def test_summary_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", "example:seed-cnn")
    assert code == 0
    assert "conv1 (Conv2d)" in out and "(32, 26, 26)" in out and "Total params: 93,322" in out
    code, out, _ = run(capsys, "summary", "example:seed-digits-mlp", "--json")
    data = json.loads(out)
    assert data["total_params"] == data["trainable_params"] == 64 * 50 + 50 + 50 * 50 + 50 + 50 * 10 + 10
    first = data["nodes"][1]
    assert set(first) == {"id", "type", "output_shape", "params", "macs"}
    assert first == {"id": "fc1", "type": "Dense", "output_shape": [50], "params": 3250, "macs": 3200}


def test_code_prints_runnable_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "code", "example:seed-digits-mlp")
    assert code == 0
    assert "self.fc1 = nn.Linear(64, 50, bias=True)" in out
    assert "fc1 = self.fc1(input1)" in out
    namespace: dict[str, object] = {}
    exec(compile(out, "generated", "exec"), namespace)
    assert "DenseDigitClassifierSeed002" in namespace


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", "example:residual-mlp")[:2] == (0, "ok\n")


def write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def doc(nodes: list[dict], edges: list[dict] | None = None, version: int = 1) -> dict:
    return {"format": "netbuilder-project", "version": version, "graph": {"nodes": nodes, "edges": edges or []}}


INPUT = {"id": "x", "type": "Input", "params": {"shape": [4]}}

BAD = {
    "missing": (None, "no such file", None),
    "truncated": ('{"format": "netbuilder-project", "graph": {"nod', "not valid JSON", None),
    "not-json": ("hello", "not valid JSON", None),
    "unknown-type": (doc([INPUT, {"id": "q", "type": "Denze"}]), "unknown layer type 'Denze'", "q"),
    "wrong-param-type": (
        doc([INPUT, {"id": "q", "type": "Dense", "params": {"out_features": "ten"}}]),
        "whole number",
        "q",
    ),
    "out-of-range": (doc([INPUT, {"id": "q", "type": "Dropout", "params": {"p": 3}}]), "<= 0.99", "q"),
    "cycle": (
        doc(
            [INPUT, {"id": "a", "type": "Add"}, {"id": "b", "type": "ReLU"}],
            [{"src": "x", "dst": "a"}, {"src": "b", "dst": "a"}, {"src": "a", "dst": "b"}],
        ),
        "cycle",
        "a",
    ),
    "dangling": (
        doc([INPUT, {"id": "fc", "type": "Dense"}, {"id": "r", "type": "ReLU"}], [{"src": "fc", "dst": "r"}]),
        "needs an input",
        "fc",
    ),
    "shape-mismatch": (
        doc(
            [{"id": "x", "type": "Input", "params": {"shape": [3, 8, 8]}}, {"id": "fc", "type": "Dense"}],
            [{"src": "x", "dst": "fc"}],
        ),
        "insert Flatten",
        "fc",
    ),
    "future-version": (doc([INPUT], version=7), "newer NetBuilder", None),
}


@pytest.mark.parametrize("command", ["summary", "code", "validate"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_error_line_naming_file_and_node(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: str
) -> None:
    content, message, node = BAD[case]
    path = str(tmp_path / "missing.nbproj") if content is None else write(tmp_path, f"{case}.nbproj", content)
    code, out, err = run(capsys, command, path)
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)
    assert message in err and path in err
    if node:
        assert f"'{node}'" in err
    assert "Traceback" not in err


def test_unknown_example_and_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netbuilder", "summary", "example:does-not-exist"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: example:does-not-exist: no bundled example")
    assert "Traceback" not in result.stderr


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in ("examples", "summary", "code", "validate"):
        assert name in out
