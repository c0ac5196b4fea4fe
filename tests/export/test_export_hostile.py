"""Exports keep the umask's mode, refuse NaN weights with that reason, read weights boundedly, and
leave no temporary files or check folders behind a killed run."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.core.files import sweep_stale_work_folders
from netbuilder.export import ExportError, ExportOptions, export_model, fresh_module
from netbuilder.export.verify import CHECK_FOLDER_PREFIX
from netbuilder.training.checkpoint import save_weights
from netbuilder.training.errors import WeightsError

DEAD_PID = 2**22 + 4321  # above the default pid_max: no such process


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("fmt", ["pt", "py", "train-script"])
def test_exported_files_get_0666_minus_the_umask(tmp_path: Path, umask_022: None, fmt: str) -> None:
    result = export_model(load_example("xor"), ExportOptions(fmt, tmp_path / f"model.{fmt}", verify=False))
    for path in result.files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path  # mkstemp would give 0600


def test_re_export_keeps_the_existing_files_mode(tmp_path: Path) -> None:
    out = tmp_path / "model.pt"
    out.write_bytes(b"old")
    out.chmod(0o640)
    export_model(load_example("xor"), ExportOptions("pt", out, verify=False))
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_nan_weights_are_refused_with_that_reason(tmp_path: Path) -> None:
    module = fresh_module(load_example("xor").graph)
    with torch.no_grad():
        next(iter(module.parameters())).fill_(float("nan"))
    weights = tmp_path / "nan.safetensors"
    save_weights(module, weights)
    with pytest.raises(ExportError, match=r"contain NaN or infinite values \(in fc1.weight\)"):
        export_model(load_example("xor"), ExportOptions("pt", tmp_path / "x.pt", weights=weights))
    with pytest.raises(ExportError, match="NaN"):
        export_model(load_example("xor"), ExportOptions("onnx", tmp_path / "x.onnx"), module=module)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nan.safetensors"]


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/zero.pt"])
def test_weights_from_a_device_are_not_read(tmp_path: Path, name: str) -> None:
    weights = Path(name)
    if name.endswith(".pt"):  # a .pt suffix goes through torch.load: a symlink to /dev/zero
        weights = tmp_path / "zero.pt"
        weights.symlink_to("/dev/zero")
    with pytest.raises(WeightsError, match="not a regular file"):
        export_model(load_example("xor"), ExportOptions("pt", tmp_path / "x.pt", weights=weights))


def test_an_export_sweeps_temporaries_of_killed_exports(tmp_path: Path) -> None:
    leftover = tmp_path / f".model.{DEAD_PID}-abcdefgh.tmp.pt"
    leftover.write_bytes(b"x" * 1000)
    unrelated = tmp_path / ".other.abcdefgh.tmp.pt"
    unrelated.write_bytes(b"x")
    export_model(load_example("xor"), ExportOptions("pt", tmp_path / "model.pt", verify=False))
    assert not leftover.exists()
    assert unrelated.exists()


def test_check_folders_of_dead_processes_are_swept() -> None:
    parent = Path(tempfile.gettempdir())
    dead = parent / f"{CHECK_FOLDER_PREFIX}{DEAD_PID}-abc123"
    (dead / "sub").mkdir(parents=True)
    (dead / "sub" / "jobs.json").write_text("[]")
    alive = Path(tempfile.mkdtemp(prefix=f"{CHECK_FOLDER_PREFIX}{os.getpid()}-"))
    old = Path(tempfile.mkdtemp(prefix=CHECK_FOLDER_PREFIX))  # the naming before process ids
    stamp = time.time() - 2 * 3600
    os.utime(old, (stamp, stamp))
    try:
        sweep_stale_work_folders(parent, CHECK_FOLDER_PREFIX)
        assert not dead.exists() and not old.exists()
        assert alive.exists()
    finally:
        alive.rmdir()
