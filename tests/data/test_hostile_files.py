"""Hostile data files and specs: one DatasetError naming the file (and the limit), never a huge allocation."""

from __future__ import annotations

import gzip
import io
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from netbuilder.core.limits import MemoryLimitError
from netbuilder.data import DatasetError, build_dataset, read_idx
from netbuilder.data.spec import DatasetSpec


def _npz(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_before_reading(path: str) -> None:
    for kind in ("csv", "npz"):
        with pytest.raises(DatasetError, match="not a regular file"):
            build_dataset({"kind": kind, "path": path})


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(DatasetError, match="not a regular file"):
        build_dataset({"kind": "csv", "path": str(fifo)})


@pytest.mark.parametrize(
    ("path", "message"),
    [("a\x00b.csv", "NUL"), ("~nonexistentuser17/x.csv", "no user 'nonexistentuser17'")],
)
def test_unusable_paths_are_one_clean_error(path: str, message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        build_dataset({"kind": "csv", "path": path})


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"x.npy": _npy(np.zeros((40, 0), np.float32)), "y.npy": _npy(np.zeros(40, np.int64))}, "no values"),
        ({"x.npy": b"hello" * 20, "y.npy": b"junk"}, "not a NumPy array"),
        (
            {
                "x.npy": _npy(np.zeros((40, 2), np.float32))[:10] + b"{'descr': '<f4', 'fortran_order': False, 'sh\n",
                "y.npy": _npy(np.zeros(40, np.int64)),
            },
            "damaged .npy header",
        ),
        (
            # the header promises 10^12 floats; the member holds 32 bytes
            {"x.npy": _npy(np.zeros(4, np.float64)).replace(b"(4,)", b"(1000000000000,)"), "y.npy": b""},
            "header promises",
        ),
    ],
)
def test_broken_npz_members_are_one_clean_error(tmp_path: Path, members: dict[str, bytes], message: str) -> None:
    path = _npz(tmp_path / "d.npz", members)
    with pytest.raises(DatasetError, match=message) as caught:
        build_dataset({"kind": "npz", "path": str(path)})
    assert caught.value.path == str(path)


def test_one_huge_npz_label_is_refused_before_building_class_names(tmp_path: Path) -> None:
    path = tmp_path / "d.npz"
    np.savez(path, x=np.zeros((40, 2), np.float32), y=np.array([10**12] + [0] * 39, np.int64))
    with pytest.raises(DatasetError, match="label 1000000000000 would mean"):
        build_dataset({"kind": "npz", "path": str(path)})


def _idx(array: np.ndarray, dims: tuple[int, ...] | None = None) -> bytes:
    codes = {np.dtype(np.uint8): 0x08, np.dtype(">i4"): 0x0C}
    shape = dims if dims is not None else array.shape
    header = struct.pack(">HBB", 0, codes[array.dtype], len(shape)) + struct.pack(f">{len(shape)}I", *shape)
    return header + array.tobytes()


def test_idx_dims_whose_int64_product_wraps_to_zero_are_truncation(tmp_path: Path) -> None:
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(_idx(np.zeros(8, np.uint8), dims=(2**22, 2**21, 2**21)))
    with pytest.raises(DatasetError, match="truncated: the header promises"):
        read_idx(path)


def test_a_gzip_bomb_idx_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netbuilder.data import idx

    monkeypatch.setattr(idx, "MAX_DATA_FILE_BYTES", 1000)
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(b"\0" * 100_000))
    with pytest.raises(DatasetError, match="decompresses to more than"):
        read_idx(path)


def test_one_huge_idx_label_is_refused(tmp_path: Path) -> None:
    images = np.zeros((3, 2, 2), np.uint8)
    labels = np.array([0, 2_000_000_000, 1], dtype=">i4")
    for prefix in ("train", "t10k"):
        (tmp_path / f"{prefix}-images-idx3-ubyte").write_bytes(_idx(images))
        (tmp_path / f"{prefix}-labels-idx1-ubyte").write_bytes(_idx(labels))
    with pytest.raises(DatasetError, match="label 2000000000 would mean"):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "sine-next", "samples": 1_000_000, "length": 10_000},
        {"kind": "random-regression", "samples": 1_000_000, "features": 100_000},
    ],
)
def test_datasets_too_big_for_the_machine_are_refused_before_allocating(spec: dict[str, object]) -> None:
    assert DatasetSpec.from_dict(spec).estimated_bytes() > 700 * 2**30
    with pytest.raises(MemoryLimitError, match="would need about"):
        build_dataset(spec)


def test_the_memory_limit_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETBUILDER_MEMORY_LIMIT", "1K")
    with pytest.raises(MemoryLimitError, match="limit on this machine is 1 KiB"):
        build_dataset({"kind": "spiral", "samples": 1000})
