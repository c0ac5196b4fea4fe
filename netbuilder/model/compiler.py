"""Compile a graph to a ``torch.fx.GraphModule``: node ids become submodule and variable names.

Building the fx graph directly from our graph (rather than tracing Python code) gives readable
``gm.code`` with one line per node, and a module that ``torch.export``, ONNX and state_dict round
trips all accept (architecture.md).
"""

from __future__ import annotations

import logging

import torch
from torch import fx, nn

from netbuilder.core.errors import CompileError, GraphError
from netbuilder.core.graph import Graph
from netbuilder.model.inference import GraphInfo, ShapeInferencer

log = logging.getLogger(__name__)

FINAL_ACTIVATIONS = ("Softmax", "Sigmoid")


def output_node(graph: Graph) -> str:
    """The id of the graph's single output (sink) node."""
    sinks = graph.sinks()
    if len(sinks) != 1:
        raise CompileError([GraphError("the network must have exactly one output node")])
    return sinks[0].id


def final_activation(graph: Graph) -> tuple[str | None, str | None]:
    """(``Softmax``/``Sigmoid`` or None, id of its input node) for the graph's output node.

    Training uses the input of a final Softmax as logits, so that cross-entropy never sees
    probabilities (no double softmax) while the exported inference model keeps the Softmax.
    """
    sink = graph.node(output_node(graph))
    if sink.type in FINAL_ACTIVATIONS:
        inputs = graph.inputs_of(sink.id)
        if len(inputs) == 1:
            return sink.type, inputs[0].src
    return None, None


def compile_graph(
    graph: Graph,
    *,
    output: str | None = None,
    reuse: nn.Module | None = None,
    info: GraphInfo | None = None,
) -> fx.GraphModule:
    """A GraphModule computing ``graph``; ``output`` picks the returned node (default: the sink).

    With ``reuse`` (a module compiled from the same graph), submodules — and so weights — are shared.
    Raises :class:`CompileError` listing every problem, each naming its node.
    """
    info = info if info is not None else ShapeInferencer().infer(graph)
    if info.problems:
        raise CompileError(list(info.problems))
    target = output if output is not None else output_node(graph)
    graph.node(target)  # raises for an unknown id
    needed = _ancestors(graph, target)
    root = nn.Module()
    fx_graph = fx.Graph()
    values: dict[str, fx.Node] = {}
    for node in graph.topological_order():
        if node.id not in needed and node.type != "Input":
            continue
        if node.type == "Input":
            values[node.id] = fx_graph.placeholder(node.id)
            continue
        if reuse is not None:
            module = reuse.get_submodule(node.id)
        else:
            spec = info.nodes[node.id].spec
            assert spec is not None  # inference succeeded, so every non-input node has a spec
            module = spec.instantiate()
        root.add_module(node.id, module)
        args = tuple(values[e.src] for e in graph.inputs_of(node.id))
        values[node.id] = fx_graph.call_module(node.id, args)
    fx_graph.output(values[target])
    module = fx.GraphModule(root, fx_graph, class_name="NetBuilderModel")
    log.debug("compiled %d nodes", len(graph))
    return module


def _ancestors(graph: Graph, target: str) -> set[str]:
    """``target`` and every node it depends on."""
    seen = {target}
    stack = [target]
    while stack:
        for edge in graph.inputs_of(stack.pop()):
            if edge.src not in seen:
                seen.add(edge.src)
                stack.append(edge.src)
    return seen


def example_inputs(graph: Graph, batch: int = 2, seed: int = 0) -> tuple[torch.Tensor, ...]:
    """Random inputs of the right shapes and dtypes, one per Input node (for checks and exports)."""
    generator = torch.Generator().manual_seed(seed)
    tensors = []
    for node in graph.topological_order():
        if node.type != "Input":
            continue
        shape = (batch, *node.params["shape"])
        if node.params["dtype"] == "int64":
            high = _token_range(graph, node.id)
            tensors.append(torch.randint(0, high, shape, generator=generator))
        else:
            tensors.append(torch.randn(shape, generator=generator))
    return tuple(tensors)


def _token_range(graph: Graph, input_id: str) -> int:
    """The smallest vocabulary among Embeddings fed by ``input_id`` (token ids must stay below it)."""
    sizes = [
        graph.node(e.dst).params["num_embeddings"]
        for e in graph.outputs_of(input_id)
        if graph.node(e.dst).type == "Embedding"
    ]
    return min(sizes) if sizes else 2
