"""Property: a random graph either compiles and runs with the inferred shapes, or is rejected with the
project's own error type naming a node — never any other exception."""

from __future__ import annotations

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.core.errors import CompileError, NetBuilderError
from netbuilder.core.graph import Graph
from netbuilder.model.compiler import compile_graph, example_inputs
from netbuilder.model.inference import infer_graph

LAYERS = {
    "Dense": st.fixed_dictionaries({"out_features": st.integers(1, 8)}),
    "Conv1d": st.fixed_dictionaries({"out_channels": st.integers(1, 4), "kernel_size": st.integers(1, 4)}),
    "Conv2d": st.fixed_dictionaries(
        {"out_channels": st.integers(1, 4), "kernel_size": st.integers(1, 4), "padding": st.integers(0, 1)}
    ),
    "MaxPool2d": st.fixed_dictionaries({"kernel_size": st.integers(1, 3)}),
    "Flatten": st.just({}),
    "ReLU": st.just({}),
    "Tanh": st.just({}),
    "Softmax": st.just({}),
    "Dropout": st.just({"p": 0.1}),
    "LSTM": st.fixed_dictionaries({"hidden_size": st.integers(1, 6), "output": st.sampled_from(["last", "all"])}),
    "MultiheadAttention": st.fixed_dictionaries({"num_heads": st.integers(1, 3)}),
    "LayerNorm": st.just({}),
    "BatchNorm1d": st.just({}),
    "Add": st.just({}),
    "Concat": st.fixed_dictionaries({"dim": st.integers(-2, 1)}),
    "Reshape": st.fixed_dictionaries({"shape": st.lists(st.integers(1, 6), min_size=1, max_size=3)}),
    "Embedding": st.fixed_dictionaries({"num_embeddings": st.integers(2, 10), "embedding_dim": st.integers(1, 5)}),
}


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    g = Graph()
    shape = draw(st.lists(st.integers(1, 9), min_size=1, max_size=3))
    dtype = draw(st.sampled_from(["float32", "float32", "int64"]))
    g.add_node("Input", {"shape": shape, "dtype": dtype}, node_id="x")
    ids = ["x"]
    for _ in range(draw(st.integers(1, 6))):
        type_id = draw(st.sampled_from(sorted(LAYERS)))
        node = g.add_node(type_id, draw(LAYERS[type_id]))
        sources = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2 if type_id in {"Add", "Concat"} else 1))
        for src in sources:
            g.connect(src, node.id)
        ids.append(node.id)
    return g


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_random_graphs_compile_or_fail_with_a_node(graph: Graph) -> None:
    try:
        info = infer_graph(graph)
        module = compile_graph(graph, info=info)
    except CompileError as error:
        assert error.problems
        for problem in error.problems:
            assert isinstance(problem, NetBuilderError)
        # Structural problems (several outputs) may concern the graph; shape problems name their node.
        assert any(p.node_id for p in error.problems)
        return
    module.eval()
    inputs = example_inputs(graph, batch=3)
    with torch.no_grad():
        out = module(*inputs)
    assert tuple(out.shape) == (3, *info.nodes[graph.sinks()[0].id].output_shape)
