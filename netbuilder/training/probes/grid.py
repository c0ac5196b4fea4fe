"""Probes over the 2-D input plane: class probabilities, per-unit activation maps, linear regions.

``featurize`` turns plane points (N, 2) into model inputs, so engineered features (x1², sin x1, ...)
and normalisation work: pass e.g. ``lambda p: apply_normalization(featurize(p, features), norm)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import fx, nn

from netbuilder.training.probes.capture import capture_outputs, softmax_rows

Featurize = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class GridProbe:
    """``probs[i, j, c]``: probability of class c at (xs[j], ys[i]) (row i = y, ready for an image)."""

    xs: np.ndarray
    ys: np.ndarray
    probs: np.ndarray

    @property
    def predicted(self) -> np.ndarray:
        classes: np.ndarray = self.probs.argmax(-1)
        return classes


def grid_points(
    extent: float | tuple[float, float, float, float], resolution: int
) -> tuple[np.ndarray, np.ndarray, torch.Tensor]:
    """Grid coordinates and the (resolution², 2) points, row-major with y as the row."""
    x0, x1, y0, y1 = (-extent, extent, -extent, extent) if isinstance(extent, (int, float)) else extent
    xs = np.linspace(x0, x1, resolution, dtype=np.float32)
    ys = np.linspace(y0, y1, resolution, dtype=np.float32)
    gx, gy = np.meshgrid(xs, ys)
    points = torch.from_numpy(np.stack([gx.reshape(-1), gy.reshape(-1)], axis=1))
    return xs, ys, points


def ends_in_probabilities(model: nn.Module) -> bool | None:
    """Whether the model's output is made by a Softmax or Sigmoid layer (True) or is logits (False);
    None when its graph is unknown (not a compiled fx module), so the values have to tell."""
    if not isinstance(model, fx.GraphModule):
        return None
    output = next(reversed(model.graph.nodes))
    made_by = output.args[0] if output.op == "output" and output.args else None
    if not isinstance(made_by, fx.Node):
        return None
    if made_by.op == "call_module":
        return isinstance(model.get_submodule(str(made_by.target)), nn.Softmax | nn.Sigmoid)
    return made_by.target in (torch.softmax, torch.sigmoid, torch.nn.functional.softmax)


def _to_probabilities(out: torch.Tensor, probabilities: bool | None = None) -> torch.Tensor:
    """(points, classes) probabilities from a model's output; ``probabilities`` says whether it is
    probabilities already (:func:`ends_in_probabilities`), None: decide from the values."""
    out = out.float().reshape(out.shape[0], -1)
    if probabilities is None:  # in [0, 1], and (several classes) summing to 1
        probabilities = bool(((out >= 0) & (out <= 1)).all())
        if probabilities and out.shape[1] > 1:
            sums = out.sum(dim=1)
            probabilities = bool(torch.allclose(sums, torch.ones_like(sums), atol=1e-4))
    if out.shape[1] == 1:
        p = out if probabilities else torch.sigmoid(out)
        return torch.cat([1 - p, p], dim=1)
    if probabilities:
        return out
    if out.shape[1] == 2:  # softmax of two logits: the sigmoid of their difference (4 vector ops)
        p1 = torch.sigmoid(out[:, 1] - out[:, 0])
        return torch.stack((1 - p1, p1), dim=1)
    return softmax_rows(out)


def plane_inputs(
    model: nn.Module, extent: float | tuple[float, float, float, float], resolution: int, featurize: Featurize | None
) -> tuple[np.ndarray, np.ndarray, torch.Tensor]:
    """(xs, ys, model inputs of the grid's points) for :func:`plane_pass_over`."""
    xs, ys, points = grid_points(extent, resolution)
    return xs, ys, _inputs(points, featurize, model)


def _inputs(points: torch.Tensor, featurize: Featurize | None, model: nn.Module) -> torch.Tensor:
    x = featurize(points) if featurize is not None else points
    param = next(model.parameters(), None)
    return x.to(param.device) if param is not None else x


def plane_pass(
    model: nn.Module,
    extent: float | tuple[float, float, float, float],
    resolution: int,
    featurize: Featurize | None = None,
    names: list[str] | None = None,
) -> tuple[GridProbe, dict[str, torch.Tensor]]:
    """The decision grid and, from the same forward pass, the outputs of the submodules ``names`` at
    every grid point ({name: (resolution², …)}, row-major with y as the row): one pass over one grid
    serves the boundary, the canvas thumbnails and the Neurons view (sample it with :func:`take_every`)."""
    xs, ys, points = grid_points(extent, resolution)
    return plane_pass_over(model, xs, ys, _inputs(points, featurize, model), names)


def plane_pass_over(
    model: nn.Module, xs: np.ndarray, ys: np.ndarray, inputs: torch.Tensor, names: list[str] | None = None
) -> tuple[GridProbe, dict[str, torch.Tensor]]:
    """:func:`plane_pass` over model ``inputs`` made once for the grid (xs, ys): a run probes the same
    grid hundreds of times, and building and featurising its points cost ~0.4 ms a probe."""
    out, captured = capture_outputs(model, inputs, names=names or [])
    probs = _to_probabilities(out, ends_in_probabilities(model)).cpu().numpy()
    return GridProbe(xs, ys, probs.reshape(len(ys), len(xs), -1)), captured


def take_every(resolution: int, size: int) -> np.ndarray:
    """Indexes of ``size`` × ``size`` points spread evenly over a ``resolution`` × ``resolution`` grid
    (corners included), into its row-major list of points: a coarser grid made of the fine one's points."""
    picked = np.round(np.linspace(0, resolution - 1, size)).astype(np.int64)
    return (picked[:, None] * resolution + picked[None, :]).reshape(-1)


def decision_grid(
    model: nn.Module,
    extent: float | tuple[float, float, float, float] = 6.0,
    resolution: int = 100,
    featurize: Featurize | None = None,
) -> GridProbe:
    """Class probabilities over the plane (softmax/sigmoid applied if the model outputs logits)."""
    xs, ys, points = grid_points(extent, resolution)
    out, _ = capture_outputs(model, _inputs(points, featurize, model), names=[])
    probs = _to_probabilities(out, ends_in_probabilities(model)).cpu().numpy()
    return GridProbe(xs, ys, probs.reshape(resolution, resolution, -1))


def activation_maps(
    model: nn.Module,
    extent: float | tuple[float, float, float, float] = 6.0,
    resolution: int = 50,
    featurize: Featurize | None = None,
    names: list[str] | None = None,
) -> dict[str, np.ndarray]:
    """{node id: (units, resolution, resolution)} outputs of each hidden node's units over the plane.

    By default every node with a per-unit (N, units) output except the model's last one.
    """
    _, _, points = grid_points(extent, resolution)
    out, captured = capture_outputs(model, _inputs(points, featurize, model), names=names)
    maps: dict[str, np.ndarray] = {}
    last = list(captured)[-1] if captured and names is None else None
    for name, value in captured.items():
        if value.ndim != 2 or (name == last and value.shape == out.shape):
            continue
        maps[name] = value.T.reshape(value.shape[1], resolution, resolution).cpu().numpy()
    return maps
