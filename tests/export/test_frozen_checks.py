"""The export checks in the frozen bundle: the app stands in for ``python`` (no PyInstaller needed here).

A stand-in "bundle" executable runs ``python -m netbuilder "$@"``, as the real bundle runs its own
entry point, and notes each call; with ``sys.frozen`` set, the checks must go through it and keep
their isolation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from netbuilder.core.examples import load_example
from netbuilder.core.interpreter import RUN_SCRIPT_OPTION
from netbuilder.export import ExportOptions, export_model
from netbuilder.export.exporter import build_context, target_paths, write_artefact
from netbuilder.export.verify import run_checks
from netbuilder.export.weights import fresh_module


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to be the bundle; returns the file where the stand-in executable logs its calls."""
    calls = tmp_path / "calls.log"
    exe = tmp_path / "bundle" / "netbuilder"
    exe.parent.mkdir()
    exe.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec "{sys.executable}" -m netbuilder "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    return calls


def test_a_frozen_onnx_export_is_verified_by_the_app_itself(tmp_path: Path, frozen: Path) -> None:
    project = load_example("xor")
    out = tmp_path / "xor.onnx"
    result = export_model(project, ExportOptions(format="onnx", out=out), fresh_module(project.graph, seed=1))
    assert result.ok, [c.describe() for c in result.checks]
    assert out.is_file() and result.checks and result.max_abs_diff is not None
    (call,) = frozen.read_text(encoding="utf-8").splitlines()
    assert call.startswith(RUN_SCRIPT_OPTION) and call.split()[1].endswith("nb_checker.py")


def test_a_frozen_check_still_refuses_netbuilder_in_an_exported_file(tmp_path: Path, frozen: Path) -> None:
    # The app process had netbuilder loaded; the stand-in must forget it so the check stays strict.
    project = load_example("xor")
    context = build_context(project, fresh_module(project.graph))
    job = write_artefact(context, "py", target_paths("py", tmp_path / "model.py"), "py", 1e-5)
    source = Path(job.job["path"])
    source.write_text(source.read_text(encoding="utf-8") + "\nimport netbuilder\n", encoding="utf-8")
    (result,) = run_checks([job])
    assert not result.ok
    assert "netbuilder" in (result.error or "")
    assert RUN_SCRIPT_OPTION in frozen.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_frozen_training_script_export_is_started_by_the_app_itself(tmp_path: Path, frozen: Path) -> None:
    project = load_example("xor")
    out = tmp_path / "train.py"
    result = export_model(project, ExportOptions(format="train-script", out=out))
    assert result.ok and out.is_file()
    calls = frozen.read_text(encoding="utf-8").splitlines()
    assert any(c.startswith(f"{RUN_SCRIPT_OPTION} ") and "--check" in c for c in calls), calls
