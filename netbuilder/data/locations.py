"""Where NetBuilder keeps downloaded datasets, and where an IDX spec's relative folder is looked for.

Bundled examples live inside the installed package (read-only), so a relative dataset folder such as
``"mnist"`` cannot sensibly resolve next to them. It is looked for first next to the project file (so a
project folder can carry its own data) and then in the per-user datasets folder that
``netbuilder download`` fills by default.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from pathlib import Path

from netbuilder.data.errors import DatasetError
from netbuilder.data.paths import expand_user_path

log = logging.getLogger(__name__)

#: Overrides the per-user datasets folder (tests, shared lab machines, a bigger disk).
DATA_DIR_ENV = "NETBUILDER_DATA_DIR"


def datasets_dir() -> Path:
    """The per-user folder for downloaded datasets (it may not exist yet).

    ``$NETBUILDER_DATA_DIR`` if set; otherwise ``%LOCALAPPDATA%\\NetBuilder\\datasets`` on Windows,
    ``~/Library/Application Support/NetBuilder/datasets`` on macOS, and
    ``$XDG_DATA_HOME/netbuilder/datasets`` (default ``~/.local/share/netbuilder/datasets``) elsewhere.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        root = Path(local) if local else Path.home() / "AppData" / "Local"
        return root / "NetBuilder" / "datasets"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "NetBuilder" / "datasets"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return root / "netbuilder" / "datasets"


def default_download_folder(dataset: str) -> Path:
    """Where ``netbuilder download DATASET`` puts the files when no ``--folder`` is given."""
    return datasets_dir() / dataset


def folder_candidates(text: str, base_dir: Path | None, field: str = "folder") -> list[Path]:
    """The places a dataset folder from a spec may be, in the order they are tried.

    An absolute folder (after ``~`` expansion) is the only candidate. A relative one is tried in the
    project's folder ``base_dir`` (when the project has one) and then in :func:`datasets_dir`.
    """
    if not text.strip():
        raise DatasetError(f"field {field!r}: no file or folder chosen")
    path = expand_user_path(text, field)
    if path.is_absolute():
        return [path]
    candidates = [Path(base_dir) / path] if base_dir is not None else []
    candidates.append(datasets_dir() / path)
    return candidates


def shell_argument(text: str) -> str:
    """``text`` quoted, if it needs it, for pasting into the user's shell."""
    if sys.platform == "win32":
        return f'"{text}"' if any(c.isspace() or c in "&|<>^" for c in text) else text
    return shlex.quote(text)
