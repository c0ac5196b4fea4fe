"""The bundled 8×8 handwritten digits (UCI optical digits, as shipped by scikit-learn)."""

from __future__ import annotations

import functools
import gzip
import io
import logging
from importlib import resources

import numpy as np

from netbuilder.data.dataset import Dataset
from netbuilder.data.errors import DatasetError
from netbuilder.data.spec import DigitsSpec
from netbuilder.data.splits import split_and_assemble

log = logging.getLogger(__name__)

DIGITS_RESOURCE = ("datasets", "digits.csv.gz")


@functools.cache
def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Pixels ``(1797, 64)`` as float32 in [0, 1] and labels ``(1797,)`` int64 (cached, read-only)."""
    resource = resources.files("netbuilder.resources").joinpath(*DIGITS_RESOURCE)
    try:
        raw = gzip.decompress(resource.read_bytes())
    except (OSError, EOFError) as error:
        raise DatasetError(f"the bundled digits file cannot be read: {error}", path=str(resource)) from None
    table = np.loadtxt(io.BytesIO(raw), delimiter=",", dtype=np.float32)
    if table.ndim != 2 or table.shape[1] != 65:
        raise DatasetError(f"the bundled digits file has shape {table.shape}, expected (N, 65)", path=str(resource))
    pixels = table[:, :64] / 16.0  # counts of on-pixels in a 4×4 block: 0..16
    labels = table[:, 64].astype(np.int64)
    pixels.setflags(write=False)
    labels.setflags(write=False)
    return pixels, labels


def build_digits(spec: DigitsSpec) -> Dataset:
    pixels, labels = load_digits_arrays()
    image = spec.layout == "image"
    return split_and_assemble(
        pixels,
        labels,
        split=spec.split,
        seed=spec.seed,
        task="classification",
        input_shape=(1, 8, 8) if image else (64,),
        feature_names=[f"pixel {r},{c}" for r in range(8) for c in range(8)],
        class_names=[str(d) for d in range(10)],
        num_classes=10,
        normalize=spec.normalize,
    )
