"""Multiply-accumulate counts per layer, from the module and the shapes (batch of one)."""

from __future__ import annotations

from math import prod

from torch import nn

from netbuilder.model import blocks

Shape = tuple[int, ...]


def _recurrent_macs(module: nn.RNNBase, steps: int) -> int:
    gates = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}[module.mode]
    directions = 2 if module.bidirectional else 1
    total = 0
    input_size = module.input_size
    for _ in range(module.num_layers):
        per_step = gates * (input_size * module.hidden_size + module.hidden_size * module.hidden_size)
        total += per_step * steps * directions
        input_size = module.hidden_size * directions
    return total


def _attention_macs(embed: int, steps: int) -> int:
    # Q, K, V and output projections, then Q·Kᵀ and weights·V.
    return 4 * steps * embed * embed + 2 * steps * steps * embed


def count_macs(module: nn.Module, inputs: list[Shape], output: Shape) -> int:
    """MACs of one forward pass of ``module`` for a single sample."""
    if isinstance(module, nn.Linear):
        return prod(inputs[0][:-1]) * module.in_features * module.out_features
    if isinstance(module, (nn.Conv1d, nn.Conv2d)):
        kernel = prod(module.kernel_size)
        return prod(output) * (module.in_channels // module.groups) * kernel
    if isinstance(module, nn.RNNBase):
        return _recurrent_macs(module, inputs[0][0])
    if isinstance(module, blocks.SelfAttention):
        steps, embed = inputs[0]
        return _attention_macs(embed, steps)
    if isinstance(module, nn.TransformerEncoderLayer):
        steps, embed = inputs[0]
        feedforward = module.linear1.out_features
        return _attention_macs(embed, steps) + 2 * steps * embed * feedforward
    return 0
