"""The recurrent trace reproduces the layer's own hidden states, so its gates are the layer's gates."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import fx, nn

from netbuilder.model.blocks import GRUSequence, LSTMSequence, RNNSequence
from netbuilder.training.probes import recurrent


def wrapped(layer: nn.Module) -> fx.GraphModule:
    root = nn.Module()
    root.add_module("rnn1", layer)
    root.add_module("fc1", nn.Linear(layer.hidden_size, 1))  # type: ignore[arg-type]
    graph = fx.Graph()
    x = graph.placeholder("x")
    graph.output(graph.call_module("fc1", (graph.call_module("rnn1", (x,)),)))
    return fx.GraphModule(root, graph)


@pytest.mark.parametrize("cls", [LSTMSequence, GRUSequence, RNNSequence])
def test_hidden_states_equal_the_layers_own_output(cls: type[nn.Module]) -> None:
    torch.manual_seed(1)
    layer = cls(3, 5, last_step=False)
    model = wrapped(layer)
    x = torch.randn(4, 7, 3)
    trace = recurrent.recurrent_trace(model, "rnn1", x)
    with torch.no_grad():
        own = layer(x).numpy()
    np.testing.assert_allclose(trace.hidden, own, atol=1e-5)
    assert trace.kind == recurrent.cell_kind(layer)
    assert set(trace.gates) == set(recurrent.GATE_NAMES[trace.kind])
    for name, gate in trace.gates.items():
        assert gate.shape == (4, 7, 5)
        low = -1.0 if name in ("cell", "new") else 0.0
        assert gate.min() >= low - 1e-6 and gate.max() <= 1.0 + 1e-6


def test_lstm_gates_rebuild_the_cell_state() -> None:
    torch.manual_seed(2)
    layer = LSTMSequence(2, 4, last_step=False)
    trace = recurrent.recurrent_trace(wrapped(layer), "rnn1", torch.randn(2, 6, 2))
    g = trace.gates
    c = np.zeros((2, 4))
    for t in range(6):
        c = g["forget"][:, t] * c + g["input"][:, t] * g["cell"][:, t]
        np.testing.assert_allclose(g["output"][:, t] * np.tanh(c), trace.hidden[:, t], atol=1e-5)
    assert recurrent.recurrent_layers(wrapped(layer)) == ["rnn1"]
