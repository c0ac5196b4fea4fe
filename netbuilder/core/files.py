"""Reading and writing user files safely: bounded reads of regular files, atomic writes, no leftovers.

- :func:`read_regular_file` opens without blocking (a FIFO would otherwise wait forever for a writer),
  refuses anything but a regular file (``/dev/zero`` never ends, ``/dev/urandom`` never ends either) and
  refuses files above a stated limit before reading them.
- :func:`atomic_write_bytes` writes a temporary file beside the target, fsyncs it and renames it over
  the target, so readers see the old file or the whole new one. The result has the mode a plain
  ``open(path, "w")`` would give (``0666 & ~umask`` for a new file, the old file's mode when replacing
  one), not ``mkstemp``'s private 0600.
- Temporary names carry the writer's process id, so a later save can tell the leftovers of a killed
  process from a write in progress and :func:`sweep_stale_temporaries` removes them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from netbuilder.core.errors import NetBuilderError, ProjectFileError
from netbuilder.core.limits import format_bytes

log = logging.getLogger(__name__)

ErrorType = Callable[..., NetBuilderError]

# A temporary file nobody has touched for this long belongs to no running write.
STALE_AFTER_S = 3600.0
_umask_lock = threading.Lock()


def read_regular_file(
    path: str | os.PathLike[str],
    limit: int,
    *,
    error: ErrorType = ProjectFileError,
    what: str = "file",
    missing: str = "no such file",
) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; anything else raises ``error``."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading waits for a writer; with it, open returns at once.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(missing, path=name) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path=name) from None
    except ValueError:  # an embedded NUL character
        raise error("the path contains a NUL character", path=name) from None
    except OSError as failure:
        raise error(f"cannot read: {failure.strerror or failure}", path=name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"is a folder, not a {what}", path=name)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"is not a regular file (a device, pipe or socket), so it cannot be a {what}", path=name)
        if info.st_size > limit:
            raise error(f"is {format_bytes(info.st_size)}; a {what} may be at most {format_bytes(limit)}", path=name)
        chunks = []
        remaining = limit + 1  # one byte more tells a file that grew past the limit while being read
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as failure:
        raise error(f"cannot read: {failure.strerror or failure}", path=name) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(f"grew beyond {format_bytes(limit)} while being read; a {what} may be at most that", path=name)
    return data


def current_umask() -> int:
    """The process umask (read without changing it where the OS allows)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    with _umask_lock:  # elsewhere the only way to read it is to set it, briefly
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def mode_for(path: str | os.PathLike[str]) -> int:
    """The permission bits a write to ``path`` should leave: the existing file's, else ``0666 & ~umask``."""
    try:
        info = os.stat(path)
    except OSError:
        return 0o666 & ~current_umask()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o666 & ~current_umask()


def replace_with_mode(temporary: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename ``temporary`` over ``target``, first giving it the mode ``target`` should have."""
    with contextlib.suppress(OSError):  # some file systems (FAT, SMB) have no modes; the write still counts
        os.chmod(temporary, mode_for(target))
    os.replace(temporary, target)


def temporary_prefix(target: Path) -> str:
    """The start of a temporary file's name for ``target``: hidden, with the owner's process id."""
    return f".{target.name}.{os.getpid()}-"


_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?:(?P<pid>\d+)-)?[A-Za-z0-9_]{8}\.tmp(?:\.[A-Za-z0-9]+)?$")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its files alone
    return True


def _is_stale(entry: os.DirEntry[str], pid: str | None, now: float) -> bool:
    try:
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if pid is not None and not _process_alive(int(pid)):
        return True
    return age > STALE_AFTER_S


def _stale_entries(folder: str | os.PathLike[str], pattern: re.Pattern[str], *, folders: bool) -> list[tuple[str, str]]:
    """(path, name group) of the stale files (or folders) in ``folder`` whose names match ``pattern``."""
    found = []
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = pattern.match(entry.name)
            kind_ok = entry.is_dir(follow_symlinks=False) if folders else entry.is_file(follow_symlinks=False)
            if match is not None and kind_ok and _is_stale(entry, match["pid"], now):
                found.append((entry.path, match.groupdict().get("name") or ""))
    return found


def sweep_stale_temporaries(folder: str | os.PathLike[str], names: set[str] | None = None) -> int:
    """Remove temporary files of our own naming left in ``folder`` by killed writes; returns how many.

    ``names`` limits the sweep to temporaries of those target names (a save sweeps only its own file's,
    so it never touches another program's hidden files that happen to look alike).
    """
    removed = 0
    for path, name in _stale_entries(folder, _TEMPORARY, folders=False):
        if names is None or name in names:
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
                log.info("removed a temporary file left by an interrupted write: %s", path)
    return removed


def work_folder_prefix(prefix: str) -> str:
    """The name start of a scratch folder owned by this process (see :func:`sweep_stale_work_folders`)."""
    return f"{prefix}{os.getpid()}-"


# The export check's scratch folders in the temporary directory (``netbuilder.export.verify``).
CHECK_FOLDER_PREFIX = "netbuilder-check-"


def sweep_stale_work_folders(parent: str | os.PathLike[str], prefix: str) -> int:
    """Remove scratch folders ``{prefix}{pid}-*`` in ``parent`` whose process is gone; returns how many.

    A process killed mid-task never runs its ``TemporaryDirectory`` clean-up; the next one sweeps.
    """
    pattern = re.compile(rf"^{re.escape(prefix)}(?:(?P<pid>\d+)-)?[A-Za-z0-9_]+$")
    stale = _stale_entries(parent, pattern, folders=True)
    for path, _name in stale:
        shutil.rmtree(path, ignore_errors=True)
        log.info("removed a scratch folder left by an interrupted process: %s", path)
    return len(stale)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, error: ErrorType = ProjectFileError) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    sweep_stale_temporaries(directory, {path.name})
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=directory)
    except OSError as failure:
        raise error(f"cannot write here: {failure.strerror}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_with_mode(tmp_name, path)
    except BaseException as failure:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(failure, OSError):
            raise error(f"cannot write: {failure.strerror}", path=str(path)) from None
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the folder entry is on disk; not every OS can open a folder.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
