"""Starting the app removes the export-check folders that killed processes left behind."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from netbuilder.core.files import CHECK_FOLDER_PREFIX

DEAD_PID = 2**22 + 12345  # above Linux's pid_max default: no such process


def test_start_up_sweeps_stale_export_checks(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netbuilder.gui.app import create_main_window

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"{CHECK_FOLDER_PREFIX}{DEAD_PID}-abc123"
    stale.mkdir()
    (stale / "model.onnx").write_bytes(b"x" * 1000)
    mine = Path(tempfile.mkdtemp(prefix=f"{CHECK_FOLDER_PREFIX}{__import__('os').getpid()}-"))
    window = create_main_window()
    qtbot.addWidget(window)
    assert not stale.exists() and mine.exists()  # a live process's folder stays
