"""IDX reading (MNIST layout) and the checksum-verified downloader against a local HTTP server."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import itertools
import re
import socket
import struct
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import torch

from netbuilder.data import DatasetError, DownloadCancelled, build_dataset, download_idx, read_idx
from netbuilder.data.idx_download import checksum_of

NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def idx_bytes(array: np.ndarray) -> bytes:
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int32): 0x0C, np.dtype(np.float32): 0x0D}
    header = struct.pack(">HBB", 0, codes[array.dtype], array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def make_arrays(n_train: int = 60, n_test: int = 20, size: int = 28) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        NAMES[0]: rng.integers(0, 256, (n_train, size, size), dtype=np.uint8),
        NAMES[1]: (np.arange(n_train) % 10).astype(np.uint8),
        NAMES[2]: rng.integers(0, 256, (n_test, size, size), dtype=np.uint8),
        NAMES[3]: (np.arange(n_test) % 10).astype(np.uint8),
    }


def write_idx_folder(folder: Path, arrays: dict[str, np.ndarray], gz: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        data = idx_bytes(array)
        if gz:
            (folder / (name + ".gz")).write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)


@pytest.mark.parametrize("gz", [False, True])
def test_idx_round_trip(tmp_path: Path, gz: bool) -> None:
    arrays = make_arrays()
    write_idx_folder(tmp_path / "mnist", arrays, gz=gz)
    ds = build_dataset({"kind": "idx", "folder": "mnist", "val_fraction": 0.2}, base_dir=tmp_path)
    assert ds.input_shape == (1, 28, 28) and ds.num_classes == 10 and ds.class_names == [str(d) for d in range(10)]
    assert ds.sizes() == {"train": 48, "val": 12, "test": 20}
    assert torch.allclose(ds.x_test[:, 0], torch.from_numpy(arrays[NAMES[2]]).float() / 255)
    assert torch.equal(ds.y_test, torch.from_numpy(arrays[NAMES[3]]).long())
    # train + val together are exactly the training file, each image with its own label
    pool = torch.cat([ds.x_train, ds.x_val]).reshape(60, -1)
    labels = torch.cat([ds.y_train, ds.y_val])
    original = torch.from_numpy(arrays[NAMES[0]]).float().reshape(60, -1) / 255
    order = [int(torch.nonzero((original == row).all(dim=1))[0]) for row in pool]
    assert sorted(order) == list(range(60))
    assert torch.equal(labels, torch.from_numpy(arrays[NAMES[1]]).long()[order])


def test_idx_vector_layout_limit_and_fashion_names(tmp_path: Path) -> None:
    write_idx_folder(tmp_path, make_arrays())
    spec = {"kind": "idx", "folder": str(tmp_path), "layout": "vector", "limit": 30, "variant": "fashion-mnist"}
    ds = build_dataset(spec)
    assert ds.input_shape == (784,) and sum(ds.sizes().values()) == 30 + 20
    assert ds.class_names is not None and ds.class_names[9] == "Ankle boot"


def test_read_idx_other_dtypes(tmp_path: Path) -> None:
    array = np.arange(12, dtype=np.int32).reshape(3, 4) - 5
    (tmp_path / "a").write_bytes(idx_bytes(array))
    assert np.array_equal(read_idx(tmp_path / "a"), array)


def test_missing_file_names_the_expected_file(tmp_path: Path) -> None:
    arrays = make_arrays()
    del arrays[NAMES[3]]
    write_idx_folder(tmp_path, arrays)
    with pytest.raises(DatasetError, match=re.escape("expected t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz")):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})
    with pytest.raises(DatasetError, match="does not exist"):
        build_dataset({"kind": "idx", "folder": str(tmp_path / "nowhere")})


def test_bad_magic_truncated_and_mismatched_counts(tmp_path: Path) -> None:
    arrays = make_arrays()
    write_idx_folder(tmp_path, arrays)
    images = tmp_path / NAMES[0]
    good = images.read_bytes()
    images.write_bytes(b"\x12\x34" + good[2:])
    with pytest.raises(DatasetError, match="bad magic number 0x1234") as info:
        build_dataset({"kind": "idx", "folder": str(tmp_path)})
    assert info.value.path == str(images)
    images.write_bytes(good[:-100])
    with pytest.raises(DatasetError, match="truncated"):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})
    images.write_bytes(good[:3])
    with pytest.raises(DatasetError, match="truncated"):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})
    images.write_bytes(good)
    (tmp_path / NAMES[1]).write_bytes(idx_bytes(arrays[NAMES[1]][:-1]))
    with pytest.raises(DatasetError, match="60 images but 59 labels"):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})
    (tmp_path / NAMES[1]).unlink()
    (tmp_path / (NAMES[1] + ".gz")).write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(DatasetError, match="gzip"):
        build_dataset({"kind": "idx", "folder": str(tmp_path)})


# --- downloader --------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A local HTTP server over a folder of small gzipped IDX files, and their SHA-256 table."""
    root = tmp_path / "server"
    write_idx_folder(root, make_arrays(n_train=30, n_test=10), gz=True)
    checksums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.iterdir()}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", checksums, root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_download_then_build(tmp_path: Path, served: tuple[str, dict[str, str], Path]) -> None:
    url, checksums, root = served
    calls: list[tuple[int, int]] = []
    target = tmp_path / "project" / "mnist"
    paths = download_idx(
        "mnist", target, lambda done, total: calls.append((done, total)), base_url=url, checksums=checksums
    )
    assert sorted(p.name for p in paths) == sorted(checksums)
    for path in paths:
        assert path.read_bytes() == (root / path.name).read_bytes()
    total = sum((root / name).stat().st_size for name in checksums)
    assert calls[-1] == (total, total)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))
    assert sorted(p.name for p in target.iterdir()) == sorted(checksums)  # no temp files left
    ds = build_dataset({"kind": "idx", "folder": "mnist", "limit": 20}, base_dir=tmp_path / "project")
    assert ds.sizes()["test"] == 10
    # a second call finds verified files and downloads nothing
    again: list[tuple[int, int]] = []
    download_idx("mnist", target, lambda d, t: again.append((d, t)), base_url=url, checksums=checksums)
    assert again == [(total, total)]


def test_checksum_mismatch_leaves_nothing(tmp_path: Path, served: tuple[str, dict[str, str], Path]) -> None:
    url, checksums, _ = served
    wrong = dict(checksums)
    wrong["t10k-images-idx3-ubyte.gz"] = "0" * 64
    target = tmp_path / "dl"
    with pytest.raises(DatasetError, match=re.escape("checksum mismatch for t10k-images-idx3-ubyte.gz")):
        download_idx("mnist", target, base_url=url, checksums=wrong)
    assert not (target / "t10k-images-idx3-ubyte.gz").exists()
    assert all(not p.name.startswith(".") for p in target.iterdir())  # no half-written temp files


def test_md5_checksums_are_accepted(tmp_path: Path, served: tuple[str, dict[str, str], Path]) -> None:
    url, _, root = served
    md5 = {p.name: hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest() for p in root.iterdir()}
    assert len(download_idx("fashion-mnist", tmp_path / "f", base_url=url, checksums=md5)) == 4


def test_missing_file_on_server(tmp_path: Path, served: tuple[str, dict[str, str], Path]) -> None:
    url, checksums, _ = served
    with pytest.raises(DatasetError, match="404"):
        download_idx("mnist", tmp_path / "dl", base_url=url, checksums={**checksums, "extra.gz": "0" * 64})


def test_server_down_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = tmp_path / "dl"
    with pytest.raises(DatasetError, match="cannot reach") as info:
        download_idx("mnist", target, base_url=f"http://127.0.0.1:{port}/", timeout=2)
    assert "internet connection" in str(info.value)
    assert list(target.iterdir()) == []


def test_unknown_dataset_name(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown dataset"):
        download_idx("cifar", tmp_path)


def test_cancelling_keeps_finished_files_and_writes_nothing_partial(
    tmp_path: Path, served: tuple[str, dict[str, str], Path]
) -> None:
    url, checksums, _ = served
    target = tmp_path / "mnist"
    chunks: list[int] = []

    def cancelled() -> bool:  # asked after every chunk: stop during the second file
        chunks.append(1)
        return len(chunks) >= 2

    with pytest.raises(DownloadCancelled, match="cancelled"):
        download_idx("mnist", target, base_url=url, checksums=checksums, cancelled=cancelled)
    written = sorted(p.name for p in target.iterdir())
    assert len(written) <= 1  # at most the whole first file; never a partial or temporary one
    for name in written:
        assert checksum_of((target / name).read_bytes(), checksums[name]) == checksums[name]
