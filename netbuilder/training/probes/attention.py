"""Attention probes: the attention weights of every head, queries × keys, for chosen sequences.

Self-attention layers compute their weights internally and throw them away when called with
``need_weights=False`` (as ``nn.TransformerEncoderLayer`` does). A forward pre-hook records the exact
arguments a ``nn.MultiheadAttention`` received (query, key, value and masks), then the module is
called once more with those arguments and ``need_weights=True, average_attn_weights=False``: the
weights are the module's own output, per head.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import torch
from torch import nn

from netbuilder.model.blocks import SelfAttention

log = logging.getLogger(__name__)


def attention_layers(model: nn.Module) -> list[str]:
    """Names of every ``nn.MultiheadAttention`` in the model (inside Transformer layers too), in order."""
    return [name for name, sub in model.named_modules() if name and isinstance(sub, nn.MultiheadAttention)]


def _call_args(
    module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of a ``MultiheadAttention.forward`` call, for the block that passes only ``x``."""
    if isinstance(module, SelfAttention):
        x = args[0]
        mask = None
        if module.causal:
            steps = x.shape[1]
            mask = torch.triu(torch.ones(steps, steps, dtype=torch.bool, device=x.device), diagonal=1)
        return (x, x, x), {"attn_mask": mask}
    return args, dict(kwargs)


def attention_weights(model: nn.Module, x: torch.Tensor, names: list[str] | None = None) -> dict[str, np.ndarray]:
    """{attention layer name: (N, heads, queries, keys)} for ``model`` on ``x`` (eval mode).

    Grad mode stays on for the forward pass: in eval mode without grad, ``TransformerEncoderLayer``
    takes a fused "fast path" that never calls its ``self_attn`` module, so no hook would see it.
    """
    wanted = names if names is not None else attention_layers(model)
    calls: dict[str, tuple[nn.Module, tuple[Any, ...], dict[str, Any]]] = {}
    handles = []

    def hook_for(name: str) -> Any:
        def pre_hook(module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
            detached = tuple(a.detach() if isinstance(a, torch.Tensor) else a for a in args)
            calls[name] = (module, detached, dict(kwargs))

        return pre_hook

    for name in wanted:
        handles.append(model.get_submodule(name).register_forward_pre_hook(hook_for(name), with_kwargs=True))
    was_training = model.training
    model.eval()
    found: dict[str, np.ndarray] = {}
    try:
        with torch.enable_grad():
            model(x)
        with torch.no_grad():
            for name, (module, args, kwargs) in calls.items():
                call_args, call_kwargs = _call_args(module, args, kwargs)
                call_kwargs.update(need_weights=True, average_attn_weights=False)
                call_kwargs.pop("is_causal", None)
                _, weights = nn.MultiheadAttention.forward(module, *call_args, **call_kwargs)  # type: ignore[arg-type]
                if weights is not None:
                    if weights.ndim == 3:  # unbatched input: (heads, L, S)
                        weights = weights[None]
                    found[name] = weights.detach().cpu().numpy()
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    return found
