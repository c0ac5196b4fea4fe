"""Download MNIST / Fashion-MNIST IDX files with checksum checks and atomic writes.

Each file is fetched into memory, its published checksum verified, and only then written with
``atomic_write_bytes``, so a failed or interrupted download never leaves a half-written file behind.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.files import atomic_write_bytes
from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class DownloadCancelled(DatasetError):
    """The caller asked to stop; files verified so far are kept, nothing partial was written."""


BASE_URLS = {
    "mnist": "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "fashion-mnist": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
}
#: The MD5 sums the dataset authors publish (also used by torchvision); integrity, not security.
CHECKSUMS: dict[str, dict[str, str]] = {
    "mnist": {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
}
CHUNK = 1 << 16


def checksum_of(data: bytes, expected: str) -> str:
    """Hex digest of ``data`` with the algorithm implied by ``expected`` (32 hex digits: MD5, 64: SHA-256)."""
    if len(expected) == 32:
        return hashlib.md5(data, usedforsecurity=False).hexdigest()
    return hashlib.sha256(data).hexdigest()


def download_idx(
    dataset: str,
    folder: str | Path,
    progress: Progress | None = None,
    *,
    base_url: str | None = None,
    timeout: float = 30.0,
    checksums: Mapping[str, str] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Fetch the four IDX files of ``dataset`` ("mnist" or "fashion-mnist") into ``folder``.

    Files already present with the right checksum are kept. ``progress(done, total)`` is called with
    bytes received and bytes expected over all files (``total`` is 0 while a size is unknown).
    ``checksums`` maps file name → MD5 or SHA-256 hex digest and replaces the published table (tests use
    it to serve small files). Raises ``DatasetError`` when the server cannot be reached, answers with an
    error, or sends a file whose checksum does not match; nothing partial is left on disk.
    ``cancelled()`` is asked after every chunk received; when it says True, :class:`DownloadCancelled`
    is raised (files completed before it stay: they are whole and verified).
    """
    if dataset not in CHECKSUMS:
        raise DatasetError(f"unknown dataset {dataset!r}; choose one of {', '.join(CHECKSUMS)}")
    table = dict(checksums if checksums is not None else CHECKSUMS[dataset])
    url_root = base_url if base_url is not None else BASE_URLS[dataset]
    if not url_root.endswith("/"):
        url_root += "/"
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatasetError(f"cannot create the folder: {error.strerror or error}", path=str(target)) from None

    todo: list[str] = []
    done = 0
    for name, expected in table.items():
        existing = target / name
        if existing.is_file() and checksum_of(existing.read_bytes(), expected) == expected.lower():
            log.info("%s already present and verified", existing)
            done += existing.stat().st_size
        else:
            todo.append(name)
    sizes = {name: _remote_size(url_root + name, timeout) for name in todo}
    total = done + sum(sizes.values()) if all(sizes.values()) else 0
    if progress is not None:
        progress(done, total)

    def on_bytes(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise DownloadCancelled(
                "download cancelled; files finished before were kept, nothing partial was written", path=str(target)
            )

    for name in todo:
        data = _fetch(url_root + name, timeout, on_bytes)
        expected = table[name].lower()
        actual = checksum_of(data, expected)
        if actual != expected:
            raise DatasetError(
                f"checksum mismatch for {name}: expected {expected}, got {actual}; the download was discarded",
                path=str(target / name),
            )
        try:
            atomic_write_bytes(target / name, data)
        except ProjectFileError as error:
            raise DatasetError(error.message, path=str(target / name)) from None
        log.info("downloaded %s (%d bytes)", target / name, len(data))
    return [target / name for name in table]


def _unreachable(url: str, error: BaseException) -> DatasetError:
    if isinstance(error, urllib.error.HTTPError):
        return DatasetError(f"the server answered {error.code} {error.reason} for {url}")
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError | socket.timeout):
        return DatasetError(f"timed out reaching {url}; check the internet connection or try again")
    return DatasetError(
        f"cannot reach {url} ({reason}); check the internet connection, or copy the IDX files into the folder"
    )


def _remote_size(url: str, timeout: float) -> int:
    """Content-Length from a HEAD request (0 if the server does not say); fails early when offline."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.headers.get("Content-Length") or 0)
    except urllib.error.HTTPError as error:
        if error.code in (403, 405, 501):  # some servers refuse HEAD; the GET below still decides
            return 0
        raise _unreachable(url, error) from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        raise _unreachable(url, error) from None


def _fetch(url: str, timeout: float, on_bytes: Callable[[int], None]) -> bytes:
    chunks: list[bytes] = []
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = int(response.headers.get("Content-Length") or 0)
            # read1: whatever has arrived, up to CHUNK, so progress and cancelling follow a slow link.
            while chunk := response.read1(CHUNK):
                chunks.append(chunk)
                on_bytes(len(chunk))
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        raise _unreachable(url, error) from None
    data = b"".join(chunks)
    if length and len(data) != length:
        raise DatasetError(f"the download of {url} was cut short ({len(data)} of {length} bytes)")
    return data
