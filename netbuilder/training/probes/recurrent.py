"""Recurrent probes: hidden state over time and the LSTM/GRU gate activations, for chosen sequences.

``nn.LSTM`` and ``nn.GRU`` run as one fused kernel that returns only the hidden states; the gates are
inside it. :func:`recurrent_trace` reads the layer's real input with a forward pre-hook and runs the
documented cell equations (``torch.nn.LSTM`` / ``GRU`` / ``RNN`` docs) step by step with the layer's
own weights. The hidden states it gets are checked against the layer's own output in the tests, so
the gates it shows are the ones the layer used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from netbuilder.training.probes.conv import layer_input

log = logging.getLogger(__name__)

GATE_NAMES = {"LSTM": ("input", "forget", "cell", "output"), "GRU": ("reset", "update", "new"), "RNN": ()}


def recurrent_layers(model: nn.Module) -> list[str]:
    """Names of the model's RNN/LSTM/GRU layers, in graph order."""
    kinds = (nn.RNN, nn.LSTM, nn.GRU)
    return [name for name, sub in model.named_modules() if name and isinstance(sub, kinds)]


def cell_kind(module: nn.Module) -> str:
    if isinstance(module, nn.LSTM):
        return "LSTM"
    if isinstance(module, nn.GRU):
        return "GRU"
    return "RNN"


@dataclass(frozen=True)
class RecurrentTrace:
    """The first (forward) layer of a recurrent module over the chosen sequences."""

    kind: str  # "LSTM" | "GRU" | "RNN"
    hidden: np.ndarray  # (N, T, H): h_t
    gates: dict[str, np.ndarray] = field(default_factory=dict)  # gate name -> (N, T, H), in [0, 1] or [-1, 1]


def _lstm(x: torch.Tensor, w_ih: torch.Tensor, w_hh: torch.Tensor, b: torch.Tensor, size: int) -> RecurrentTrace:
    n, steps, _ = x.shape
    h = x.new_zeros(n, size)
    c = x.new_zeros(n, size)
    hs, gates = [], {k: [] for k in GATE_NAMES["LSTM"]}  # type: ignore[var-annotated]
    projected = x @ w_ih.T + b  # (N, T, 4H): the input half of every step at once
    for t in range(steps):
        z = projected[:, t] + h @ w_hh.T
        i, f, g, o = torch.chunk(z, 4, dim=1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        hs.append(h)
        for name, value in zip(GATE_NAMES["LSTM"], (i, f, g, o), strict=True):
            gates[name].append(value)
    return RecurrentTrace("LSTM", torch.stack(hs, 1).numpy(), {k: torch.stack(v, 1).numpy() for k, v in gates.items()})


def _gru(
    x: torch.Tensor, w_ih: torch.Tensor, w_hh: torch.Tensor, b_ih: torch.Tensor, b_hh: torch.Tensor, size: int
) -> RecurrentTrace:
    n, steps, _ = x.shape
    h = x.new_zeros(n, size)
    hs, gates = [], {k: [] for k in GATE_NAMES["GRU"]}  # type: ignore[var-annotated]
    projected = x @ w_ih.T + b_ih
    for t in range(steps):
        xr, xz, xn = torch.chunk(projected[:, t], 3, dim=1)
        hr, hz, hn = torch.chunk(h @ w_hh.T + b_hh, 3, dim=1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        new = torch.tanh(xn + r * hn)
        h = (1 - z) * new + z * h
        hs.append(h)
        for name, value in zip(GATE_NAMES["GRU"], (r, z, new), strict=True):
            gates[name].append(value)
    return RecurrentTrace("GRU", torch.stack(hs, 1).numpy(), {k: torch.stack(v, 1).numpy() for k, v in gates.items()})


def _rnn(x: torch.Tensor, w_ih: torch.Tensor, w_hh: torch.Tensor, b: torch.Tensor, relu: bool) -> RecurrentTrace:
    n, steps, _ = x.shape
    h = x.new_zeros(n, w_hh.shape[0])
    hs = []
    projected = x @ w_ih.T + b
    for t in range(steps):
        z = projected[:, t] + h @ w_hh.T
        h = torch.relu(z) if relu else torch.tanh(z)
        hs.append(h)
    return RecurrentTrace("RNN", torch.stack(hs, 1).numpy())


def recurrent_trace(model: nn.Module, name: str, x: torch.Tensor) -> RecurrentTrace:
    """Hidden states and gates of layer 0 (forward direction) of recurrent module ``name`` on ``x``."""
    module = model.get_submodule(name)
    if not isinstance(module, (nn.RNN, nn.LSTM, nn.GRU)):
        raise TypeError(f"{name!r} is not a recurrent layer")
    seen = layer_input(model, name, x)
    if not module.batch_first:
        seen = seen.transpose(0, 1)
    if seen.ndim == 2:  # an unbatched sequence
        seen = seen[None]
    with torch.no_grad():
        w_ih, w_hh = module.get_parameter("weight_ih_l0").detach(), module.get_parameter("weight_hh_l0").detach()
        b_ih = module.get_parameter("bias_ih_l0").detach() if module.bias else w_ih.new_zeros(w_ih.shape[0])
        b_hh = module.get_parameter("bias_hh_l0").detach() if module.bias else w_hh.new_zeros(w_hh.shape[0])
        size = module.hidden_size
        kind = cell_kind(module)
        if kind == "LSTM":
            if getattr(module, "proj_size", 0):
                raise TypeError(f"{name!r}: LSTM with projections is not traced")
            return _lstm(seen.float(), w_ih, w_hh, b_ih + b_hh, size)
        if kind == "GRU":
            return _gru(seen.float(), w_ih, w_hh, b_ih, b_hh, size)
        return _rnn(seen.float(), w_ih, w_hh, b_ih + b_hh, module.nonlinearity == "relu")
