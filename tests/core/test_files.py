"""Atomic writes keep the umask's mode and leave nothing behind; bounded reads of regular files only."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.examples import load_example
from netbuilder.core.files import atomic_write_bytes, read_regular_file, sweep_stale_temporaries
from netbuilder.core.project import save_project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027():  # type: ignore[no-untyped-def]
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_new_file_gets_0666_minus_the_umask(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "p.nbproj"
    save_project(load_example("xor"), target)
    assert _mode(target) == 0o640  # not mkstemp's 0600


def test_overwriting_keeps_the_existing_files_mode(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "p.nbproj"
    target.write_text("old")
    target.chmod(0o604)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o604


def _leftover(folder: Path, name: str, pid: int | None, age_s: float) -> Path:
    middle = f"{pid}-" if pid is not None else ""
    path = folder / f".{name}.{middle}abcd{int(age_s) % 10_000:04d}.tmp"
    path.write_bytes(b"x" * 100)
    old = time.time() - age_s
    os.utime(path, (old, old))
    return path


def test_a_save_sweeps_leftovers_of_killed_saves_but_not_writes_in_progress(tmp_path: Path) -> None:
    dead_pid = 2**22 + 12345  # above pid_max's default: no such process
    killed = _leftover(tmp_path, "p.nbproj", dead_pid, 1)
    ancient = _leftover(tmp_path, "p.nbproj", None, 2 * 3600)  # the naming before process ids
    running = _leftover(tmp_path, "p.nbproj", os.getppid(), 1)
    recent = _leftover(tmp_path, "p.nbproj", None, 2)
    other = _leftover(tmp_path, "q.nbproj", dead_pid, 1)
    atomic_write_bytes(tmp_path / "p.nbproj", b"{}")
    assert not killed.exists() and not ancient.exists()
    assert running.exists() and recent.exists() and other.exists()
    assert sweep_stale_temporaries(tmp_path) == 1  # q's, when sweeping every name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == sorted([running.name, recent.name])


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "folder.nbproj").mkdir()
    with pytest.raises(ProjectFileError):
        atomic_write_bytes(tmp_path / "folder.nbproj", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["folder.nbproj"]


def test_bounded_read_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 2000)
    assert read_regular_file(path, 2000) == b"x" * 2000
    with pytest.raises(ProjectFileError, match=r"1\.95 KiB; a file may be at most 1000 bytes"):
        read_regular_file(path, 1000)
    with pytest.raises(ProjectFileError, match="folder"):
        read_regular_file(tmp_path, 1000)
