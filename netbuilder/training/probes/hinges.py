"""1-D probes: the ReLU-hinge decomposition of a one-hidden-layer net, and breakpoints of deeper nets.

For ``Dense(1→n) → ReLU → Dense(n→1)`` the prediction is exactly ``c + Σ a_i·ReLU(w_i·x + b_i)``: unit
i adds one hinge with its kink at ``x = −b_i/w_i``. A unit is *dead* when it is never active over the
data range (its hinge is flat zero there, so no gradient reaches it). For deeper ReLU networks the
function is still piecewise linear; :func:`breakpoints_1d` finds where its pieces meet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from netbuilder.training.errors import TrainingError
from netbuilder.training.probes.capture import capture_outputs, relu_names, relu_pairs


@dataclass(frozen=True)
class HingeUnit:
    index: int
    w: float
    b: float
    a: float  # the unit's weight in the output layer
    kink: float | None  # −b/w, None when w == 0
    dead: bool  # never active on [x_min, x_max]
    contribution: np.ndarray  # a·ReLU(w·x + b) at ``HingeProbe.xs``


@dataclass(frozen=True)
class HingeProbe:
    dense: str  # node id of the hidden Dense layer
    xs: np.ndarray
    units: list[HingeUnit]
    output_bias: float
    prediction: np.ndarray  # output_bias + Σ contributions (equals the model's output)

    @property
    def kinks(self) -> list[float]:
        return [u.kink for u in self.units if u.kink is not None]


def hinge_decomposition(
    model: nn.Module, x_min: float, x_max: float, points: int = 200, scaling: tuple[float, float] | None = None
) -> HingeProbe:
    """Split a 1→n→1 ReLU network's output into one hinge per hidden unit over [x_min, x_max].

    ``scaling`` = (mean, std) when the model sees standardised inputs: w, b and kinks are then
    reported in raw x units (the model computes ``w·(x − mean)/std + b``).
    """
    pairs = [p for p in relu_pairs(model) if p[2] is not None]
    if not pairs:
        raise TrainingError("the hinge view needs Dense → ReLU → Dense after a single numeric input")
    dense_name, _, out_name = pairs[0]
    assert out_name is not None
    hidden = model.get_submodule(dense_name)
    output = model.get_submodule(out_name)
    assert isinstance(hidden, nn.Linear) and isinstance(output, nn.Linear)
    if hidden.in_features != 1 or output.out_features != 1:
        raise TrainingError(
            f"the hinge view needs one input and one output ('{dense_name}' has {hidden.in_features} inputs)",
            node_id=dense_name,
        )
    w = hidden.weight.detach().reshape(-1).double().cpu().numpy()
    b = hidden.bias.detach().double().cpu().numpy() if hidden.bias is not None else np.zeros_like(w)
    if scaling is not None:
        mean, std = scaling
        w, b = w / std, b - w * mean / std
    a = output.weight.detach().reshape(-1).double().cpu().numpy()
    c = float(output.bias.detach()[0]) if output.bias is not None else 0.0
    xs = np.linspace(x_min, x_max, points)
    units = []
    for i in range(w.size):
        pre = w[i] * xs + b[i]
        ends = (w[i] * x_min + b[i], w[i] * x_max + b[i])
        units.append(
            HingeUnit(
                index=i,
                w=float(w[i]),
                b=float(b[i]),
                a=float(a[i]),
                kink=float(-b[i] / w[i]) if w[i] != 0 else None,
                dead=max(ends) <= 0,
                contribution=a[i] * np.maximum(pre, 0.0),
            )
        )
    prediction = c + sum((u.contribution for u in units), np.zeros_like(xs))
    return HingeProbe(dense_name, xs, units, c, prediction)


def _patterns(model: nn.Module, names: list[str], xs: torch.Tensor) -> torch.Tensor:
    _, captured = capture_outputs(model, xs.reshape(-1, 1), names=names)
    return torch.cat([(captured[n] > 0).reshape(xs.shape[0], -1) for n in names], dim=1)


def breakpoints_1d(
    model: nn.Module,
    x_min: float,
    x_max: float,
    resolution: int = 2000,
    scaling: tuple[float, float] | None = None,
) -> list[float]:
    """Where a 1-input ReLU network's piecewise-linear function changes slope, within [x_min, x_max].

    Found as changes of the ReLU on/off pattern between grid points, each refined by bisection to
    ~1e-6 of the range. Two kinks closer than the grid spacing can merge into one. ``scaling`` as in
    :func:`hinge_decomposition` (the range and the result are in raw x units).
    """
    mean, std = scaling if scaling is not None else (0.0, 1.0)
    x_min, x_max = (x_min - mean) / std, (x_max - mean) / std
    names = relu_names(model)
    if not names:
        return []
    param = next(model.parameters(), None)
    device = param.device if param is not None else torch.device("cpu")
    xs = torch.linspace(x_min, x_max, resolution, dtype=torch.float64)
    pats = _patterns(model, names, xs.float().to(device))
    changed = (pats[1:] != pats[:-1]).any(dim=1).nonzero().reshape(-1)
    if changed.numel() == 0:
        return []
    lo, hi = xs[changed].clone(), xs[changed + 1].clone()
    left = pats[changed]
    for _ in range(24):
        mid = (lo + hi) / 2
        same = (_patterns(model, names, mid.float().to(device)) == left).all(dim=1).cpu()
        lo = torch.where(same, mid, lo)
        hi = torch.where(same, hi, mid)
    return [float(v) * std + mean for v in ((lo + hi) / 2).tolist()]


def linear_regions_1d(
    model: nn.Module, x_min: float, x_max: float, resolution: int = 2000, scaling: tuple[float, float] | None = None
) -> int:
    """Number of linear pieces over [x_min, x_max]: breakpoints + 1."""
    return len(breakpoints_1d(model, x_min, x_max, resolution, scaling)) + 1
