"""A neuron's map is the unit's activation on the grid, and its formula carries the current numbers."""

from __future__ import annotations

import numpy as np
import torch
from torch import fx, nn

from netbuilder.training.probes import neurons


def mlp() -> fx.GraphModule:
    torch.manual_seed(0)
    root = nn.Module()
    root.add_module("fc1", nn.Linear(2, 5))
    root.add_module("tanh1", nn.Tanh())
    root.add_module("fc2", nn.Linear(5, 3))
    root.add_module("soft", nn.Softmax(dim=-1))
    graph = fx.Graph()
    x = graph.placeholder("x")
    for name in ("fc1", "tanh1", "fc2", "soft"):
        x = graph.call_module(name, (x,))
    graph.output(x)
    return fx.GraphModule(root, graph)


def test_unit_maps_are_the_activations_on_the_grid() -> None:
    model = mlp()
    a = torch.linspace(-2, 2, 7)
    ga, gb = torch.meshgrid(a, a, indexing="xy")
    grid = torch.stack([ga.ravel(), gb.ravel()], 1)
    layers = neurons.neuron_layers(model, grid, (7, 7))
    assert [(u.dense, u.shown, u.activation) for u in layers] == [("fc1", "tanh1", "Tanh"), ("fc2", "soft", "Softmax")]
    fc1, fc2 = model.get_submodule("fc1"), model.get_submodule("fc2")
    with torch.no_grad():
        hidden = torch.tanh(grid @ fc1.weight.T + fc1.bias)
        out = torch.softmax(hidden @ fc2.weight.T + fc2.bias, -1)
    np.testing.assert_allclose(layers[0].values, hidden.T.reshape(5, 7, 7).numpy(), atol=1e-6)
    np.testing.assert_allclose(layers[1].values, out.T.reshape(3, 7, 7).numpy(), atol=1e-6)
    np.testing.assert_array_equal(layers[0].weight, fc1.weight.detach().numpy())
    assert neurons.neuron_layers(model, grid, (7, 7), max_units=2)[0].values.shape == (2, 7, 7)


def test_formula_of_the_neuron_of_seed_000() -> None:
    formula = neurons.unit_formula(np.array([0.83, -1.2]), 0.05, "ReLU", neurons.input_names(2))
    assert formula == "y = ReLU(0.83·x₁ − 1.20·x₂ + 0.05)"
    assert neurons.unit_formula(np.array([-0.5]), -1.0, None, ["x"]) == "y = −0.50·x − 1.00"
    long = neurons.unit_formula(np.ones(12), 0.0, "Tanh", neurons.input_names(12, "h"))
    assert "… (4 more)" in long and long.startswith("y = Tanh(1.00·h₁ + 1.00·h₂")
