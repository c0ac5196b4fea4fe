"""GUI test setup: offscreen Qt, isolated settings and recovery folder, no modal dialogs, no leaked threads."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QThread
from PySide6.QtWidgets import QMessageBox

_started_threads: weakref.WeakSet[QThread] = weakref.WeakSet()
_original_start = QThread.start


def _recording_start(self: QThread, *args: Any) -> None:
    _started_threads.add(self)
    _original_start(self, *args)


# The helpers module sits beside this file; make it importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))

QThread.start = _recording_start  # type: ignore[method-assign]


OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise|grabbing the (keyboard|mouse))"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns that it cannot propagate size hints, raise windows or grab
    # the keyboard (popups); that is the test platform talking, not NetBuilder, so only those are ignored,
    # here and in the folders below (training/, learn/).
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))


class DialogLog:
    """Replaces the modal QMessageBox calls: records them and answers with ``answer``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Discard

    def of(self, kind: str) -> list[tuple[str, str, str]]:
        return [c for c in self.calls if c[0] == kind]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep every test away from the user's settings, recovery files and the real clipboard state."""
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    monkeypatch.setenv("NETBUILDER_RECOVERY_DIR", str(tmp_path / "recovery"))
    yield tmp_path


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    log = DialogLog()

    def record(kind: str) -> Any:
        def fake(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            log.calls.append((kind, title, text))
            return log.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(fake)

    for kind in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return log


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    yield
    # A thread whose C++ object Qt already deleted has finished; only live, running ones leak.
    running = [t for t in list(_started_threads) if shiboken6.isValid(t) and t.isRunning()]
    for thread in running:  # stop them so one failure does not cascade into the next tests
        thread.quit()
        thread.wait(2000)
    assert not running, f"test left {len(running)} QThread(s) running: {running}"


@pytest.fixture
def window(qtbot: Any) -> Iterator[Any]:
    from netbuilder.gui.app import create_main_window

    win = create_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.files.new()
    yield win
    win.document.undo_stack.setClean()
    win.document._extra_dirty = False
    win.close()
