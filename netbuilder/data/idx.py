"""MNIST / Fashion-MNIST from the standard IDX files (optionally gzipped) in a user's folder."""

from __future__ import annotations

import logging
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from netbuilder.data.dataset import Dataset, class_count
from netbuilder.data.errors import DatasetError
from netbuilder.data.locations import default_download_folder, folder_candidates, shell_argument
from netbuilder.data.paths import MAX_DATA_FILE_BYTES, read_user_file
from netbuilder.data.spec import IdxSpec
from netbuilder.data.splits import assemble, split_indices

log = logging.getLogger(__name__)

IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
CLASS_NAMES = {
    "mnist": [str(d) for d in range(10)],
    "fashion-mnist": [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ],
}  # fmt: skip
DISPLAY_NAMES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}
# IDX type codes -> big-endian numpy dtypes
_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _existing_idx_file(folder: Path, stem: str) -> Path | None:
    dotted = stem.replace("-idx", ".idx")
    for name in (stem, stem + ".gz", dotted, dotted + ".gz"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def find_idx_file(folder: Path, stem: str) -> Path:
    """The file for ``stem`` in ``folder``: plain or .gz, with '-' or '.' before 'idx' (both circulate)."""
    found = _existing_idx_file(folder, stem)
    if found is not None:
        return found
    if not folder.is_dir():
        raise DatasetError("field 'folder': the folder does not exist", path=str(folder))
    raise DatasetError(f"missing file: expected {stem} or {stem}.gz in this folder", path=str(folder))


def resolve_idx_folder(spec: IdxSpec, base_dir: Path | None) -> Path:
    """The folder holding ``spec``'s IDX files: the first candidate (see ``folder_candidates``) with all
    four files, else the first with some of them (its missing file is then reported by name).

    When no candidate holds any of the files, the error names every place looked in and how to get them.
    """
    candidates = folder_candidates(spec.folder, base_dir)
    found = [sum(_existing_idx_file(c, stem) is not None for stem in IDX_FILES.values()) for c in candidates]
    for count, candidate in zip(found, candidates, strict=True):
        if count == len(IDX_FILES):
            log.info("IDX files for %r found in %s", spec.folder, candidate)
            return candidate
    for count, candidate in zip(found, candidates, strict=True):
        if count:
            return candidate
    raise _files_not_found(spec.variant, candidates, absolute=Path(spec.folder).expanduser().is_absolute())


def _files_not_found(variant: str, candidates: list[Path], *, absolute: bool) -> DatasetError:
    """The message a user sees when the dataset has not been downloaded (e.g. ``example:seed-cnn``)."""
    name = DISPLAY_NAMES[variant]
    download = f"netbuilder download {variant}"
    target = candidates[-1]  # the datasets folder for a relative folder, the folder itself for an absolute one
    if target != default_download_folder(variant):
        download += f" --folder {shell_argument(str(target))}"
    if absolute and not candidates[0].exists():
        looked = f"in {candidates[0]}: the folder does not exist"
    else:
        looked = f"(looked in {' and '.join(str(c) for c in candidates)})"
    files = ", ".join(f"{stem}(.gz)" for stem in IDX_FILES.values())
    return DatasetError(
        f"{name} files not found {looked}. Download them with: {download} "
        f"— or set the dataset's folder to one holding {files}."
    )


def _gunzip(raw: bytes, path: Path) -> bytes:
    """Decompress at most :data:`MAX_DATA_FILE_BYTES` (a small .gz can expand a thousandfold)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(raw, MAX_DATA_FILE_BYTES + 1)
    except zlib.error as error:
        raise DatasetError(f"not a valid gzip file: {error}", path=str(path)) from None
    if len(data) > MAX_DATA_FILE_BYTES:
        raise DatasetError(f"decompresses to more than {MAX_DATA_FILE_BYTES // 2**30} GiB, the limit", path=str(path))
    if not inflater.eof:
        raise DatasetError("not a valid gzip file: it ends early", path=str(path))
    return data


def read_idx(path: Path) -> np.ndarray:
    """Parse one IDX file into a numpy array (native byte order), checking magic number and size."""
    raw = read_user_file(path)
    if path.suffix == ".gz":
        raw = _gunzip(raw, path)
    if len(raw) < 4:
        raise DatasetError(f"truncated: {len(raw)} bytes, too short for an IDX header", path=str(path))
    zero, type_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or type_code not in _DTYPES or not 1 <= ndim <= 4:
        raise DatasetError(f"bad magic number 0x{int.from_bytes(raw[:4], 'big'):08x}: not an IDX file", path=str(path))
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise DatasetError("truncated: the header ends early", path=str(path))
    shape = struct.unpack(f">{ndim}I", raw[4:header_size])
    dtype = np.dtype(_DTYPES[type_code])
    # Python ints: numpy's int64 product of dims like (2**22, 2**21, 2**21) wraps around to 0.
    expected = math.prod(shape) * dtype.itemsize
    available = len(raw) - header_size
    if available < expected:
        raise DatasetError(
            f"truncated: the header promises shape {shape} ({expected} bytes) but only {available} follow",
            path=str(path),
        )
    data = np.frombuffer(raw, dtype=dtype, count=expected // dtype.itemsize, offset=header_size)
    return data.reshape(shape).astype(dtype.newbyteorder("="))


def _read_pair(folder: Path, kind: str, limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    images_path = find_idx_file(folder, IDX_FILES[f"{kind}_images"])
    labels_path = find_idx_file(folder, IDX_FILES[f"{kind}_labels"])
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3:
        raise DatasetError(f"expected images of shape (N, rows, cols), got {images.shape}", path=str(images_path))
    if labels.ndim != 1:
        raise DatasetError(f"expected labels of shape (N,), got {labels.shape}", path=str(labels_path))
    if len(images) != len(labels):
        raise DatasetError(
            f"{len(images)} images but {len(labels)} labels in {labels_path.name}", path=str(images_path)
        )
    class_count(labels, "labels", str(labels_path))
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    return images, labels.astype(np.int64)


def build_idx(spec: IdxSpec, base_dir: Path | None) -> Dataset:
    """Train files → train + validation (``val_fraction``, stratified), t10k files → test.

    ``limit`` caps the samples read from each of the two pairs of files (for quick experiments).
    """
    folder = resolve_idx_folder(spec, base_dir)
    train_images, train_labels = _read_pair(folder, "train", spec.limit)
    test_images, test_labels = _read_pair(folder, "test", spec.limit)
    if train_images.shape[1:] != test_images.shape[1:]:
        raise DatasetError(
            f"train images are {train_images.shape[1:]} but test images are {test_images.shape[1:]}",
            path=str(folder),
        )
    rows, cols = (int(d) for d in train_images.shape[1:])
    scale = 255.0 if train_images.dtype == np.uint8 else 1.0
    pool_x = (train_images.astype(np.float32) / scale).reshape(len(train_images), -1)
    test_x = (test_images.astype(np.float32) / scale).reshape(len(test_images), -1)
    val_fraction = spec.val_fraction if len(pool_x) > 1 else 0.0
    rng = np.random.default_rng([spec.seed, 0x5EED])
    train_idx, val_idx, _ = split_indices(len(pool_x), (1.0 - val_fraction, val_fraction, 0.0), rng, train_labels)
    parts = {
        "train": (pool_x[train_idx], train_labels[train_idx]),
        "val": (pool_x[val_idx], train_labels[val_idx]),
        "test": (test_x, test_labels),
    }
    num_classes = max(
        10, int(max(train_labels.max(initial=0), test_labels.max(initial=0))) + 1
    )  # checked in _read_pair
    class_names = CLASS_NAMES[spec.variant] if num_classes == 10 else [str(i) for i in range(num_classes)]
    return assemble(
        parts,
        task="classification",
        input_shape=(1, rows, cols) if spec.layout == "image" else (rows * cols,),
        feature_names=[f"pixel {r},{c}" for r in range(rows) for c in range(cols)],
        class_names=class_names,
        num_classes=num_classes,
        normalize=spec.normalize,
    )
