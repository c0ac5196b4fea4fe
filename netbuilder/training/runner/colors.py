"""The colour language of the training views, as plain numbers (no Qt).

The training process colours the decision field with :func:`probabilities_to_rgb` and must not import
Qt, so the colours live here; :mod:`plot_style` turns them into pens and brushes.
"""

from __future__ import annotations

import functools

import numpy as np

# Class colours in the TensorFlow-Playground spirit: blue and orange first, then a qualitative set.
CLASS_COLORS: tuple[tuple[int, int, int], ...] = (
    (8, 119, 189),
    (245, 147, 34),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
)
# Unit colours for the hinge view: distinct from the class colours' blue/orange used for data.
UNIT_COLORS: tuple[tuple[int, int, int], ...] = (
    (230, 25, 75),
    (60, 180, 75),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 240, 240),
    (240, 50, 230),
    (210, 245, 60),
    (0, 128, 128),
    (170, 110, 40),
)
DEAD_COLOR = (150, 150, 150)
TRAIN_COLOR = (31, 119, 180)
VAL_COLOR = (255, 127, 14)
BACKGROUND = (250, 250, 250)
FOREGROUND = (40, 40, 40)


def class_color(index: int) -> tuple[int, int, int]:
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def unit_color(index: int) -> tuple[int, int, int]:
    return UNIT_COLORS[index % len(UNIT_COLORS)]


def probabilities_to_rgb(probs: np.ndarray) -> np.ndarray:
    """Colour a (H, W, C) probability grid: the winning class's colour, paler where the net is unsure.

    C == 1 means a single sigmoid output (probability of class 1).
    """
    if probs.ndim == 2:
        probs = probs[..., None]
    if probs.shape[-1] <= 2:  # every colour is a function of p(class 1): look it up
        p1 = np.asarray(probs[..., -1], dtype=np.float32)
        index = np.clip(p1 * (BINARY_LEVELS - 1) + 0.5, 0, BINARY_LEVELS - 1).astype(np.intp)
        field: np.ndarray = np.take(_binary_table(), index, axis=0)  # 5× faster than fancy indexing
        return field
    return _mixed_rgb(np.asarray(probs, dtype=np.float32))


# Two classes: the field is recoloured for every frame of a training run (10,000 pixels) and, for
# binary problems (most 2-D ones), a lookup in a table over p(class 1) is one vector op against a
# dozen; with 1,024 levels the colour is within one unit of the formula's.
BINARY_LEVELS = 1024


@functools.lru_cache(maxsize=1)
def _binary_table() -> np.ndarray:
    p1 = np.linspace(0.0, 1.0, BINARY_LEVELS, dtype=np.float32)
    return _mixed_rgb(np.stack([1.0 - p1, p1], axis=-1))


def _mixed_rgb(probs: np.ndarray) -> np.ndarray:
    """The colour formula for (..., C) float32 probabilities, C ≥ 2."""
    classes = probs.shape[-1]
    palette = np.array([class_color(i) for i in range(classes)], dtype=np.float32)
    # The winning probability class by class: numpy's max along a short last axis is ~20× slower.
    best = probs[..., 0].copy()
    for c in range(1, classes):
        np.maximum(best, probs[..., c], out=best)
    # Pale near the boundary (confidence 0: strength 0.15), saturated far from it (confidence 1: 0.7,
    # still light enough for points to stand out); confidence rescales the winner's probability from
    # chance (1/C) to 1.
    strength = np.clip((best - 1.0 / classes) * (0.55 / (1.0 - 1.0 / classes)), 0.0, 0.55)
    strength += 0.15
    mix = probs.reshape(-1, classes) @ palette  # expected colour under the predicted distribution
    rgb = mix.reshape(*probs.shape[:-1], 3)
    rgb -= 255.0  # 255 (1 − s) + mix s, in place
    rgb *= strength[..., None]
    rgb += 255.0
    field: np.ndarray = np.clip(rgb, 0, 255, out=rgb).astype(np.uint8)
    return field
