"""Where the app keeps preferences: one INI QSettings (tests redirect it with ``QSettings.setPath``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "NetBuilder"
APPLICATION = "NetBuilder"
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-item list
        value = [value]
    return [str(v) for v in value or [] if v]


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [path, *(f for f in recent_files() if f != path)][:MAX_RECENT]
    settings().setValue("recent_files", files)
    return files


def remove_recent_file(path: str) -> None:
    settings().setValue("recent_files", [f for f in recent_files() if f != path])
