"""Attention weights are the module's own, per head, and equal softmax(QKᵀ/√d) computed by hand."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import fx, nn

from netbuilder.model.blocks import SelfAttention
from netbuilder.training.probes import attention


def model_with(layer: nn.Module) -> fx.GraphModule:
    root = nn.Module()
    root.add_module("att", layer)
    graph = fx.Graph()
    graph.output(graph.call_module("att", (graph.placeholder("x"),)))
    return fx.GraphModule(root, graph)


def by_hand(mha: nn.MultiheadAttention, x: torch.Tensor, mask: torch.Tensor | None = None) -> np.ndarray:
    e, h = mha.embed_dim, mha.num_heads
    q, k, _ = (x @ mha.in_proj_weight.T + mha.in_proj_bias).split(e, dim=-1)  # type: ignore[operator]
    n, t, _ = x.shape
    q = q.reshape(n, t, h, e // h).transpose(1, 2)
    k = k.reshape(n, t, h, e // h).transpose(1, 2)
    scores = q @ k.transpose(-1, -2) / math.sqrt(e // h)
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    return torch.softmax(scores, dim=-1).detach().numpy()


def test_transformer_layer_weights_per_head() -> None:
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    model = model_with(layer)
    x = torch.randn(3, 5, 8)
    found = attention.attention_weights(model, x)
    assert list(found) == ["att.self_attn"] and found["att.self_attn"].shape == (3, 2, 5, 5)
    np.testing.assert_allclose(found["att.self_attn"], by_hand(layer.self_attn, x), atol=1e-5)
    np.testing.assert_allclose(found["att.self_attn"].sum(-1), 1.0, atol=1e-5)


def test_self_attention_block_with_a_causal_mask() -> None:
    torch.manual_seed(1)
    layer = SelfAttention(6, 3, causal=True)
    x = torch.randn(2, 4, 6)
    found = attention.attention_weights(model_with(layer), x)["att"]
    mask = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
    np.testing.assert_allclose(found, by_hand(layer, x, mask), atol=1e-5)
    assert np.all(found[..., mask.numpy()] == 0)
    _, own = nn.MultiheadAttention.forward(layer, x, x, x, attn_mask=mask, average_attn_weights=False)
    assert own is not None
    np.testing.assert_allclose(found, own.detach().numpy(), atol=1e-6)
