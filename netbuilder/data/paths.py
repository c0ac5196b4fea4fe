"""Resolving and reading user files named in a project (relative paths are relative to the project file).

Reads are bounded: only regular files (not ``/dev/zero``, a FIFO or a socket), at most
:data:`MAX_DATA_FILE_BYTES`, with a :class:`DatasetError` naming the file and the limit otherwise.
"""

from __future__ import annotations

import logging
from pathlib import Path

from netbuilder.core.files import read_regular_file
from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

# The largest data file NetBuilder reads into memory (parsed data needs several times this again).
MAX_DATA_FILE_BYTES = 2 * 2**30


def expand_user_path(text: str, field: str) -> Path:
    """``text`` as a path with ``~`` expanded; a NUL character or an unknown ``~user`` is a DatasetError."""
    if "\x00" in text:
        raise DatasetError(f"field {field!r}: the path contains a NUL character")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/...": pathlib cannot find that home folder
        user = text[1:].split("/", 1)[0].split("\\", 1)[0]
        raise DatasetError(f"field {field!r}: no user {user!r} for {text!r} (~user/... needs a known user)") from None


def resolve_user_path(text: str, base_dir: Path | None, field: str) -> Path:
    """``text`` as a path: ``~`` expanded, relative paths joined to ``base_dir`` (the project's folder).

    Keeping paths relative in the project lets a project folder move with its data.
    """
    if not text.strip():
        raise DatasetError(f"field {field!r}: no file or folder chosen")
    path = expand_user_path(text, field)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def read_user_file(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The bytes of a user's regular file of at most ``limit`` bytes, else a DatasetError naming it."""
    return read_regular_file(path, limit, error=DatasetError, what="data file", missing="file not found")
