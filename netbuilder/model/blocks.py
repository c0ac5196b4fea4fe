"""The few modules NetBuilder needs beyond ``torch.nn``.

Each class here is self-contained (it uses only ``math``, ``torch`` and ``nn``) because the code
generator copies its source verbatim into standalone model files that must not import netbuilder.
Recurrent layers subclass their ``torch.nn`` counterparts so parameter names stay the standard ones.
"""

from __future__ import annotations

import math

import torch
from torch import nn


class Add(nn.Module):
    """Element-wise sum of all inputs (residual and skip connections)."""

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        total = inputs[0]
        for tensor in inputs[1:]:
            total = total + tensor
        return total


class Concat(nn.Module):
    """Concatenates all inputs along ``dim`` (counted without the batch dimension when >= 0)."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim + 1 if dim >= 0 else dim

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return torch.cat(inputs, dim=self.dim)


class Reshape(nn.Module):
    """Gives each sample a new shape (the batch dimension is kept)."""

    def __init__(self, *shape: int) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)


class RecurrentOutput:
    """Mixin for a recurrent layer on (batch, time, features) that returns the last step or all steps."""

    def __init__(self, *args: object, last_step: bool = True, **kwargs: object) -> None:
        super().__init__(*args, batch_first=True, **kwargs)  # type: ignore[call-arg]
        self.last_step = last_step

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = super().forward(x)  # type: ignore[misc]
        return out[:, -1] if self.last_step else out


class RNNSequence(RecurrentOutput, nn.RNN):
    """``nn.RNN``, batch first, returning the last step or all steps."""


class LSTMSequence(RecurrentOutput, nn.LSTM):
    """``nn.LSTM``, batch first, returning the last step or all steps."""


class GRUSequence(RecurrentOutput, nn.GRU):
    """``nn.GRU``, batch first, returning the last step or all steps."""


class SelfAttention(nn.MultiheadAttention):
    """Multi-head self-attention on (batch, time, features): query = key = value = the input."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, causal: bool = False) -> None:
        super().__init__(embed_dim, num_heads, dropout=dropout, batch_first=True)
        self.causal = causal

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        mask = None
        if self.causal:
            steps = x.shape[1]
            mask = torch.triu(torch.ones(steps, steps, dtype=torch.bool, device=x.device), diagonal=1)
        out, _ = super().forward(x, x, x, need_weights=False, attn_mask=mask)
        return out


class PositionalEncoding(nn.Module):
    """Adds position information to (batch, time, features): fixed sinusoids or a learned table."""

    def __init__(self, d_model: int, max_len: int = 512, learned: bool = False) -> None:
        super().__init__()
        self.learned = learned
        if learned:
            self.table = nn.Parameter(torch.zeros(max_len, d_model))
            nn.init.normal_(self.table, std=0.02)
        else:
            position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
            rate = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
            table = torch.zeros(max_len, d_model)
            table[:, 0::2] = torch.sin(position * rate)
            table[:, 1::2] = torch.cos(position * rate[: d_model // 2])
            # Not persistent: it is a fixed function of the sizes, so weights files need not carry it.
            self.register_buffer("table", table, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.table[: x.shape[1]]


class Standardize(nn.Module):
    """(x − mean) / std with statistics fitted on the training data, so an exported model takes raw inputs."""

    def __init__(self, *shape: int) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(shape))
        self.register_buffer("std", torch.ones(shape))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std
