"""Neuron probes for small dense networks (TensorFlow Playground style): every unit's response over
the input plane (2 inputs) or the input line (1 input), the weights of the links between units, and
one unit's formula with its current numbers.

The unit values are read with forward hooks on the compiled module (:func:`capture_outputs`) over a
grid of inputs; the weights are the Dense layers' own parameters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import torch
from torch import fx, nn

from netbuilder.training.probes.capture import capture_outputs

log = logging.getLogger(__name__)

ELEMENTWISE = (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Softmax)
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class DenseUnits:
    """One Dense layer and the activation that follows it (``shown`` is the node whose output is drawn)."""

    dense: str
    shown: str
    activation: str | None  # class name of the following activation ("ReLU", "Tanh", …) or None


def dense_layers(model: nn.Module) -> list[DenseUnits]:
    """Every ``nn.Linear`` of the model in graph order, with the activation it feeds when it feeds one."""
    graph = model.graph if isinstance(model, fx.GraphModule) else fx.symbolic_trace(model).graph
    found = []
    for node in graph.nodes:
        if node.op != "call_module" or not isinstance(model.get_submodule(str(node.target)), nn.Linear):
            continue
        users = list(node.users)
        shown, activation = str(node.target), None
        if len(users) == 1 and users[0].op == "call_module":
            after = model.get_submodule(str(users[0].target))
            if isinstance(after, ELEMENTWISE):
                shown, activation = str(users[0].target), type(after).__name__
        found.append(DenseUnits(str(node.target), shown, activation))
    return found


@dataclass(frozen=True)
class NeuronLayer:
    dense: str
    shown: str
    activation: str | None
    values: np.ndarray  # (units, G, G) over the plane, or (units, G) along the line
    weight: np.ndarray  # (units, inputs)
    bias: np.ndarray  # (units,)


def neuron_layers(
    model: nn.Module, inputs: torch.Tensor, grid_shape: tuple[int, ...], max_units: int = 32
) -> list[NeuronLayer]:
    """The response of every unit (up to ``max_units`` per layer) to ``inputs`` (the grid's points, as
    model inputs), reshaped to ``grid_shape`` ((G, G) for a plane, (G,) for a line)."""
    _, captured = capture_outputs(model, inputs, names=neuron_names(model))
    return layers_from(model, captured, grid_shape, max_units)


def neuron_names(model: nn.Module, units: list[DenseUnits] | None = None) -> set[str]:
    """The submodules whose outputs :func:`layers_from` reads (hook them in the forward pass)."""
    units = dense_layers(model) if units is None else units
    return {u.shown for u in units} | {u.dense for u in units}


def layers_from(
    model: nn.Module,
    captured: dict[str, torch.Tensor],
    grid_shape: tuple[int, ...],
    max_units: int = 32,
    take: np.ndarray | None = None,
    units: list[DenseUnits] | None = None,
) -> list[NeuronLayer]:
    """:func:`neuron_layers` from outputs captured in a forward pass over a grid (``captured[name]``:
    (points, units)); ``take`` picks the grid's points among the captured ones (a coarser grid of a
    pass made for another view), None takes them all; ``units``: :func:`dense_layers` found before."""
    index = None if take is None else torch.from_numpy(take)
    found = []
    for unit in dense_layers(model) if units is None else units:
        values = captured[unit.shown]
        # (units, points): a probe's fast kernels leave layer outputs stored that way round (see
        # capture.py), so picking points along the last axis copies whole rows.
        values = values.reshape(values.shape[0], -1)[:, :max_units].T
        if index is not None:
            values = values.index_select(1, index)
        dense = model.get_submodule(unit.dense)
        assert isinstance(dense, nn.Linear)
        weight = dense.weight.detach()[:max_units]
        bias = dense.bias.detach()[:max_units] if dense.bias is not None else torch.zeros(weight.shape[0])
        found.append(
            NeuronLayer(
                unit.dense,
                unit.shown,
                unit.activation,
                values.reshape(values.shape[0], *grid_shape).cpu().numpy().astype(np.float32, copy=False),
                weight.cpu().numpy().astype(np.float32),
                bias.cpu().numpy().astype(np.float32),
            )
        )
    return found


def input_names(count: int, prefix: str = "x") -> list[str]:
    """``x₁ … xₙ``: the names a formula gives a layer's inputs."""
    return [f"{prefix}{str(i + 1).translate(SUBSCRIPTS)}" for i in range(count)]


def unit_formula(weight: np.ndarray, bias: float, activation: str | None, names: list[str], max_terms: int = 8) -> str:
    """``y = ReLU(0.83·x₁ − 1.20·x₂ + 0.05)``: one unit with its current numbers (terms past
    ``max_terms`` are summed up as "…")."""
    terms = []
    for i, (w, name) in enumerate(zip(np.asarray(weight).reshape(-1), names, strict=False)):
        if i == max_terms:
            terms.append(f"+ … ({len(names) - max_terms} more)")
            break
        sign = "−" if w < 0 else "+"
        text = f"{abs(float(w)):.2f}·{name}"
        terms.append(text if i == 0 and sign == "+" else (f"−{text}" if i == 0 else f"{sign} {text}"))
    sign = "−" if bias < 0 else "+"
    inner = " ".join(terms) + f" {sign} {abs(float(bias)):.2f}"
    if activation is None:
        return f"y = {inner}"
    if activation == "Softmax":
        return f"z = {inner};  y = softmax(z)"
    return f"y = {activation}({inner})"
