"""The export and import subcommands, end to end through ``netbuilder.cli.main.main``."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbuilder.cli.main import main
from netbuilder.core.project import load_project


def test_export_py_prints_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "xor.py"
    assert main(["export", "example:xor", "--format", "py", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "freshly initialised" in text
    assert "ok: py xor.py: verified in a fresh process, max |diff| = 0" in text
    assert out.exists() and out.with_suffix(".pt").exists()


def test_export_with_bad_weights_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not safetensors at all")
    code = main(["export", "example:xor", "--format", "onnx", "--out", str(tmp_path / "m.onnx"), "--weights", str(bad)])
    assert code == 1
    assert "not a valid safetensors file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.safetensors"]


def test_import_writes_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "model.py"
    source.write_text(
        "from torch import nn\nmodel = nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1))\n",
        encoding="utf-8",
    )
    out = tmp_path / "imported.nbproj"
    assert main(["import", str(source), "--input-shape", "10", "--out", str(out)]) == 0
    assert "imported 4 nodes, 601 parameters" in capsys.readouterr().out
    assert [n.type for n in load_project(out).graph.topological_order()] == ["Input", "Dense", "ReLU", "Dense"]


def test_import_lists_unmapped_ops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "model.py"
    source.write_text(
        "from torch import nn\nmodel = nn.Sequential(nn.Linear(4, 4), nn.Hardswish())\n", encoding="utf-8"
    )
    assert main(["import", str(source), "--input-shape", "4", "--out", str(tmp_path / "x.nbproj")]) == 1
    assert "Hardswish" in capsys.readouterr().err
    assert not (tmp_path / "x.nbproj").exists()
