"""Pruning: global unstructured magnitude pruning, and structured pruning that removes whole units.

- **Unstructured** (:func:`prune_global`): the ``sparsity`` fraction of smallest-magnitude weights over
  all weight tensors together (Dense, convolutions, recurrent layers, embeddings) is set to zero.
  Layers keep their shapes; the file only shrinks once compressed, and the CPU does the same work.
- **Structured** (:func:`prune_structured`): the ``sparsity`` fraction of each hidden Dense layer's
  units (or each hidden convolution's channels) with the smallest L1 norm is removed, and so are the
  matching input columns of the layers they feed. The result is a *smaller graph* (``out_features`` /
  ``out_channels`` reduced) with its own weights: exports, summaries and views see the real shapes.

A layer is pruned structurally only when every path from it reaches its consumers through layers that
act per unit (activations, dropout, pooling, batch norm) and ends at a Dense or a convolution (or a
Flatten feeding a Dense); anything else (a merge, attention, the output layer) keeps it whole, and
:attr:`StructuredResult.skipped` says why.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

import torch
from torch import nn

from netbuilder.core.graph import Graph
from netbuilder.training.errors import TrainingError

log = logging.getLogger(__name__)

PRUNABLE_TYPES: tuple[type[nn.Module], ...] = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.RNNBase, nn.Embedding)
# Graph layers that act on each unit/channel separately: a removed unit simply disappears through them.
PER_UNIT = {"Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "SiLU", "GELU", "ELU", "Dropout"}
POOLS = {"MaxPool1d", "MaxPool2d", "AvgPool2d"}
NORMS = {"BatchNorm1d", "BatchNorm2d"}
LAYERS = {"Dense": "out_features", "Conv1d": "out_channels", "Conv2d": "out_channels"}


def check_sparsity(sparsity: float) -> float:
    if not 0.0 <= sparsity <= 0.99:
        raise TrainingError(f"the sparsity must be between 0 and 0.99, got {sparsity}")
    return float(sparsity)


def prunable_weights(module: nn.Module) -> list[tuple[str, torch.Tensor]]:
    """(name, tensor) of every weight that pruning considers; biases are few and matter, so they stay."""
    found: list[tuple[str, torch.Tensor]] = []
    for layer_name, layer in module.named_modules():
        if not isinstance(layer, PRUNABLE_TYPES):
            continue
        for name, param in layer.named_parameters(recurse=False):
            if name.startswith("weight") and param.numel() > 1:
                found.append((f"{layer_name}.{name}" if layer_name else name, param))
    return found


def prune_global(module: nn.Module, sparsity: float) -> nn.Module:
    """A copy in which exactly ``round(sparsity · n)`` of the n prunable weights (the smallest |w|) are zero."""
    check_sparsity(sparsity)
    pruned = copy.deepcopy(module)
    weights = [p for _, p in prunable_weights(pruned)]
    if not weights or sparsity == 0.0:
        return pruned
    with torch.no_grad():
        magnitudes = torch.cat([w.detach().abs().flatten() for w in weights])
        count = round(sparsity * magnitudes.numel())
        if count == 0:
            return pruned
        # topk rather than a threshold: ties at the threshold would otherwise zero more than asked.
        chosen = torch.zeros(magnitudes.numel(), dtype=torch.bool)
        chosen[torch.topk(magnitudes, count, largest=False).indices] = True
        start = 0
        for w in weights:
            n = w.numel()
            w.masked_fill_(chosen[start : start + n].view_as(w), 0.0)
            start += n
        for layer in pruned.modules():
            if isinstance(layer, nn.RNNBase):
                layer.flatten_parameters()  # the fused copy cuDNN may use must see the zeros
    return pruned


def sparsity_of(module: nn.Module) -> float:
    """The fraction of prunable weights that are exactly zero."""
    weights = [p for _, p in prunable_weights(module)]
    total = sum(w.numel() for w in weights)
    zeros = sum(int((w == 0).sum()) for w in weights)
    return zeros / total if total else 0.0


@dataclass
class StructuredResult:
    graph: Graph  # the smaller graph
    state: dict[str, torch.Tensor]  # its weights
    removed: dict[str, tuple[int, int]] = field(default_factory=dict)  # node id -> (units before, after)
    skipped: dict[str, str] = field(default_factory=dict)  # node id -> why it kept every unit


def _consumers(graph: Graph, node_id: str) -> tuple[list[tuple[str, list[str]]], str | None]:
    """The layers fed by ``node_id`` through per-unit layers: [(consumer, [norms and flattens on the way])].

    Returns (consumers, why not) — a reason when some path cannot drop units.
    """
    found: list[tuple[str, list[str]]] = []
    stack: list[tuple[str, list[str]]] = [(e.dst, []) for e in graph.edges if e.src == node_id]
    if not stack:
        return [], "it is the output layer"
    producer = graph.node(node_id).type
    while stack:
        current, path = stack.pop()
        node = graph.node(current)
        outgoing = [e.dst for e in graph.edges if e.src == current]
        flat = any(graph.node(n).type == "Flatten" for n in path)
        if not outgoing and node.type not in LAYERS:
            return [], "it computes the network's output"
        if node.type in LAYERS:
            # Channels reach a Dense only through a Flatten; units of a Dense reach no convolution.
            if (producer == "Dense") != (node.type == "Dense") and not (flat and node.type == "Dense"):
                return [], f"it feeds {node.type} '{current}' in a way that cannot drop units"
            found.append((current, path))
        elif node.type in PER_UNIT or (node.type in NORMS | POOLS and not flat):
            stack.extend((dst, [*path, current]) for dst in outgoing)
        elif node.type == "Flatten" and not flat and len(outgoing) == 1:
            stack.append((outgoing[0], [*path, current]))
        else:
            return [], f"it feeds {node.type} '{current}', which cannot drop units"
    return found, None


def _keep(weight: torch.Tensor, keep_count: int) -> torch.Tensor:
    """Indices (sorted) of the ``keep_count`` units whose incoming weights have the largest L1 norm."""
    norms = weight.detach().abs().flatten(1).sum(1)
    return torch.sort(torch.topk(norms, keep_count).indices).values


def prune_structured(graph: Graph, state: dict[str, torch.Tensor], sparsity: float) -> StructuredResult:
    """Remove the ``sparsity`` fraction of units/channels of every hidden layer that allows it."""
    check_sparsity(sparsity)
    new_graph = graph.copy()
    new_state = {k: v.detach().clone() for k, v in state.items()}
    result = StructuredResult(new_graph, new_state)
    for node in graph.topological_order():
        if node.type not in LAYERS:
            continue
        units = int(node.params[LAYERS[node.type]])
        consumers, why = _consumers(graph, node.id)
        if why is not None:
            result.skipped[node.id] = why
            continue
        keep_count = max(1, units - round(sparsity * units))
        if keep_count == units:
            continue
        keep = _keep(new_state[f"{node.id}.weight"], keep_count)
        new_state[f"{node.id}.weight"] = new_state[f"{node.id}.weight"][keep].clone()
        if f"{node.id}.bias" in new_state:
            new_state[f"{node.id}.bias"] = new_state[f"{node.id}.bias"][keep].clone()
        for consumer, path in consumers:
            for between in path:
                if graph.node(between).type in NORMS:
                    for suffix in ("weight", "bias", "running_mean", "running_var"):
                        key = f"{between}.{suffix}"
                        if key in new_state:
                            new_state[key] = new_state[key][keep].clone()
            key = f"{consumer}.weight"
            weight = new_state[key]
            if path and graph.node(path[-1]).type == "Flatten":
                # Flatten lays channel c out as columns c·S … c·S+S−1 (S = spatial positions).
                spatial = weight.shape[1] // units
                columns = (keep[:, None] * spatial + torch.arange(spatial)[None, :]).flatten()
                new_state[key] = weight[:, columns].clone()
            else:
                new_state[key] = weight[:, keep].clone()
        new_graph.set_param(node.id, LAYERS[node.type], keep_count)
        result.removed[node.id] = (units, keep_count)
    return result


__all__ = ["StructuredResult", "check_sparsity", "prunable_weights", "prune_global", "prune_structured", "sparsity_of"]
