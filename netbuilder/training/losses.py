"""Loss functions by id, target preparation, and the weight penalties (L1/L2).

When the network ends in Softmax (or Sigmoid) and the loss is cross-entropy (or BCE), the trainer
feeds the *logits* to a fused log-softmax loss (see ``session.py``); ``output_is_probability`` is for
the remaining case where only probabilities are available, so the loss takes their log itself
instead of applying a second softmax.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from netbuilder.training.errors import ConfigError

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

CLASSIFICATION_LOSSES = ("cross_entropy", "bce")
_EPS = 1e-7


def resolve_loss(name: str, task: str, num_outputs: int) -> str:
    """Turn ``auto`` into a concrete loss and reject combinations that cannot work."""
    if name == "auto":
        if task == "classification":
            return "bce" if num_outputs == 1 else "cross_entropy"
        return "mse"
    if name in CLASSIFICATION_LOSSES and task != "classification":
        raise ConfigError(f"'{name}' needs a classification dataset (this one is {task})", field="loss")
    if name == "cross_entropy" and num_outputs < 2:
        raise ConfigError("cross-entropy needs one output per class (≥ 2); use 'bce' for a single output", field="loss")
    return name


def make_loss(name: str, *, output_is_probability: bool = False, huber_delta: float = 1.0) -> LossFn:
    if name == "mse":
        return F.mse_loss
    if name == "mae":
        return F.l1_loss
    if name == "huber":
        return lambda out, target: F.huber_loss(out, target, delta=huber_delta)
    if name == "cross_entropy":
        if output_is_probability:
            return lambda out, target: F.nll_loss(torch.log(out.clamp_min(_EPS)), target)
        return F.cross_entropy
    if name == "bce":
        if output_is_probability:
            return lambda out, target: F.binary_cross_entropy(out.clamp(_EPS, 1 - _EPS), target)
        return F.binary_cross_entropy_with_logits
    raise ConfigError(f"unknown loss '{name}'", field="loss")


def prepare_targets(loss: str, task: str, y: torch.Tensor, num_outputs: int) -> torch.Tensor:
    """Targets in the dtype/shape the loss expects, computed once per split rather than per step."""
    if loss == "cross_entropy":
        return y.long().reshape(-1)
    if loss == "bce":
        if num_outputs == 1:
            return y.float().reshape(-1, 1)
        return F.one_hot(y.long().reshape(-1), num_outputs).float()  # one sigmoid per class
    if task == "classification":
        # Regression losses on class labels (seed 000 style): compare against one-hot rows.
        if num_outputs == 1:
            return y.float().reshape(-1, 1)
        return F.one_hot(y.long().reshape(-1), num_outputs).float()
    y = y.float()
    return y.reshape(-1, 1) if y.ndim == 1 else y


def penalty_params(module: torch.nn.Module) -> list[torch.Tensor]:
    """The tensors L1/L2 penalties act on: weights (≥ 2-D), not biases or norm scales."""
    return [p for p in module.parameters() if p.requires_grad and p.ndim >= 2]


def weight_penalty(params: list[torch.Tensor], l1: float, l2: float) -> torch.Tensor:
    total = params[0].new_zeros(())
    for p in params:
        if l1:
            total = total + l1 * p.abs().sum()
        if l2:
            total = total + l2 * p.square().sum()
    return total
