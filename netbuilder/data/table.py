"""A small table stored inline in the project file (seed 000: inputs [[1,2],[3,4],[5,6]], targets [0,1,0])."""

from __future__ import annotations

import logging

import numpy as np

from netbuilder.data.dataset import Dataset, class_count
from netbuilder.data.errors import DatasetError
from netbuilder.data.spec import TableSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)


def _matrix(name: str, rows: tuple[tuple[float, ...], ...]) -> np.ndarray:
    if not rows:
        raise DatasetError(f"field {name!r}: the table has no rows")
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise DatasetError(f"field {name!r}: row {i} has {len(row)} values, row 0 has {width}")
    if width == 0:
        raise DatasetError(f"field {name!r}: rows are empty")
    return np.asarray(rows, dtype=np.float64)


def build_table(spec: TableSpec) -> Dataset:
    x = _matrix("inputs", spec.inputs)
    y = _matrix("targets", spec.targets)
    if len(x) != len(y):
        raise DatasetError(f"field 'targets': {len(y)} targets for {len(x)} input rows")
    feature_names = list(spec.feature_names) if spec.feature_names else [f"x{i + 1}" for i in range(x.shape[1])]
    if len(feature_names) != x.shape[1]:
        raise DatasetError(f"field 'feature_names': {len(feature_names)} names for {x.shape[1]} input columns")
    class_names = None
    num_classes = None
    if spec.task == "classification":
        if y.shape[1] != 1 or np.any(y < 0) or np.any(y != np.round(y)):
            raise DatasetError("field 'targets': classification targets must be one class index (0, 1, …) per row")
        num_classes = class_count(y, "field 'targets'")  # before the cast: 1e30 would wrap around
        y = y[:, 0].astype(np.int64)
        if spec.class_names:
            if len(spec.class_names) < num_classes:
                raise DatasetError(
                    f"field 'class_names': {len(spec.class_names)} names but targets use class {num_classes - 1}"
                )
            class_names = list(spec.class_names)
            num_classes = len(class_names)
        else:
            class_names = [str(i) for i in range(num_classes)]
    return split_and_assemble(
        x.astype(np.float32),
        y if spec.task == "classification" else y.astype(np.float32),
        split=spec.split,
        seed=spec.seed,
        task=spec.task,
        input_shape=(x.shape[1],),
        feature_names=feature_names,
        class_names=class_names,
        num_classes=num_classes,
        normalize=spec.normalize,
    )
