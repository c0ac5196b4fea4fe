"""Training health: dead ReLUs, saturated sigmoid/tanh units, weight and activation histograms, gradient
norms per layer, and re-initialising dead units.

The GUI calls :func:`unit_health` and :func:`weight_histograms` on ``Snapshot.model`` in the training
process (with the training inputs, or a fixed sample of them for large sets) and stacks each layer's
histogram rows into an epochs × bins heat map: the bins are fixed (:class:`Bins`) so rows line up.
Values outside the bins are counted in the end bins, so every row sums to 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from torch import nn

from netbuilder.training.probes.capture import capture_outputs, relu_names, relu_pairs


def _never_active(model: nn.Module, x: torch.Tensor, names: list[str]) -> dict[str, torch.Tensor]:
    """{ReLU name: bool mask of units that are 0 for every sample of ``x``}."""
    _, captured = capture_outputs(model, x, names=names)
    return {name: ~(_per_unit(captured[name]) > 0).any(dim=0) for name in names}


def _per_unit(value: torch.Tensor) -> torch.Tensor:
    """(observations, units): a unit is a feature of an (N, F) output, a channel of a feature map."""
    if value.ndim <= 2:
        return value.reshape(value.shape[0], -1)
    return value.transpose(0, 1).reshape(value.shape[1], -1).T


def dead_relu_share(model: nn.Module, x: torch.Tensor) -> dict[str, float]:
    """{ReLU node id: share of its units that never fire on ``x``} (channels for conv feature maps)."""
    names = relu_names(model)
    if not names:
        return {}
    return {name: float(mask.float().mean()) for name, mask in _never_active(model, x, names).items()}


def gradient_norms(model: nn.Module) -> dict[str, float]:
    """{node id: L2 norm of its parameters' gradients} from the last backward pass (0 if none)."""
    norms: dict[str, float] = {}
    for name, p in model.named_parameters():
        node = name.split(".", 1)[0]
        value = float(p.grad.detach().float().norm()) ** 2 if p.grad is not None else 0.0
        norms[node] = norms.get(node, 0.0) + value
    return {node: math.sqrt(v) for node, v in norms.items()}


def reinit_dead_units(model: nn.Module, x: torch.Tensor, seed: int = 0) -> dict[str, list[int]]:
    """Give every dead unit of each Dense → ReLU a fresh start; returns {Dense node id: unit indices}.

    The unit's new hyperplane passes through a random training sample (so it is active on part of the
    data), and its outgoing weights are zeroed so the network's output does not jump: training then
    grows them back only if the unit helps.
    """
    pairs = relu_pairs(model)
    if not pairs:
        return {}
    masks = _never_active(model, x, [relu for _, relu, _ in pairs])
    generator = torch.Generator().manual_seed(seed)
    fixed: dict[str, list[int]] = {}
    with torch.no_grad():
        for dense_name, relu_name, after_name in pairs:
            dead = masks[relu_name].nonzero().reshape(-1).tolist()
            if not dead:
                continue
            dense = model.get_submodule(dense_name)
            assert isinstance(dense, nn.Linear)
            inputs = _dense_inputs(model, dense_name, x)
            bound = 1.0 / math.sqrt(dense.in_features)
            for unit in dead:
                row = (torch.rand(dense.in_features, generator=generator) * 2 - 1) * bound
                row = row.to(dense.weight.device, dense.weight.dtype)
                sample = inputs[int(torch.randint(inputs.shape[0], (1,), generator=generator))]
                dense.weight[unit] = row
                if dense.bias is not None:
                    dense.bias[unit] = -(row * sample).sum() + 1e-3
                if after_name is not None:
                    after = model.get_submodule(after_name)
                    assert isinstance(after, nn.Linear)
                    after.weight[:, unit] = 0.0
            fixed[dense_name] = dead
    return fixed


def _dense_inputs(model: nn.Module, dense_name: str, x: torch.Tensor) -> torch.Tensor:
    """What ``dense_name`` receives for the samples ``x`` (its input, captured with a pre-hook)."""
    dense = model.get_submodule(dense_name)
    seen: list[torch.Tensor] = []
    handle = dense.register_forward_pre_hook(lambda _m, args: seen.append(args[0].detach()))
    try:
        capture_outputs(model, x, names=[])
    finally:
        handle.remove()
    return seen[0].reshape(-1, int(dense.get_parameter("weight").shape[-1]))  # one row per input vector


# ---- saturation and histograms ---------------------------------------------------------------------

# A sigmoid/tanh unit is *saturated* on a sample when its slope there is below a tenth of its peak
# slope (|tanh| > 0.95, sigmoid outside [0.03, 0.97]): it passes back less than a tenth of the gradient
# it could. The unit counts as saturated when that holds on most samples, as a dead ReLU is one that
# is off on all of them.
SATURATION_SLOPE = 0.1
SATURATED_ON = 0.95  # share of samples

UnitKind = Literal["relu", "sigmoid", "tanh", "other"]
_KINDS: dict[type[nn.Module], UnitKind] = {nn.ReLU: "relu", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh"}
_OTHER_ACTIVATIONS = (nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Softplus)


@dataclass(frozen=True)
class Bins:
    """``count`` equal bins over [low, high]; fixed for a whole run so histogram rows form a heat map."""

    low: float
    high: float
    count: int = 40

    @property
    def edges(self) -> np.ndarray:
        return np.linspace(self.low, self.high, self.count + 1)


DEFAULT_ACTIVATION_BINS: dict[UnitKind, Bins] = {
    "relu": Bins(0.0, 4.0),
    "sigmoid": Bins(0.0, 1.0),
    "tanh": Bins(-1.0, 1.0),
    "other": Bins(-2.0, 4.0),
}


@dataclass(frozen=True)
class UnitHealth:
    """One activation node over a set of inputs."""

    kind: UnitKind
    units: int
    dead_share: float | None  # ReLU: share of units never active on the inputs
    saturated_share: float | None  # sigmoid/tanh: share of units saturated on ≥ 95% of the inputs
    bins: Bins
    histogram: np.ndarray  # share of the activation values in each bin (sums to 1)


def histogram(values: torch.Tensor, bins: Bins) -> np.ndarray:
    """Share of ``values`` in each bin; values outside [low, high] count in the end bins."""
    flat = values.detach().reshape(-1).float().clamp(bins.low, bins.high)
    counts = torch.histc(flat, bins=bins.count, min=bins.low, max=bins.high)
    return (counts / max(1, flat.numel())).cpu().numpy()


def _unit_kind(module: nn.Module) -> UnitKind | None:
    kind = _KINDS.get(type(module))
    if kind is not None:
        return kind
    return "other" if isinstance(module, _OTHER_ACTIVATIONS) else None


def _slope_share(kind: UnitKind, value: torch.Tensor) -> torch.Tensor:
    """The activation's slope at each output value as a share of its peak slope (1/4 and 1)."""
    if kind == "sigmoid":
        return 4 * value * (1 - value)
    return 1 - value * value


def unit_health(model: nn.Module, x: torch.Tensor, bins: dict[UnitKind, Bins] | None = None) -> dict[str, UnitHealth]:
    """{activation node id: UnitHealth} for every ReLU, sigmoid, tanh (and other activation) node.

    One forward pass over ``x`` with hooks on the activation nodes.
    """
    chosen = {**DEFAULT_ACTIVATION_BINS, **(bins or {})}
    kinds = {name: kind for name, sub in model.named_modules() if name and (kind := _unit_kind(sub))}
    if not kinds:
        return {}
    _, captured = capture_outputs(model, x, names=list(kinds))
    report: dict[str, UnitHealth] = {}
    for name, kind in kinds.items():
        units = _per_unit(captured[name])
        dead = saturated = None
        if kind == "relu":
            dead = float((~(units > 0).any(dim=0)).float().mean())
        elif kind in ("sigmoid", "tanh"):
            flat = _slope_share(kind, units) < SATURATION_SLOPE
            saturated = float((flat.float().mean(dim=0) >= SATURATED_ON).float().mean())
        report[name] = UnitHealth(kind, units.shape[1], dead, saturated, chosen[kind], histogram(units, chosen[kind]))
    return report


def saturated_share(model: nn.Module, x: torch.Tensor) -> dict[str, float]:
    """{sigmoid/tanh node id: share of its units saturated on ≥ 95% of ``x``}."""
    return {
        name: health.saturated_share
        for name, health in unit_health(model, x).items()
        if health.saturated_share is not None
    }


def weight_bins(model: nn.Module, count: int = 40, headroom: float = 2.0) -> dict[str, Bins]:
    """Symmetric bins per layer from the weights now (call at the start of a run and keep them).

    The range is ``headroom`` × the largest |weight|, rounded up to one significant digit, so weights
    can grow for a while before they reach the end bins.
    """
    bins: dict[str, Bins] = {}
    for node, weights in layer_parameters(model, weights_only=True).items():
        top = max(float(w.detach().abs().max()) for w in weights) * headroom
        if top > 0:
            scale = 10.0 ** math.floor(math.log10(top))
            top = math.ceil(top / scale - 1e-9) * scale
        bins[node] = Bins(-top, top, count) if top > 0 else Bins(-1.0, 1.0, count)
    return bins


def weight_histograms(model: nn.Module, bins: dict[str, Bins] | Bins) -> dict[str, np.ndarray]:
    """{node id: share of its weights (tensors with ≥ 2 dims, not biases) in each bin}."""
    result = {}
    for node, weights in layer_parameters(model, weights_only=True).items():
        chosen = bins if isinstance(bins, Bins) else bins.get(node)
        if chosen is not None:
            result[node] = histogram(torch.cat([w.detach().reshape(-1) for w in weights]), chosen)
    return result


def layer_parameters(model: nn.Module, weights_only: bool = False) -> dict[str, list[torch.Tensor]]:
    """{node id: its parameters}; the node is the first part of the name (``fc1.weight`` → ``fc1``).

    ``weights_only`` keeps tensors with ≥ 2 dims (what penalties act on; not biases or norm scales).
    """
    layers: dict[str, list[torch.Tensor]] = {}
    for name, p in model.named_parameters():
        if p.ndim >= 2 or not weights_only:
            layers.setdefault(name.split(".", 1)[0], []).append(p)
    return layers
