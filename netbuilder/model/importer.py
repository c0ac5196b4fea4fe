"""nn.Module -> canvas graph: fx-trace a module and map every op to a catalog layer type.

Modules NetBuilder knows (``nn.Linear``, ``nn.Conv2d``, the sequence/attention blocks ...) are kept
as leaves of the trace and mapped with their parameters; a few functional ops (``+``, ``torch.cat``,
``torch.flatten``, ``F.relu`` ...) map too. Anything else is listed by name in
:class:`ModelImportError` rather than approximated, so an import either is faithful or says why not.
Nodes are laid out left-to-right by depth so the result looks tidy on the canvas.
"""

from __future__ import annotations

import importlib.util
import logging
import operator
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import fx, nn

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Graph
from netbuilder.model import blocks

log = logging.getLogger(__name__)

COLUMN_WIDTH = 230.0
ROW_HEIGHT = 130.0


class ModelImportError(NetBuilderError):
    """A module that cannot become a graph; ``unmapped`` names every op without a catalog layer."""

    def __init__(self, message: str, unmapped: Sequence[str] = (), *, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.unmapped = list(unmapped)


Mapped = tuple[str, dict[str, Any]]  # (catalog type id, params)


def _first(value: Any) -> int:
    return int(value[0]) if isinstance(value, tuple) else int(value)


def _sample_dim(dim: int) -> int:
    """A torch dim (batch included) as the catalog counts it (without the batch dimension)."""
    return dim - 1 if dim > 0 else dim


def _pool(module: nn.Module) -> dict[str, Any]:
    kernel = _first(module.kernel_size)
    stride = _first(module.stride) if module.stride is not None else kernel
    return {"kernel_size": kernel, "stride": 0 if stride == kernel else stride, "padding": _first(module.padding)}


def _recurrent(module: nn.RNNBase) -> dict[str, Any]:
    params: dict[str, Any] = {
        "hidden_size": module.hidden_size,
        "num_layers": module.num_layers,
        "bidirectional": module.bidirectional,
        "output": "last" if getattr(module, "last_step", True) else "all",
    }
    if isinstance(module, blocks.RNNSequence):
        params["nonlinearity"] = module.nonlinearity
    return params


def _encoder(module: nn.TransformerEncoderLayer) -> dict[str, Any]:
    activation = module.activation
    name = getattr(activation, "__name__", type(activation).__name__).lower()
    return {
        "num_heads": module.self_attn.num_heads,
        "dim_feedforward": module.linear1.out_features,
        "dropout": float(module.dropout.p),
        "activation": "gelu" if "gelu" in name else "relu",
        "norm_first": bool(module.norm_first),
    }


def _global_pool(module: nn.Module) -> Mapped | None:
    parts = list(module.children())
    if (
        len(parts) == 2
        and isinstance(parts[0], nn.AdaptiveAvgPool2d)
        and parts[0].output_size in (1, (1, 1))
        and isinstance(parts[1], nn.Flatten)
    ):
        return "GlobalAvgPool2d", {}
    return None


# Exact module type -> mapping; checked before subclasses so NetBuilder's blocks win over nn.LSTM etc.
MODULE_MAP: dict[type[nn.Module], Callable[[Any], Mapped | None]] = {
    nn.Linear: lambda m: ("Dense", {"out_features": m.out_features, "bias": m.bias is not None}),
    nn.Conv1d: lambda m: (
        "Conv1d",
        {
            "out_channels": m.out_channels,
            "kernel_size": _first(m.kernel_size),
            "stride": _first(m.stride),
            "padding": _first(m.padding),
            "bias": m.bias is not None,
        },
    ),
    nn.Conv2d: lambda m: (
        "Conv2d",
        {
            "out_channels": m.out_channels,
            "kernel_size": _first(m.kernel_size),
            "stride": _first(m.stride),
            "padding": _first(m.padding),
            "bias": m.bias is not None,
        },
    ),
    nn.MaxPool1d: lambda m: ("MaxPool1d", _pool(m)),
    nn.MaxPool2d: lambda m: ("MaxPool2d", _pool(m)),
    nn.AvgPool2d: lambda m: ("AvgPool2d", _pool(m)),
    blocks.RNNSequence: lambda m: ("RNN", _recurrent(m)),
    blocks.LSTMSequence: lambda m: ("LSTM", _recurrent(m)),
    blocks.GRUSequence: lambda m: ("GRU", _recurrent(m)),
    blocks.SelfAttention: lambda m: (
        "MultiheadAttention",
        {"num_heads": m.num_heads, "dropout": float(m.dropout), "causal": m.causal},
    ),
    nn.TransformerEncoderLayer: lambda m: ("TransformerEncoderLayer", _encoder(m)),
    blocks.PositionalEncoding: lambda m: (
        "PositionalEncoding",
        {"kind": "learned" if m.learned else "sinusoidal", "max_len": int(m.table.shape[0])},
    ),
    nn.Embedding: lambda m: ("Embedding", {"num_embeddings": m.num_embeddings, "embedding_dim": m.embedding_dim}),
    nn.BatchNorm1d: lambda m: ("BatchNorm1d", {"eps": m.eps, "momentum": m.momentum or 0.1}),
    nn.BatchNorm2d: lambda m: ("BatchNorm2d", {"eps": m.eps, "momentum": m.momentum or 0.1}),
    nn.LayerNorm: lambda m: ("LayerNorm", {"eps": m.eps}) if len(m.normalized_shape) == 1 else None,
    nn.Dropout: lambda m: ("Dropout", {"p": float(m.p)}),
    nn.Identity: lambda m: ("Identity", {}),
    nn.ReLU: lambda m: ("ReLU", {}),
    nn.LeakyReLU: lambda m: ("LeakyReLU", {"negative_slope": m.negative_slope}),
    nn.Sigmoid: lambda m: ("Sigmoid", {}),
    nn.Tanh: lambda m: ("Tanh", {}),
    nn.SiLU: lambda m: ("SiLU", {}),
    nn.GELU: lambda m: ("GELU", {}) if m.approximate == "none" else None,
    nn.ELU: lambda m: ("ELU", {"alpha": m.alpha}),
    nn.Softmax: lambda m: ("Softmax", {"dim": _sample_dim(m.dim if m.dim is not None else -1)}),
    blocks.Add: lambda m: ("Add", {}),
    blocks.Concat: lambda m: ("Concat", {"dim": _sample_dim(m.dim)}),
    nn.Flatten: lambda m: ("Flatten", {}) if m.start_dim == 1 and m.end_dim == -1 else None,
    blocks.Reshape: lambda m: ("Reshape", {"shape": list(m.shape)}),
    nn.Sequential: _global_pool,
}

FUNCTION_MAP: dict[Any, str] = {
    operator.add: "Add",
    torch.add: "Add",
    torch.relu: "ReLU",
    F.relu: "ReLU",
    torch.sigmoid: "Sigmoid",
    torch.tanh: "Tanh",
    F.gelu: "GELU",
    F.silu: "SiLU",
}
METHOD_MAP = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}


class _LeafTracer(fx.Tracer):
    """Keeps every module we can map (and every torch.nn module) as one call."""

    def is_leaf_module(self, m: nn.Module, module_qualified_name: str) -> bool:
        if type(m) in MODULE_MAP and not (type(m) is nn.Sequential and _global_pool(m) is None):
            return True
        return super().is_leaf_module(m, module_qualified_name)


@dataclass
class ImportResult:
    graph: Graph
    parameters: int
    notes: list[str] = field(default_factory=list)


def _node_id(graph: Graph, wanted: str, type_id: str) -> str:
    candidate = re.sub(r"\W", "_", wanted).strip("_")
    if candidate and not candidate[0].isdigit() and not graph.has_node(candidate):
        try:
            Graph.check_id(candidate)
            return candidate
        except NetBuilderError:
            pass
    return graph.new_id(type_id)


def _map_function(node: fx.Node) -> Mapped | None:
    if node.op == "call_function":
        if node.target in FUNCTION_MAP:
            return FUNCTION_MAP[node.target], {}
        if node.target is torch.flatten and tuple(node.args[1:2]) == (1,) and len(node.args) <= 2:
            return "Flatten", {}
        if node.target is torch.cat:
            dim = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)
            return "Concat", {"dim": _sample_dim(int(dim))}
    if node.op == "call_method":
        if node.target in METHOD_MAP and len(node.args) == 1:
            return METHOD_MAP[str(node.target)], {}
        if node.target == "flatten" and tuple(node.args[1:]) == (1,):
            return "Flatten", {}
    return None


def _op_name(node: fx.Node, module: nn.Module) -> str:
    if node.op == "call_module":
        return f"{node.target} ({type(module.get_submodule(str(node.target))).__name__})"
    target = node.target
    name = getattr(target, "__name__", str(target))
    return f"{node.name} ({name})"


def _inputs(node: fx.Node) -> list[fx.Node]:
    if node.op == "call_function" and node.target is torch.cat:
        return [a for a in node.args[0] if isinstance(a, fx.Node)]  # type: ignore[union-attr]
    return [a for a in node.args if isinstance(a, fx.Node)]


def import_module(
    module: nn.Module, input_shapes: Sequence[Sequence[int]], *, input_dtypes: Sequence[str] | None = None
) -> ImportResult:
    """A graph computing ``module``; raises :class:`ModelImportError` listing every op that does not map."""
    try:
        traced = fx.GraphModule(module, _LeafTracer().trace(module))
    except Exception as error:  # fx raises many types for data-dependent control flow
        raise ModelImportError(f"cannot trace the module with torch.fx ({type(error).__name__}: {error})") from None
    graph = Graph()
    ids: dict[fx.Node, str] = {}
    unmapped: list[str] = []
    placeholders = [n for n in traced.graph.nodes if n.op == "placeholder"]
    if len(placeholders) != len(input_shapes):
        raise ModelImportError(
            f"the module takes {len(placeholders)} input(s) but {len(input_shapes)} input shape(s) were given"
        )
    dtypes = list(input_dtypes or [])
    for index, (node, shape) in enumerate(zip(placeholders, input_shapes, strict=True)):
        dtype = dtypes[index] if index < len(dtypes) else _guess_dtype(node, traced)
        ids[node] = graph.add_node(
            "Input", {"shape": list(shape), "dtype": dtype}, node_id=_node_id(graph, node.name, "Input")
        ).id
    pending: list[tuple[fx.Node, Mapped]] = []
    output_source: fx.Node | None = None
    for node in traced.graph.nodes:
        if node.op in ("placeholder", "get_attr"):
            if node.op == "get_attr":
                unmapped.append(f"{node.name} (tensor attribute {node.target})")
            continue
        if node.op == "output":
            result = node.args[0]
            if not isinstance(result, fx.Node):
                unmapped.append("output (returns several values; NetBuilder graphs have one output)")
            else:
                output_source = result
            continue
        mapped = None
        if node.op == "call_module":
            sub = traced.get_submodule(str(node.target))
            mapper = MODULE_MAP.get(type(sub))
            mapped = mapper(sub) if mapper is not None else None
        else:
            mapped = _map_function(node)
        extra_args = [a for a in node.args if not isinstance(a, fx.Node)] if node.op == "call_module" else []
        if mapped is None or extra_args or (mapped[0] != "Concat" and any(isinstance(a, list) for a in node.args)):
            unmapped.append(_op_name(node, traced))
            continue
        pending.append((node, mapped))
    if unmapped:
        raise ModelImportError(
            f"{len(unmapped)} op(s) have no NetBuilder layer: {', '.join(unmapped)}", unmapped=unmapped
        )
    for node, (type_id, params) in pending:
        wanted = str(node.target) if node.op == "call_module" else node.name
        new = graph.add_node(type_id, params, node_id=_node_id(graph, wanted, type_id))
        ids[node] = new.id
        for source in _inputs(node):
            graph.connect(ids[source], new.id)
    if output_source is not None and graph.outputs_of(ids[output_source]):
        raise ModelImportError("the module returns an intermediate value that is also used later")
    layout(graph)
    params_total = sum(p.numel() for p in module.parameters())
    log.info("imported %d nodes, %d parameters", len(graph), params_total)
    return ImportResult(graph, params_total)


def _guess_dtype(node: fx.Node, traced: fx.GraphModule) -> str:
    for user in node.users:
        if user.op == "call_module" and isinstance(traced.get_submodule(str(user.target)), nn.Embedding):
            return "int64"
    return "float32"


def layout(graph: Graph) -> None:
    """Place nodes left-to-right by depth (longest path from an input), stacking parallel branches."""
    depth: dict[str, int] = {}
    rows: dict[int, int] = {}
    for node in graph.topological_order():
        parents = [depth[e.src] for e in graph.inputs_of(node.id)]
        depth[node.id] = max(parents) + 1 if parents else 0
        row = rows.get(depth[node.id], 0)
        rows[depth[node.id]] = row + 1
        graph.move(node.id, (depth[node.id] * COLUMN_WIDTH, row * ROW_HEIGHT))


def load_module_from_file(path: str | Path, name: str | None) -> nn.Module:
    """Run the user's Python file and build ``name`` (a class taking no arguments, or a module object).

    Without ``name`` the file must hold exactly one ``nn.Module`` object (e.g. ``model = nn.Sequential(...)``).
    """
    path = Path(path)
    if not path.is_file():
        raise ModelImportError("no such Python file", path=str(path))
    spec = importlib.util.spec_from_file_location(f"netbuilder_user_model_{abs(hash(path))}", path)
    if spec is None or spec.loader is None:
        raise ModelImportError("not a Python file", path=str(path))
    user = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = user
    try:
        spec.loader.exec_module(user)
    except Exception as error:  # the user's code can raise anything; report it as one line
        raise ModelImportError(f"running the file failed: {type(error).__name__}: {error}", path=str(path)) from None
    finally:
        sys.modules.pop(spec.name, None)
    if name is None:
        found = [v for v in vars(user).values() if isinstance(v, nn.Module)]
        if len(found) != 1:
            raise ModelImportError("give --class: the file does not hold exactly one nn.Module object", path=str(path))
        return found[0]
    obj = getattr(user, name, None)
    if isinstance(obj, nn.Module):
        return obj
    if isinstance(obj, type) and issubclass(obj, nn.Module):
        try:
            return obj()
        except TypeError as error:
            raise ModelImportError(f"{name}() needs arguments ({error})", path=str(path)) from None
    raise ModelImportError(f"no nn.Module class or object named '{name}'", path=str(path))
