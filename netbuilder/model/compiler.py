"""Compile a graph to a ``torch.fx.GraphModule``: node ids become submodule and variable names.

Building the fx graph directly from our graph (rather than tracing Python code) gives readable
``gm.code`` with one line per node, and a module that ``torch.export``, ONNX and state_dict round
trips all accept (architecture.md).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import torch
from torch import fx, nn

from netbuilder.core.errors import CompileError, GraphError
from netbuilder.core.graph import Graph
from netbuilder.model import blocks
from netbuilder.model.inference import GraphInfo, ShapeInferencer
from netbuilder.model.memory import check_model_memory

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
    if reuse is None:
        check_model_memory(info)  # before any weight is allocated
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


INPUT_NORM = "input_norm"


def standardize_inputs(module: fx.GraphModule, normalization: Mapping[str, Any]) -> fx.GraphModule:
    """Make ``module`` standardise its (first) input itself, in place: ``(x − mean) / std``.

    The app trains on standardised data (``dataset.normalize``); an exported model must take raw data,
    so exports put the training split's statistics inside the model as buffers of ``input_norm``.
    Parameter names are unchanged (``fc1.weight`` ...).
    """
    shape = tuple(int(s) for s in normalization.get("shape") or [len(normalization["mean"])])
    norm = blocks.Standardize(*shape)
    with torch.no_grad():
        norm.mean.copy_(torch.as_tensor(normalization["mean"], dtype=torch.float32).reshape(shape))
        norm.std.copy_(torch.as_tensor(normalization["std"], dtype=torch.float32).reshape(shape))
    module.add_submodule(INPUT_NORM, norm)
    placeholder = next(n for n in module.graph.nodes if n.op == "placeholder")
    with module.graph.inserting_after(placeholder):
        standardized = module.graph.call_module(INPUT_NORM, (placeholder,))
    placeholder.replace_all_uses_with(standardized, delete_user_cb=lambda user: user is not standardized)
    module.recompile()
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
