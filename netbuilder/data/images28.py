"""A built-in 28×28 image set, so that image networks (the seed CNN) train offline.

The bundled 8×8 handwritten digits are upscaled to 24×24 (bilinear) and centred on a 28×28 canvas,
as MNIST centres its 20×20 digits; each extra ``copies`` adds every image again, shifted by up to two
pixels in each direction (a seeded draw), so a network that is to classify them must learn
translation-tolerant features rather than pixel positions. The split is made over the original
images, so no shifted copy of a test image is ever trained on.
"""

from __future__ import annotations

import logging

import numpy as np
import torch

from netbuilder.data.dataset import Dataset
from netbuilder.data.digits import load_digits_arrays
from netbuilder.data.spec import Digits28Spec
from netbuilder.data.splits import assemble, split_indices

log = logging.getLogger(__name__)

SIZE = 28
DIGIT = 24  # side of the upscaled digit inside the canvas
MAX_SHIFT = 2


def upscale_digits(pixels: np.ndarray) -> np.ndarray:
    """(N, 64) 8×8 digits in [0, 1] → (N, 28, 28) float32 images, the digit centred."""
    small = torch.from_numpy(np.array(pixels, dtype=np.float32)).reshape(-1, 1, 8, 8)
    big = torch.nn.functional.interpolate(small, size=(DIGIT, DIGIT), mode="bilinear", align_corners=False)
    border = (SIZE - DIGIT) // 2
    canvas = torch.nn.functional.pad(big, (border, border, border, border))
    return canvas[:, 0].clamp(0.0, 1.0).numpy()


def shifted(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each image moved by a random whole-pixel offset in [-2, 2]² (the border is blank, nothing is cut)."""
    out = np.zeros_like(images)
    shifts = rng.integers(-MAX_SHIFT, MAX_SHIFT + 1, (len(images), 2))
    for i, (dy, dx) in enumerate(shifts):
        out[i] = np.roll(images[i], (int(dy), int(dx)), axis=(0, 1))
    return out


def build_digits28(spec: Digits28Spec) -> Dataset:
    pixels, labels = load_digits_arrays()
    images = upscale_digits(pixels)
    rng = np.random.default_rng([spec.seed, 28])
    split_rng = np.random.default_rng([spec.seed, 0x5EED])
    indices = split_indices(len(images), spec.split, split_rng, labels)
    parts = {}
    for name, idx in zip(("train", "val", "test"), indices, strict=True):
        x, y = images[idx], labels[idx]
        if name == "train" and spec.copies > 1:
            x = np.concatenate([x, *(shifted(x, rng) for _ in range(spec.copies - 1))])
            y = np.concatenate([y] * spec.copies)
        shape = (len(x), 1, SIZE, SIZE) if spec.layout == "image" else (len(x), SIZE * SIZE)
        parts[name] = (np.ascontiguousarray(x.reshape(shape)), y)
    image = spec.layout == "image"
    return assemble(
        parts,
        task="classification",
        input_shape=(1, SIZE, SIZE) if image else (SIZE * SIZE,),
        feature_names=[f"pixel {r},{c}" for r in range(SIZE) for c in range(SIZE)],
        class_names=[str(d) for d in range(10)],
        num_classes=10,
        normalize=spec.normalize,
    )
