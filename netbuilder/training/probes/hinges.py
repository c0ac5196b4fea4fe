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
from netbuilder.training.probes.capture import relu_names, relu_pairs
from netbuilder.training.probes.regions import relu_patterns

# More pattern changes than this between two neighbouring grid points means the grid is far too coarse.
_MAX_CHANGES_PER_INTERVAL = 64


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
    return relu_patterns(model, xs.reshape(-1, 1), names)


def _slopes(model: nn.Module, xs: torch.Tensor) -> torch.Tensor:
    """(points, outputs) derivative of each output with respect to the single input, at each x."""
    x = xs.reshape(-1, 1).clone().requires_grad_(True)
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            out = model(x).reshape(x.shape[0], -1)
            columns = [
                torch.autograd.grad(out[:, k].sum(), x, retain_graph=k + 1 < out.shape[1])[0].reshape(-1)
                for k in range(out.shape[1])
            ]
    finally:
        model.train(was_training)
    return torch.stack(columns, dim=1).detach().cpu()


def breakpoints_1d(
    model: nn.Module,
    x_min: float,
    x_max: float,
    resolution: int = 2000,
    scaling: tuple[float, float] | None = None,
    slope_changes_only: bool = False,
) -> list[float]:
    """Where a 1-input ReLU network's piecewise-linear function changes slope, within [x_min, x_max].

    Works for any depth: found as changes of the ReLU on/off pattern between grid points, each refined
    by bisection to ~1e-6 of the range; when the pattern right of a refined change still differs from
    the next grid point's, that interval holds another change and is searched again, so kinks closer
    than the grid spacing are all found (a pattern that flips and flips back between two grid points
    is missed). A pattern change need not bend the output (a unit whose effect downstream is zero);
    ``slope_changes_only`` drops those, comparing the output's slope on both sides. ``scaling`` as in
    :func:`hinge_decomposition` (the range and the result are in raw x units).
    """
    mean, std = scaling if scaling is not None else (0.0, 1.0)
    x_min, x_max = (x_min - mean) / std, (x_max - mean) / std
    names = relu_names(model)
    if not names:
        return []
    param = next(model.parameters(), None)
    device = param.device if param is not None else torch.device("cpu")

    def patterns(at: torch.Tensor) -> torch.Tensor:
        return _patterns(model, names, at.float().to(device))

    xs = torch.linspace(x_min, x_max, resolution, dtype=torch.float64)
    pats = patterns(xs)
    changed = (pats[1:] != pats[:-1]).any(dim=1).nonzero().reshape(-1)
    lo, hi, end = xs[changed].clone(), xs[changed + 1].clone(), xs[changed + 1].clone()
    left, right = pats[changed], pats[changed + 1]
    found: list[tuple[float, float, float]] = []
    for _ in range(_MAX_CHANGES_PER_INTERVAL):
        if not lo.numel():
            break
        for _ in range(24):
            mid = (lo + hi) / 2
            same = (patterns(mid) == left).all(dim=1)
            lo = torch.where(same, mid, lo)
            hi = torch.where(same, hi, mid)
        found.extend(zip(((lo + hi) / 2).tolist(), lo.tolist(), hi.tolist(), strict=True))
        # The pattern just right of this change is not yet the one at the grid point: another change.
        after = patterns(hi)
        again = (after != right).any(dim=1) & (hi < end)
        lo, hi, end = hi[again], end[again], end[again]
        left, right = after[again], right[again]
    found.sort()
    if slope_changes_only and found:
        sides = torch.tensor([[a for _, a, _ in found], [b for _, _, b in found]], dtype=torch.float64)
        slopes = _slopes(model, sides.reshape(-1).float().to(device)).reshape(2, len(found), -1)
        scale = slopes.abs().amax(dim=(0, 2)).clamp_min(1e-12)
        bends = ((slopes[0] - slopes[1]).abs().amax(dim=1) > 1e-5 * scale).tolist()
        found = [item for item, bend in zip(found, bends, strict=True) if bend]
    return [at * std + mean for at, _, _ in found]


def linear_regions_1d(
    model: nn.Module, x_min: float, x_max: float, resolution: int = 2000, scaling: tuple[float, float] | None = None
) -> int:
    """Number of linear pieces over [x_min, x_max]: breakpoints + 1."""
    return len(breakpoints_1d(model, x_min, x_max, resolution, scaling)) + 1
