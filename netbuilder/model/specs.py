"""Module specs: how each layer type becomes a ``torch.nn`` module, given the shapes it receives.

A :class:`ModuleSpec` is one description (class, arguments) from which both the live module and its
line of generated source come, so the generated code can never drift from what the app trains.
Factories check what PyTorch would only fail on obscurely, and say what to do about it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from torch import nn

from netbuilder.core.errors import ShapeError
from netbuilder.core.layers import CATALOG
from netbuilder.model import blocks
from netbuilder.model.fixes import QuickFix

Shape = tuple[int, ...]


@dataclass(frozen=True)
class TensorSpec:
    """One tensor flowing along an edge: shape without the batch dimension, and dtype name."""

    shape: Shape
    dtype: str = "float32"


@dataclass(frozen=True)
class ModuleSpec:
    """A module class and its constructor arguments."""

    cls: type[nn.Module]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def instantiate(self) -> nn.Module:
        return self.cls(*self.args, **self.kwargs)

    @property
    def class_expr(self) -> str:
        """How generated code names the class: ``nn.Linear`` or a copied block's bare name."""
        if self.cls.__module__ == blocks.__name__:
            return self.cls.__name__
        return f"nn.{self.cls.__name__}"

    def source(self) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.class_expr}({', '.join(parts)})"


class SpecError(ShapeError):
    """A node cannot be built for its input shapes; may carry a one-click fix."""

    def __init__(self, message: str, *, node_id: str | None = None, fix: QuickFix | None = None) -> None:
        super().__init__(message, node_id=node_id)
        self.fix = fix


Factory = Callable[[str, str, Mapping[str, Any], list[TensorSpec]], ModuleSpec]
FACTORIES: dict[str, Factory] = {}


def factory(*type_ids: str) -> Callable[[Factory], Factory]:
    def register(function: Factory) -> Factory:
        for type_id in type_ids:
            if type_id in FACTORIES:
                raise ValueError(f"duplicate factory for {type_id}")
            FACTORIES[type_id] = function
        return function

    return register


def fmt(shape: Shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _need_float(node_id: str, inputs: list[TensorSpec], type_label: str) -> None:
    if any(t.dtype != "float32" for t in inputs):
        raise SpecError(
            f"{type_label} '{node_id}' needs numbers but gets token ids (int64); put an Embedding first",
            node_id=node_id,
            fix=QuickFix("Insert Embedding before it", "insert_before", "Embedding"),
        )


def _flatten_fix() -> QuickFix:
    return QuickFix("Insert Flatten before it", "insert_before", "Flatten")


@factory("Dense")
def _dense(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    _need_float(node_id, inputs, "Dense")
    if len(x.shape) >= 3:
        flat = 1
        for s in x.shape:
            flat *= s
        raise SpecError(
            f"Dense '{node_id}' expects a vector (or a sequence), gets {fmt(x.shape)}; "
            f"insert Flatten to make it ({flat},)?",
            node_id=node_id,
            fix=_flatten_fix(),
        )
    return ModuleSpec(nn.Linear, (x.shape[-1], p["out_features"]), {"bias": p["bias"]})


def _spatial_check(node_id: str, label: str, x: TensorSpec, dims: int, what: str) -> None:
    if len(x.shape) != dims + 1:
        fix = None
        hint = ""
        if len(x.shape) == 1 and dims == 2:
            side = round(x.shape[0] ** 0.5)
            if side * side == x.shape[0]:
                fix = QuickFix(
                    f"Insert Reshape to (1, {side}, {side})", "insert_before", "Reshape", {"shape": [1, side, side]}
                )
                hint = f"; reshape to (1, {side}, {side})?"
        elif len(x.shape) == 1 and dims == 1:
            fix = QuickFix(
                f"Insert Reshape to (1, {x.shape[0]})", "insert_before", "Reshape", {"shape": [1, x.shape[0]]}
            )
            hint = f"; reshape to (1, {x.shape[0]})?"
        raise SpecError(f"{label} '{node_id}' expects {what}, gets {fmt(x.shape)}{hint}", node_id=node_id, fix=fix)


def _check_window(node_id: str, label: str, x: TensorSpec, kernel: int, padding: int, dims: int) -> None:
    for size in x.shape[1 : 1 + dims]:
        if size + 2 * padding < kernel:
            raise SpecError(
                f"{label} '{node_id}': window {kernel} is larger than the input {fmt(x.shape[1:])}"
                + (f" with padding {padding}" if padding else ""),
                node_id=node_id,
            )


@factory("Conv1d", "Conv2d")
def _conv(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    dims = 1 if type_id == "Conv1d" else 2
    label = f"Conv{dims}D"
    _need_float(node_id, inputs, label)
    what = "(channels, length)" if dims == 1 else "an image (channels, height, width)"
    _spatial_check(node_id, label, x, dims, what)
    _check_window(node_id, label, x, p["kernel_size"], p["padding"], dims)
    cls = nn.Conv1d if dims == 1 else nn.Conv2d
    return ModuleSpec(
        cls,
        (x.shape[0], p["out_channels"], p["kernel_size"]),
        {"stride": p["stride"], "padding": p["padding"], "bias": p["bias"]},
    )


@factory("MaxPool1d", "MaxPool2d", "AvgPool2d")
def _pool(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    dims = 1 if type_id.endswith("1d") else 2
    label = CATALOG.get(type_id).label
    what = "(channels, length)" if dims == 1 else "an image (channels, height, width)"
    _spatial_check(node_id, label, x, dims, what)
    kernel, padding = p["kernel_size"], p["padding"]
    if padding * 2 > kernel:
        raise SpecError(
            f"{label} '{node_id}': padding {padding} is more than half the window {kernel}", node_id=node_id
        )
    _check_window(node_id, label, x, kernel, padding, dims)
    cls = {"MaxPool1d": nn.MaxPool1d, "MaxPool2d": nn.MaxPool2d, "AvgPool2d": nn.AvgPool2d}[type_id]
    return ModuleSpec(cls, (kernel,), {"stride": p["stride"] or kernel, "padding": padding})


@factory("GlobalAvgPool2d")
def _global_pool(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    _spatial_check(node_id, "GlobalAvgPool2D", inputs[0], 2, "an image (channels, height, width)")
    return ModuleSpec(nn.Sequential, (nn.AdaptiveAvgPool2d(1), nn.Flatten()))


@factory("RNN", "LSTM", "GRU")
def _recurrent(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    _need_float(node_id, inputs, type_id)
    if len(x.shape) != 2:
        fix = None
        if len(x.shape) == 1:
            fix = QuickFix(
                f"Insert Reshape to ({x.shape[0]}, 1)", "insert_before", "Reshape", {"shape": [x.shape[0], 1]}
            )
        raise SpecError(
            f"{type_id} '{node_id}' expects a sequence (time, features), gets {fmt(x.shape)}",
            node_id=node_id,
            fix=fix,
        )
    cls = {"RNN": blocks.RNNSequence, "LSTM": blocks.LSTMSequence, "GRU": blocks.GRUSequence}[type_id]
    kwargs: dict[str, Any] = {"num_layers": p["num_layers"], "bidirectional": p["bidirectional"]}
    if type_id == "RNN":
        kwargs["nonlinearity"] = p["nonlinearity"]
    kwargs["last_step"] = p["output"] == "last"
    return ModuleSpec(cls, (x.shape[1], p["hidden_size"]), kwargs)


def _sequence_check(node_id: str, label: str, inputs: list[TensorSpec], heads: int) -> int:
    (x,) = inputs
    _need_float(node_id, inputs, label)
    if len(x.shape) != 2:
        raise SpecError(
            f"{label} '{node_id}' expects a sequence (time, features), gets {fmt(x.shape)}", node_id=node_id
        )
    features = x.shape[1]
    if features % heads:
        raise SpecError(
            f"{label} '{node_id}': {heads} heads must divide the feature size {features}",
            node_id=node_id,
        )
    return features


@factory("MultiheadAttention")
def _attention(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    features = _sequence_check(node_id, "Self-Attention", inputs, p["num_heads"])
    return ModuleSpec(
        blocks.SelfAttention, (features, p["num_heads"]), {"dropout": p["dropout"], "causal": p["causal"]}
    )


@factory("TransformerEncoderLayer")
def _encoder(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    features = _sequence_check(node_id, "Transformer Encoder", inputs, p["num_heads"])
    return ModuleSpec(
        nn.TransformerEncoderLayer,
        (features, p["num_heads"]),
        {
            "dim_feedforward": p["dim_feedforward"],
            "dropout": p["dropout"],
            "activation": p["activation"],
            "batch_first": True,
            "norm_first": p["norm_first"],
        },
    )


@factory("PositionalEncoding")
def _positional(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    _need_float(node_id, inputs, "Positional Encoding")
    if len(x.shape) != 2:
        raise SpecError(
            f"Positional Encoding '{node_id}' expects a sequence (time, features), gets {fmt(x.shape)}",
            node_id=node_id,
        )
    if x.shape[0] > p["max_len"]:
        raise SpecError(
            f"Positional Encoding '{node_id}': the sequence has {x.shape[0]} steps, max_len is {p['max_len']}",
            node_id=node_id,
        )
    return ModuleSpec(
        blocks.PositionalEncoding, (x.shape[1],), {"max_len": p["max_len"], "learned": p["kind"] == "learned"}
    )


@factory("Embedding")
def _embedding(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    if inputs[0].dtype != "int64":
        raise SpecError(
            f"Embedding '{node_id}' expects token ids (an Input with dtype int64), gets numbers",
            node_id=node_id,
        )
    return ModuleSpec(nn.Embedding, (p["num_embeddings"], p["embedding_dim"]))


@factory("BatchNorm1d", "BatchNorm2d")
def _batchnorm(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    (x,) = inputs
    _need_float(node_id, inputs, type_id)
    if type_id == "BatchNorm2d":
        _spatial_check(node_id, "BatchNorm2D", x, 2, "an image (channels, height, width)")
        cls: type[nn.Module] = nn.BatchNorm2d
    else:
        if len(x.shape) not in (1, 2):
            raise SpecError(
                f"BatchNorm1D '{node_id}' expects (features,) or (channels, length), gets {fmt(x.shape)}",
                node_id=node_id,
            )
        cls = nn.BatchNorm1d
    return ModuleSpec(cls, (x.shape[0],), {"eps": p["eps"], "momentum": p["momentum"]})


@factory("LayerNorm")
def _layernorm(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    _need_float(node_id, inputs, "LayerNorm")
    return ModuleSpec(nn.LayerNorm, (inputs[0].shape[-1],), {"eps": p["eps"]})


@factory("Dropout")
def _dropout(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    return ModuleSpec(nn.Dropout, (p["p"],))


_SIMPLE_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "Identity": nn.Identity,
    "ReLU": nn.ReLU,
    "Sigmoid": nn.Sigmoid,
    "Tanh": nn.Tanh,
    "SiLU": nn.SiLU,
    "GELU": nn.GELU,
}


@factory(*_SIMPLE_ACTIVATIONS)
def _simple_activation(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    if type_id != "Identity":
        _need_float(node_id, inputs, CATALOG.get(type_id).label)
    return ModuleSpec(_SIMPLE_ACTIVATIONS[type_id])


@factory("LeakyReLU")
def _leaky(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    _need_float(node_id, inputs, "Leaky ReLU")
    return ModuleSpec(nn.LeakyReLU, (p["negative_slope"],))


@factory("ELU")
def _elu(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    _need_float(node_id, inputs, "ELU")
    return ModuleSpec(nn.ELU, (p["alpha"],))


def _sample_dim(node_id: str, label: str, dim: int, rank: int) -> int:
    """A dim counted without the batch dimension, checked against a sample's rank."""
    if not -rank <= dim < rank:
        raise SpecError(f"{label} '{node_id}': dim {dim} is out of range for a {rank}-D sample", node_id=node_id)
    return dim


@factory("Softmax")
def _softmax(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    _need_float(node_id, inputs, "Softmax")
    dim = _sample_dim(node_id, "Softmax", p["dim"], len(inputs[0].shape))
    return ModuleSpec(nn.Softmax, (), {"dim": dim + 1 if dim >= 0 else dim})


@factory("Add")
def _add(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    first = inputs[0].shape
    for other in inputs[1:]:
        if other.shape != first:
            shapes = " and ".join(fmt(t.shape) for t in inputs)
            raise SpecError(f"Add '{node_id}' needs inputs of equal shape, gets {shapes}", node_id=node_id)
    return ModuleSpec(blocks.Add)


@factory("Concat")
def _concat(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    rank = len(inputs[0].shape)
    dim = _sample_dim(node_id, "Concat", p["dim"], rank)
    axis = dim % rank
    for other in inputs[1:]:
        same_rank = len(other.shape) == rank
        if not same_rank or any(
            a != b for i, (a, b) in enumerate(zip(inputs[0].shape, other.shape, strict=True)) if i != axis
        ):
            shapes = " and ".join(fmt(t.shape) for t in inputs)
            raise SpecError(
                f"Concat '{node_id}': inputs must match in every dimension but {dim}, gets {shapes}",
                node_id=node_id,
            )
    return ModuleSpec(blocks.Concat, (p["dim"],))


@factory("Flatten")
def _flatten(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    return ModuleSpec(nn.Flatten)


@factory("Reshape")
def _reshape(node_id: str, type_id: str, p: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    total = 1
    for s in inputs[0].shape:
        total *= s
    target = p["shape"]
    known = 1
    for s in target:
        if s != -1:
            known *= s
    if (-1 in target and total % known) or (-1 not in target and known != total):
        raise SpecError(
            f"Reshape '{node_id}' cannot turn {fmt(inputs[0].shape)} ({total} values) into {fmt(tuple(target))}",
            node_id=node_id,
        )
    return ModuleSpec(blocks.Reshape, tuple(target))


def module_spec(node_id: str, type_id: str, params: Mapping[str, Any], inputs: list[TensorSpec]) -> ModuleSpec:
    """The module for one node, or a :class:`SpecError` saying why it cannot be built."""
    try:
        build = FACTORIES[type_id]
    except KeyError:
        raise SpecError(f"'{node_id}': layer type '{type_id}' has no PyTorch module", node_id=node_id) from None
    return build(node_id, type_id, params, inputs)
