"""``build_dataset``: one entry point from a spec (object or project JSON) to a ``Dataset``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from netbuilder.core.limits import check_memory
from netbuilder.data.csv_loader import build_csv
from netbuilder.data.dataset import Dataset
from netbuilder.data.digits import build_digits
from netbuilder.data.errors import DatasetError
from netbuilder.data.functions import build_function
from netbuilder.data.idx import build_idx
from netbuilder.data.images28 import build_digits28
from netbuilder.data.npz_loader import build_npz
from netbuilder.data.random_regression import build_random_regression
from netbuilder.data.sequences import build_sequence
from netbuilder.data.spec import (
    CsvSpec,
    DatasetSpec,
    Digits28Spec,
    DigitsSpec,
    FunctionSpec,
    IdxSpec,
    NpzSpec,
    RandomRegressionSpec,
    SequenceSpec,
    TableSpec,
    ToySpec,
    all_kinds,
    spec_from,
)
from netbuilder.data.table import build_table
from netbuilder.data.toy2d import build_toy

log = logging.getLogger(__name__)

_Builder = Callable[[Any, Path | None], Dataset]

_BUILDERS: dict[type[DatasetSpec], _Builder] = {
    ToySpec: lambda spec, _: build_toy(spec),
    FunctionSpec: lambda spec, _: build_function(spec),
    DigitsSpec: lambda spec, _: build_digits(spec),
    IdxSpec: build_idx,
    TableSpec: lambda spec, _: build_table(spec),
    SequenceSpec: lambda spec, _: build_sequence(spec),
    RandomRegressionSpec: lambda spec, _: build_random_regression(spec),
    CsvSpec: build_csv,
    NpzSpec: build_npz,
    Digits28Spec: lambda spec, _: build_digits28(spec),
}


def dataset_kinds() -> list[str]:
    """Every dataset "kind", in the order the GUI's combo box lists them."""
    return all_kinds()


def build_dataset(spec: DatasetSpec | Mapping[str, Any], *, base_dir: Path | None = None) -> Dataset:
    """Build the dataset a spec describes; the same spec and seed always give identical tensors.

    ``base_dir`` is the folder of the project file: relative CSV/NPZ paths and IDX folders are resolved
    against it. Every user-caused failure is a ``DatasetError``.
    """
    parsed = spec_from(spec)
    check_memory(parsed.estimated_bytes(), f"the {parsed.kind!r} dataset")
    builder = _BUILDERS.get(type(parsed))
    if builder is None:
        raise DatasetError(f"field 'kind': no builder for {parsed.kind!r}")
    started = time.perf_counter()
    dataset = builder(parsed, Path(base_dir) if base_dir is not None else None)
    dataset.extras.setdefault("spec", parsed.to_dict())
    log.debug("built %s dataset %s in %.3f s", parsed.kind, dataset.sizes(), time.perf_counter() - started)
    return dataset
