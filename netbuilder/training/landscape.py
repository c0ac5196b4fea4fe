"""A 2-D slice of the loss around the current weights, and the optimiser's path projected onto it.

The weights w are moved along two directions d₁, d₂ of weight space and the loss is evaluated on an
N×N grid of ``w + α·d₁ + β·d₂`` (Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018):

- ``"random"``: two Gaussian directions, *filter-normalised*: each filter (a row of a Dense weight,
  an output channel of a conv kernel) is scaled to the norm of the same filter of w, so that the
  slice is not dominated by layers with large weights and α = 1 means "as far again as the weights
  are from zero". As in the paper, biases and other 1-D parameters do not move.
- ``"pca"``: the two principal directions of a trajectory of weight snapshots (taken relative to the
  current weights), i.e. the plane in which the optimiser actually moved; α, β are then distances
  in weight space and the grid spans the trajectory.

The trajectory (snapshots recorded with :func:`flat_weights` on ``Snapshot.model`` while training) is
projected onto the plane; the current weights are the origin. :func:`loss_landscape` is a job of the
training process: a generator of :class:`LandscapeProgress` events (one per grid row, for a progress
bar) ending with the :class:`LossLandscape`; ``TrainControl.stop`` cancels it between rows (the
result is then incomplete: unfinished rows are NaN). The GUI draws ``losses`` as a contour plot over
``alphas`` × ``betas`` with ``trajectory`` as a polyline. The caller's model is not changed.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from torch import nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from netbuilder.training.control import TrainControl
from netbuilder.training.errors import TrainingError
from netbuilder.training.losses import LossFn
from netbuilder.training.objective import objective
from netbuilder.training.session import TrainingSetup

log = logging.getLogger(__name__)

Directions = Literal["random", "pca"]
PCA_MARGIN = 1.25  # the grid reaches a quarter beyond the farthest trajectory point
EVAL_SAMPLES = 1024


@dataclass(frozen=True)
class LandscapeProgress:
    done: int  # grid rows evaluated
    total: int


@dataclass(frozen=True)
class LossLandscape:
    """``losses[i, j]``: loss at ``w + alphas[j]·d₁ + betas[i]·d₂`` (row i = β, ready for an image)."""

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray
    center_loss: float  # the loss at the current weights (the grid's centre)
    trajectory: np.ndarray  # (snapshots, 2) coordinates in the plane; the current weights are (0, 0)
    directions: Directions
    explained: tuple[float, float] | None  # PCA: share of the trajectory's variance along d₁, d₂
    complete: bool  # False when cancelled


LandscapeEvent = LandscapeProgress | LossLandscape


def flat_weights(model: nn.Module) -> torch.Tensor:
    """All parameters as one CPU vector (``parameters()`` order): what a trajectory snapshot holds."""
    return parameters_to_vector([p.detach() for p in model.parameters()]).cpu().clone()


def filter_normalized_direction(model: nn.Module, generator: torch.Generator) -> torch.Tensor:
    """A random direction with every filter scaled to its weight filter's norm; 1-D parameters stay still."""
    parts = []
    for p in model.parameters():
        w = p.detach().cpu().float()
        if w.ndim < 2:
            parts.append(torch.zeros(w.numel()))
            continue
        d = torch.randn(w.shape, generator=generator)
        rows_w, rows_d = w.reshape(w.shape[0], -1), d.reshape(d.shape[0], -1)
        scale = rows_w.norm(dim=1, keepdim=True) / rows_d.norm(dim=1, keepdim=True).clamp_min(1e-12)
        parts.append((rows_d * scale).reshape(-1))
    return torch.cat(parts) if parts else torch.zeros(0)


def pca_directions(
    trajectory: Sequence[torch.Tensor], center: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, tuple[float, float]]:
    """The two principal directions of the snapshots' offsets from ``center`` and their variance shares."""
    offsets = torch.stack([w.double() - center.double() for w in trajectory])
    _, singular, vh = torch.linalg.svd(offsets, full_matrices=False)
    if singular.numel() < 2 or singular[1] <= 1e-12 * max(float(singular[0]), 1e-30):
        raise TrainingError("the principal directions need at least three different weight snapshots")
    energy = singular.square()
    shares = (float(energy[0] / energy.sum()), float(energy[1] / energy.sum()))
    return vh[0].float(), vh[1].float(), shares


def _project(
    trajectory: Sequence[torch.Tensor], center: torch.Tensor, d1: torch.Tensor, d2: torch.Tensor
) -> np.ndarray:
    """Least-squares coordinates of each snapshot in the plane (exact for orthonormal PCA directions)."""
    if not trajectory:
        return np.zeros((0, 2))
    basis = torch.stack([d1, d2], dim=1).double()
    offsets = torch.stack([w.double() - center.double() for w in trajectory], dim=1)
    coords = torch.linalg.lstsq(basis, offsets).solution
    projected: np.ndarray = coords.T.numpy()
    return projected


def loss_landscape(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    loss_fn: LossFn,
    *,
    directions: Directions = "random",
    trajectory: Sequence[torch.Tensor] = (),
    resolution: int = 21,
    span: float | None = None,
    seed: int = 0,
    control: TrainControl | None = None,
) -> Iterator[LandscapeEvent]:
    """The loss over an N×N grid (N odd: the centre is exactly the current weights); see the module doc.

    ``span``: the grid covers [−span, span] along both directions (default 1 for random directions,
    the trajectory's extent for PCA).
    """
    resolution = max(3, resolution + (resolution + 1) % 2)
    center = flat_weights(model)
    if directions == "pca":
        d1, d2, explained = pca_directions(trajectory, center)
    else:
        generator = torch.Generator().manual_seed(seed)
        d1, d2 = filter_normalized_direction(model, generator), filter_normalized_direction(model, generator)
        explained = None
    path = _project(trajectory, center, d1, d2)
    if span is None:
        reach = float(np.abs(path).max()) if directions == "pca" and path.size else 0.0
        span = reach * PCA_MARGIN if reach > 0 else 1.0
    steps = np.linspace(-1.0, 1.0, resolution) * span
    steps[resolution // 2] = 0.0  # exactly the current weights at the centre
    probe = copy.deepcopy(model).eval()
    params = list(probe.parameters())
    device = params[0].device if params else torch.device("cpu")
    c, u, v = center.to(device), d1.to(device), d2.to(device)
    losses = np.full((resolution, resolution), np.nan)
    complete = True
    with torch.no_grad():
        center_loss = float(loss_fn(probe(x), y))
        for i, beta in enumerate(steps):
            if control is not None and control.stop_requested:
                complete = False
                break
            for j, alpha in enumerate(steps):
                vector_to_parameters(c + float(alpha) * u + float(beta) * v, params)
                losses[i, j] = float(loss_fn(probe(x), y))
            yield LandscapeProgress(i + 1, resolution)
    log.info("loss landscape %dx%d (%s), complete=%s", resolution, resolution, directions, complete)
    yield LossLandscape(steps, steps.copy(), losses, center_loss, path, directions, explained, complete)


def landscape_for(
    setup: TrainingSetup,
    *,
    directions: Directions = "random",
    trajectory: Sequence[torch.Tensor] = (),
    resolution: int = 21,
    samples: int = EVAL_SAMPLES,
    control: TrainControl | None = None,
) -> Iterator[LandscapeEvent]:
    """The landscape of a project's training loss (on a fixed subset of ≤ ``samples`` training samples)."""
    goal = objective(setup)
    x, y = goal.evaluation_batch(samples, goal.seed)
    yield from loss_landscape(
        goal.model,
        x,
        y,
        goal.loss_fn,
        directions=directions,
        trajectory=trajectory,
        resolution=resolution,
        seed=goal.seed,
        control=control,
    )
