"""NumPy ``.npz`` archives (an input array and a target array) → Dataset."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import numpy as np

from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.paths import resolve_user_path
from netbuilder.data.spec import NpzSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)


def _load_arrays(path: Path, keys: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    if not path.exists():
        raise DatasetError("file not found", path=str(path))
    try:
        # allow_pickle=False: an .npz from elsewhere must not be able to run code when opened
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise DatasetError("is a single .npy array, not an .npz archive", path=str(path))
        with loaded as archive:
            available = sorted(archive.files)
            arrays = []
            for field, key in zip(("x_key", "y_key"), keys, strict=True):
                if key not in available:
                    raise DatasetError(
                        f"field {field!r}: no array {key!r}; arrays are {', '.join(available) or '(none)'}",
                        path=str(path),
                    )
                arrays.append(archive[key])
    except DatasetError:
        raise
    except ValueError as error:
        # numpy raises ValueError for object arrays (pickles) and for files that are not .npy/.npz
        raise DatasetError(f"cannot read as .npz: {error}", path=str(path)) from None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise DatasetError(f"not a readable .npz file: {error}", path=str(path)) from None
    return arrays[0], arrays[1]


def _check_numeric(name: str, array: np.ndarray, path: Path) -> None:
    if array.dtype.kind not in "biuf":
        raise DatasetError(f"array {name!r} has dtype {array.dtype}, not numbers", path=str(path))
    if array.ndim == 0 or array.shape[0] == 0:
        raise DatasetError(f"array {name!r} has no rows (shape {array.shape})", path=str(path))
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
        y = flat[:, 0].astype(np.int64)
        class_names = [str(i) for i in range(int(y.max()) + 1)]
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
