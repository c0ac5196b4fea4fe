"""Autosave to a recovery folder, and offering those files back after a crash.

Each running app writes ``<pid>.nbproj`` (plus ``<pid>.json`` naming the file it belongs to) every
:data:`AUTOSAVE_MS` while the document is dirty, and deletes both on a clean close or a save. Files
whose process is no longer running are what a crash left behind.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import FILE_SUFFIX, Project, atomic_write_bytes, load_project
from netbuilder.gui.document import Document

log = logging.getLogger(__name__)

AUTOSAVE_MS = 60_000
# Tests (and users who want it elsewhere) point this at another folder.
RECOVERY_DIR_ENV = "NETBUILDER_RECOVERY_DIR"


def recovery_dir() -> Path:
    override = os.environ.get(RECOVERY_DIR_ENV)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # cannot tell cheaply: treat as left behind
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class RecoveryFile:
    path: Path
    original: str | None  # the project file it was editing, if it had one
    modified: float

    def load(self) -> Project:
        return load_project(self.path)

    def discard(self) -> None:
        for p in (self.path, self.path.with_suffix(".json")):
            with contextlib.suppress(OSError):
                p.unlink()


def left_behind(folder: Path | None = None) -> list[RecoveryFile]:
    """Recovery files of processes that are gone, newest first."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.glob(f"*{FILE_SUFFIX}"):
        try:
            pid = int(entry.stem)
        except ValueError:
            continue
        if _alive(pid):
            continue
        original = None
        with contextlib.suppress(OSError, ValueError):
            original = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8")).get("original")
        found.append(RecoveryFile(entry, original, entry.stat().st_mtime))
    return sorted(found, key=lambda r: r.modified, reverse=True)


class Autosaver(QObject):
    def __init__(self, document: Document, interval_ms: int = AUTOSAVE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = recovery_dir()
        self.path = self.folder / f"{os.getpid()}{FILE_SUFFIX}"
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_now)
        self.timer.start()
        document.saved.connect(self._on_document_saved)
        document.project_replaced.connect(self._on_document_project_replaced)

    def autosave_now(self) -> bool:
        if not self.document.is_dirty:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, self.document.project.to_json().encode("utf-8"))
            original = str(self.document.path) if self.document.path else None
            atomic_write_bytes(self.path.with_suffix(".json"), json.dumps({"original": original}).encode("utf-8"))
        except (NetBuilderError, OSError) as error:
            log.warning("autosave failed: %s", error)
            return False
        log.debug("autosaved to %s", self.path)
        return True

    def discard(self) -> None:
        RecoveryFile(self.path, None, 0.0).discard()

    def _on_document_saved(self, _path: str) -> None:
        self.discard()

    def _on_document_project_replaced(self) -> None:
        if not self.document.is_dirty:
            self.discard()

    def stop(self) -> None:
        self.timer.stop()
        self.discard()
