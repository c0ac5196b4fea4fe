"""Every catalog type compiles alone; inferred shapes equal real ones; params equal torch.nn's."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch import nn

from netbuilder.core.errors import CompileError
from netbuilder.core.graph import Graph
from netbuilder.core.layers import CATALOG
from netbuilder.model.compiler import compile_graph, example_inputs, final_activation
from netbuilder.model.inference import ShapeInferencer, infer_graph

# An input shape (and dtype) each type can work on, and any params it needs to be interesting.
INPUT_FOR: dict[str, tuple[tuple[int, ...], str, dict[str, Any]]] = {
    "Dense": ((12,), "float32", {"out_features": 5}),
    "Conv1d": ((3, 20), "float32", {"out_channels": 4, "kernel_size": 5, "stride": 2, "padding": 1}),
    "Conv2d": ((3, 16, 16), "float32", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
    "MaxPool1d": ((3, 20), "float32", {}),
    "MaxPool2d": ((3, 16, 16), "float32", {"kernel_size": 3, "stride": 2}),
    "AvgPool2d": ((3, 16, 16), "float32", {}),
    "GlobalAvgPool2d": ((3, 7, 7), "float32", {}),
    "RNN": ((10, 6), "float32", {"hidden_size": 7, "nonlinearity": "relu"}),
    "LSTM": ((10, 6), "float32", {"hidden_size": 7, "num_layers": 2, "bidirectional": True, "output": "all"}),
    "GRU": ((10, 6), "float32", {"hidden_size": 7}),
    "MultiheadAttention": ((10, 8), "float32", {"num_heads": 2, "causal": True}),
    "TransformerEncoderLayer": ((10, 8), "float32", {"num_heads": 2, "dim_feedforward": 16, "dropout": 0.0}),
    "PositionalEncoding": ((10, 8), "float32", {"kind": "learned", "max_len": 32}),
    "Embedding": ((10,), "int64", {"num_embeddings": 50, "embedding_dim": 6}),
    "BatchNorm1d": ((12,), "float32", {}),
    "BatchNorm2d": ((3, 8, 8), "float32", {}),
    "LayerNorm": ((10, 8), "float32", {}),
    "Dropout": ((12,), "float32", {"p": 0.2}),
    "Flatten": ((3, 4, 4), "float32", {}),
    "Reshape": ((12,), "float32", {"shape": [3, -1]}),
    "Softmax": ((12,), "float32", {}),
    "LeakyReLU": ((12,), "float32", {"negative_slope": 0.2}),
    "ELU": ((12,), "float32", {}),
}
SIMPLE = ("Identity", "ReLU", "Sigmoid", "Tanh", "SiLU", "GELU")

# Hand-written torch.nn equivalents, for parameter counts.
EQUIVALENT: dict[str, nn.Module] = {
    "Dense": nn.Linear(12, 5),
    "Conv1d": nn.Conv1d(3, 4, 5),
    "Conv2d": nn.Conv2d(3, 8, 3),
    "RNN": nn.RNN(6, 7),
    "LSTM": nn.LSTM(6, 7, num_layers=2, bidirectional=True),
    "GRU": nn.GRU(6, 7),
    "MultiheadAttention": nn.MultiheadAttention(8, 2),
    "TransformerEncoderLayer": nn.TransformerEncoderLayer(8, 2, dim_feedforward=16),
    "PositionalEncoding": nn.Embedding(32, 8),
    "Embedding": nn.Embedding(50, 6),
    "BatchNorm1d": nn.BatchNorm1d(12),
    "BatchNorm2d": nn.BatchNorm2d(3),
    "LayerNorm": nn.LayerNorm(8),
}


def single(type_id: str) -> Graph:
    shape, dtype, params = INPUT_FOR.get(type_id, ((12,), "float32", {}))
    g = Graph()
    g.add_node("Input", {"shape": list(shape), "dtype": dtype}, node_id="x")
    g.add_node(type_id, params, node_id="layer")
    g.connect("x", "layer")
    return g


def test_every_type_is_covered() -> None:
    covered = set(INPUT_FOR) | set(SIMPLE) | {"Input", "Add", "Concat"}
    assert covered == set(CATALOG.ids())


@pytest.mark.parametrize("type_id", sorted(set(INPUT_FOR) | set(SIMPLE)))
def test_type_compiles_alone_with_real_shapes_and_params(type_id: str) -> None:
    graph = single(type_id)
    info = infer_graph(graph)
    assert info.ok, info.problems
    module = compile_graph(graph)
    module.eval()
    out = module(*example_inputs(graph, batch=3))
    assert tuple(out.shape) == (3, *info.nodes["layer"].output_shape)
    real_params = sum(p.numel() for p in module.parameters())
    assert info.nodes["layer"].params == real_params
    if type_id in EQUIVALENT:
        assert real_params == sum(p.numel() for p in EQUIVALENT[type_id].parameters())


def test_merges_compile() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [4, 6]}, node_id="x")
    g.add_node("Dense", {"out_features": 6}, node_id="a")
    g.add_node("Dense", {"out_features": 3}, node_id="b")
    g.add_node("Add", node_id="s")
    g.add_node("Concat", {"dim": -1}, node_id="c")
    for src, dst in [("x", "a"), ("x", "b"), ("x", "s"), ("a", "s"), ("s", "c"), ("b", "c")]:
        g.connect(src, dst)
    info = infer_graph(g)
    assert info.nodes["s"].output_shape == (4, 6)
    assert info.nodes["c"].output_shape == (4, 9)
    out = compile_graph(g)(torch.randn(2, 4, 6))
    assert tuple(out.shape) == (2, 4, 9)


def test_concat_dim_zero_counts_without_batch() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [2, 5]}, node_id="x")
    g.add_node("Concat", {"dim": 0}, node_id="c")
    g.connect("x", "c")
    g.connect("x", "c")
    assert infer_graph(g).nodes["c"].output_shape == (4, 5)
    assert compile_graph(g)(torch.randn(3, 2, 5)).shape == (3, 4, 5)


@pytest.mark.parametrize(
    ("build", "message", "fix"),
    [
        (lambda g: g.add_node("Dense", node_id="bad"), "expects a vector", "Flatten"),
        (lambda g: g.add_node("LSTM", node_id="bad"), "expects a sequence", None),
        (lambda g: g.add_node("Conv2d", {"kernel_size": 40}, node_id="bad"), "larger than the input", None),
        (lambda g: g.add_node("MultiheadAttention", {"num_heads": 3}, node_id="bad"), "expects a sequence", None),
        (lambda g: g.add_node("Reshape", {"shape": [5, 5]}, node_id="bad"), "cannot turn", None),
        (lambda g: g.add_node("Embedding", node_id="bad"), "token ids", None),
    ],
)
def test_shape_errors_name_the_node_and_offer_fixes(build, message: str, fix: str | None) -> None:  # type: ignore[no-untyped-def]
    g = Graph()
    g.add_node("Input", {"shape": [1, 28, 28]}, node_id="x")
    build(g)
    g.connect("x", "bad")
    info = infer_graph(g)
    assert len(info.problems) == 1
    problem = info.problems[0]
    assert problem.node_id == "bad"
    assert message in problem.message and "'bad'" in problem.message
    node_fix = info.nodes["bad"].fix
    assert (node_fix.type_id if node_fix else None) == fix
    with pytest.raises(CompileError) as raised:
        compile_graph(g)
    assert raised.value.node_id == "bad"


def test_dense_on_image_message_suggests_flatten_size() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [64, 3, 3]}, node_id="x")
    g.add_node("Dense", {"out_features": 128}, node_id="fc2")
    g.connect("x", "fc2")
    (problem,) = infer_graph(g).problems
    assert (
        problem.message
        == "Dense 'fc2' expects a vector (or a sequence), gets (64, 3, 3); insert Flatten to make it (576,)?"
    )


def test_errors_do_not_cascade_downstream() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [1, 8, 8]}, node_id="x")
    g.add_node("Dense", node_id="fc1")
    g.add_node("Dense", node_id="fc2")
    g.connect("x", "fc1")
    g.connect("fc1", "fc2")
    info = infer_graph(g)
    assert [p.node_id for p in info.problems] == ["fc1"]
    assert info.nodes["fc2"].output_shape is None


def test_reserved_node_ids_are_reported() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [2]}, node_id="x")
    g.add_node("Dense", node_id="forward")
    g.connect("x", "forward")
    (problem,) = infer_graph(g).problems
    assert problem.node_id == "forward" and "reserved" in problem.message


def test_inferencer_cache_reuses_unchanged_nodes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from netbuilder.model import inference

    g = Graph()
    g.add_node("Input", {"shape": [4]}, node_id="x")
    previous = "x"
    for i in range(5):
        g.add_node("Dense", {"out_features": 4}, node_id=f"d{i}")
        g.connect(previous, f"d{i}")
        previous = f"d{i}"
    inferencer = ShapeInferencer()
    inferencer.infer(g)
    calls: list[str] = []
    real = inference._run_node
    monkeypatch.setattr(inference, "_run_node", lambda nid, *a: calls.append(nid) or real(nid, *a))
    g.set_param("d3", "out_features", 9)
    info = inferencer.infer(g)
    assert calls == ["d3", "d4"]
    assert info.nodes["d4"].input_shapes == ((9,),)


def test_final_activation_and_logits_module_share_weights() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [3]}, node_id="x")
    g.add_node("Dense", {"out_features": 4}, node_id="fc")
    g.add_node("Softmax", node_id="sm")
    g.connect("x", "fc")
    g.connect("fc", "sm")
    assert final_activation(g) == ("Softmax", "fc")
    full = compile_graph(g)
    logits = compile_graph(g, output="fc", reuse=full)
    assert logits.fc is full.fc
    x = torch.randn(5, 3)
    assert torch.allclose(torch.softmax(logits(x), -1), full(x))
