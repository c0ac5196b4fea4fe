"""The colour language of the training views, as plain numbers (no Qt).

The training process colours the decision field with :func:`probabilities_to_rgb` and must not import
Qt, so the colours live here; :mod:`plot_style` turns them into pens and brushes.
"""

from __future__ import annotations

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
    if probs.shape[-1] == 1:
        probs = np.concatenate([1.0 - probs, probs], axis=-1)
    classes = probs.shape[-1]
    palette = np.array([class_color(i) for i in range(classes)], dtype=np.float32)
    mix = probs.astype(np.float32) @ palette  # expected colour under the predicted distribution
    confidence = (probs.max(axis=-1) - 1.0 / classes) / (1.0 - 1.0 / classes)
    confidence = np.clip(confidence, 0.0, 1.0)[..., None]
    # Pale near the boundary, saturated (but still light enough for points to stand out) far from it.
    strength = 0.15 + 0.55 * confidence
    rgb = 255.0 * (1.0 - strength) + mix * strength
    field: np.ndarray = np.clip(rgb, 0, 255).astype(np.uint8)
    return field
