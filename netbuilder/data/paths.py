"""Resolving user file paths stored in a project (relative paths are relative to the project file)."""

from __future__ import annotations

import logging
from pathlib import Path

from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)


def resolve_user_path(text: str, base_dir: Path | None, field: str) -> Path:
    """``text`` as a path: ``~`` expanded, relative paths joined to ``base_dir`` (the project's folder).

    Keeping paths relative in the project lets a project folder move with its data.
    """
    if not text.strip():
        raise DatasetError(f"field {field!r}: no file or folder chosen")
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def read_user_file(path: Path) -> bytes:
    """The bytes of a user's file, with a DatasetError (naming the file) when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DatasetError("file not found", path=str(path)) from None
    except IsADirectoryError:
        raise DatasetError("is a folder, not a file", path=str(path)) from None
    except OSError as error:
        raise DatasetError(f"cannot read: {error.strerror or error}", path=str(path)) from None
