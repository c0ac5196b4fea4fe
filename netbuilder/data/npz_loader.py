"""NumPy ``.npz`` archives (an input array and a target array) → Dataset."""

from __future__ import annotations

import io
import logging
import math
import tokenize
import zipfile
import zlib
from pathlib import Path

import numpy as np

from netbuilder.core.limits import check_memory, format_bytes
from netbuilder.data.dataset import Dataset, class_count
from netbuilder.data.errors import DatasetError
from netbuilder.data.paths import MAX_DATA_FILE_BYTES, read_user_file, resolve_user_path
from netbuilder.data.spec import NpzSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)


# Everything a broken or hostile .npy member makes numpy's reader raise (a truncated header dict ends
# in tokenize.TokenError, a bad one in SyntaxError or ValueError, a damaged zip in zlib.error...).
_READ_ERRORS = (
    ValueError,
    SyntaxError,
    TypeError,
    tokenize.TokenError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
)


def _member_name(archive: zipfile.ZipFile, key: str, field: str, path: Path) -> str:
    names = {name.removesuffix(".npy"): name for name in archive.namelist()}
    if key not in names:
        available = ", ".join(sorted(names)) or "(none)"
        raise DatasetError(f"field {field!r}: no array {key!r}; arrays are {available}", path=str(path))
    return names[key]


def _read_member(archive: zipfile.ZipFile, name: str, key: str, path: Path) -> np.ndarray:
    """One array, its header checked (magic, dtype, shape vs size and memory) before numpy allocates it."""
    where = f"array {key!r}"
    info = archive.getinfo(name)
    if info.file_size > MAX_DATA_FILE_BYTES:
        raise DatasetError(
            f"{where} is {format_bytes(info.file_size)} uncompressed; the limit is 2 GiB", path=str(path)
        )
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
        except ValueError:
            raise DatasetError(f"{where} is not a NumPy array (no .npy header)", path=str(path)) from None
        reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        try:
            shape, _fortran, dtype = reader(member)
        except _READ_ERRORS as error:
            raise DatasetError(f"{where} has a damaged .npy header ({error})", path=str(path)) from None
        if dtype.hasobject:
            raise DatasetError(f"{where} holds Python objects, which NetBuilder never loads", path=str(path))
        needed = math.prod(shape) * dtype.itemsize  # Python ints: no int64 wrap-around
        if needed > info.file_size:
            raise DatasetError(
                f"{where}: the header promises shape {shape} ({needed} bytes) but the member holds "
                f"{info.file_size} bytes",
                path=str(path),
            )
        check_memory(needed * 3, f"{where} of {path}")
    with archive.open(info) as member:
        return np.lib.format.read_array(member, allow_pickle=False)


def _load_arrays(path: Path, keys: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    raw = read_user_file(path)
    arrays = []
    try:
        # allow_pickle=False: an .npz from elsewhere must not be able to run code when opened
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for field, key in zip(("x_key", "y_key"), keys, strict=True):
                arrays.append(_read_member(archive, _member_name(archive, key, field, path), key, path))
    except _READ_ERRORS as error:
        if raw[:6] == b"\x93NUMPY":
            raise DatasetError("is a single .npy array, not an .npz archive", path=str(path)) from None
        raise DatasetError(f"not a readable .npz file: {error}", path=str(path)) from None
    return arrays[0], arrays[1]


def _check_numeric(name: str, array: np.ndarray, path: Path) -> None:
    if array.dtype.kind not in "biuf":
        raise DatasetError(f"array {name!r} has dtype {array.dtype}, not numbers", path=str(path))
    if array.ndim == 0 or array.shape[0] == 0:
        raise DatasetError(f"array {name!r} has no rows (shape {array.shape})", path=str(path))
    if array.size == 0:
        raise DatasetError(f"array {name!r} has no values in its rows (shape {array.shape})", path=str(path))
    if array.dtype.kind == "f":
        bad = ~np.isfinite(array.reshape(len(array), -1)).all(axis=1)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DatasetError(f"array {name!r} has NaN or infinite values (first in row {row})", path=str(path))
        if np.abs(array).max() > np.finfo(np.float32).max:
            raise DatasetError(f"array {name!r} has values too large for float32", path=str(path))


def build_npz(spec: NpzSpec, base_dir: Path | None) -> Dataset:
    path = resolve_user_path(spec.path, base_dir, "path")
    x, y = _load_arrays(path, (spec.x_key, spec.y_key))
    _check_numeric(spec.x_key, x, path)
    _check_numeric(spec.y_key, y, path)
    if len(x) != len(y):
        raise DatasetError(f"{spec.x_key!r} has {len(x)} rows but {spec.y_key!r} has {len(y)}", path=str(path))
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    task = spec.task
    if task == "auto":
        task = "classification" if y.dtype.kind in "biu" and y.ndim == 1 else "regression"
    class_names = None
    if task == "classification":
        flat = y.reshape(len(y), -1)
        if flat.shape[1] != 1 or np.any(flat < 0) or np.any(flat != np.round(flat)):
            raise DatasetError(
                f"array {spec.y_key!r}: classification needs one class index (0, 1, …) per row", path=str(path)
            )
        # Counted before the int64 cast, which would wrap a label like 1e30 around.
        classes = class_count(flat, f"array {spec.y_key!r}", str(path))
        y = flat[:, 0].astype(np.int64)
        class_names = [str(i) for i in range(classes)]
    else:
        y = y.reshape(len(y), -1).astype(np.float32)
    input_shape = tuple(int(d) for d in x.shape[1:])
    width = int(np.prod(input_shape))
    return split_and_assemble(
        x.astype(np.float32),
        y,
        split=spec.split,
        seed=spec.seed,
        task=task,
        input_shape=input_shape,
        feature_names=[f"x{i + 1}" for i in range(width)] if len(input_shape) == 1 else [],
        class_names=class_names,
        num_classes=len(class_names) if class_names is not None else None,
        normalize=spec.normalize,
    )
