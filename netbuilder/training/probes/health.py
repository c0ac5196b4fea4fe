"""Training health: dead ReLUs per layer, gradient norms per layer, and re-initialising dead units."""

from __future__ import annotations

import math

import torch
from torch import nn

from netbuilder.training.probes.capture import capture_outputs, relu_names, relu_pairs


def _never_active(model: nn.Module, x: torch.Tensor, names: list[str]) -> dict[str, torch.Tensor]:
    """{ReLU name: bool mask of units that are 0 for every sample of ``x``}."""
    _, captured = capture_outputs(model, x, names=names)
    masks = {}
    for name in names:
        value = captured[name]
        units = (
            value.reshape(value.shape[0], -1)
            if value.ndim <= 2
            else value.transpose(0, 1).reshape(value.shape[1], -1).T
        )
        masks[name] = ~(units > 0).any(dim=0)
    return masks


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
