"""One-click fixes that an error can offer (insert a Flatten, reshape to an image, match a size, ...).

Shape inference attaches the fix its factory knows (``SpecError.fix``); :func:`suggest_fixes` adds every
other edit that would make the node build, from the node's type, parameters and input shapes, so that
"Apply fix" is offered wherever one exists. Pure Python: shapes in, suggested edits out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from netbuilder.core.errors import CycleError, ShapeError
from netbuilder.core.graph import Graph

Shape = tuple[int, ...]

# A Flatten into a Dense beyond this many features is a huge layer: pooling first is the better fix.
LARGE_FLATTEN = 4096
IMAGE_TYPES = frozenset({"Conv2d", "MaxPool2d", "AvgPool2d", "GlobalAvgPool2d", "BatchNorm2d"})
WINDOW_TYPES = frozenset({"Conv1d", "Conv2d", "MaxPool1d", "MaxPool2d", "AvgPool2d"})
SIZE_PARAMS = {"Dense": "out_features", "Conv1d": "out_channels", "Conv2d": "out_channels"}


@dataclass(frozen=True)
class QuickFix:
    """A suggested edit: insert a node of ``type_id`` before the failing node, or set one parameter.

    ``target`` names the node whose parameter is set when that is not the failing node itself (an Add
    whose inputs differ is fixed on the layer that feeds it the odd size).
    """

    label: str
    kind: Literal["insert_before", "set_param"]
    type_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    param: str | None = None
    value: Any = None
    target: str | None = None


def _dims(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def reshape_fix(shape: Sequence[int]) -> QuickFix:
    return QuickFix(f"Insert Reshape to {_dims(shape)}", "insert_before", "Reshape", {"shape": list(shape)})


def image_shape(features: int, smallest: int = 1) -> Shape | None:
    """An image (channels, height, width) holding exactly ``features`` values, as square as can be.

    One channel when the count is a square (784 -> 1×28×28), else three (RGB), else the most square
    single-channel rectangle whose sides are at least ``smallest`` (a kernel must fit).
    """
    for channels in (1, 3):
        if features % channels:
            continue
        side = math.isqrt(features // channels)
        if side * side * channels == features and side >= smallest:
            return (channels, side, side)
    for height in range(math.isqrt(features), smallest - 1, -1):
        if height > 0 and features % height == 0 and features // height >= smallest:
            return (1, height, features // height)
    return None


def _window(params: Mapping[str, Any]) -> int:
    return int(params.get("kernel_size", 1))


def _image_fixes(type_id: str, params: Mapping[str, Any], shape: Shape) -> list[QuickFix]:
    fixes: list[QuickFix] = []
    kernel = _window(params) if type_id in WINDOW_TYPES else 1
    if len(shape) == 1:
        image = image_shape(shape[0], kernel)
        if image is not None:
            fixes.append(reshape_fix(image))
    elif len(shape) == 2:
        fixes.append(reshape_fix((1, *shape)))  # a (time, features) table read as a one-channel image
    elif len(shape) == 3 and type_id in WINDOW_TYPES:
        fixes += _window_fixes(params, shape[1:])
    return fixes


def _window_fixes(params: Mapping[str, Any], sizes: Shape) -> list[QuickFix]:
    kernel, padding = _window(params), int(params.get("padding", 0))
    room = min(sizes) + 2 * padding
    if kernel > room >= 1:
        return [QuickFix(f"Set kernel_size to {room}", "set_param", param="kernel_size", value=room)]
    return []


def _sequence_fixes(type_id: str, params: Mapping[str, Any], shape: Shape) -> list[QuickFix]:
    if type_id in ("Conv1d", "MaxPool1d"):
        if len(shape) == 3:
            return [reshape_fix((shape[0], shape[1] * shape[2]))]
        if len(shape) == 2:
            return _window_fixes(params, shape[1:])
        return []
    if len(shape) == 1:
        return [reshape_fix((shape[0], 1))]
    if len(shape) >= 3:
        return [reshape_fix((shape[0], math.prod(shape[1:])))]
    heads = params.get("num_heads")
    if heads and shape[-1] % heads:
        divisor = max(d for d in range(1, heads + 1) if shape[-1] % d == 0)
        return [QuickFix(f"Set num_heads to {divisor}", "set_param", param="num_heads", value=divisor)]
    return []


def _dense_fixes(shape: Shape) -> list[QuickFix]:
    if len(shape) < 3:
        return []
    flatten = QuickFix("Insert Flatten before it", "insert_before", "Flatten")
    pool = QuickFix("Insert GlobalAvgPool2D before it", "insert_before", "GlobalAvgPool2d")
    if len(shape) != 3:
        return [flatten]
    return [pool, flatten] if math.prod(shape) > LARGE_FLATTEN else [flatten, pool]


def _merge_fixes(graph: Graph, node_id: str, shapes: Sequence[Shape]) -> list[QuickFix]:
    """Add/Concat inputs that differ in one size: set the odd inputs' layers to the common size.

    The size to match is one that every other input's layer can be set to (an Input or a pooling layer
    cannot change its size, a Dense or Conv can), the most common first.
    """
    if len(shapes) < 2 or len({len(s) for s in shapes}) != 1:
        return []
    sources = [graph.node(e.src) for e in graph.inputs_of(node_id)]
    candidates = sorted(set(shapes), key=lambda s: -list(shapes).count(s))
    for wanted in candidates:
        fixes = []
        for src, shape in zip(sources, shapes, strict=False):
            if shape == wanted:
                continue
            fix = _resize_fix(src.id, src.type, shape, wanted)
            if fix is None:
                break
            fixes.append(fix)
        else:
            return fixes
    return []


def _resize_fix(node_id: str, type_id: str, shape: Shape, wanted: Shape) -> QuickFix | None:
    """Set the size parameter of ``node_id`` so that it outputs ``wanted`` instead of ``shape``."""
    param = SIZE_PARAMS.get(type_id)
    if param is None:
        return None
    axis = 0 if type_id.startswith("Conv") else len(shape) - 1
    differs = [i for i, (a, b) in enumerate(zip(shape, wanted, strict=True)) if a != b]
    if differs != [axis]:
        return None
    value = wanted[axis]
    return QuickFix(f"Set {node_id}.{param} to {value}", "set_param", param=param, value=value, target=node_id)


def _reshape_fixes(params: Mapping[str, Any], shape: Shape) -> list[QuickFix]:
    target = list(params.get("shape", ()))
    if len(target) < 2 or -1 in target:
        return []
    rest = math.prod(target[1:])
    if rest and math.prod(shape) % rest == 0:
        value = [-1, *target[1:]]
        return [QuickFix(f"Set shape to {_dims(value)}", "set_param", param="shape", value=value)]
    return []


def fixes_for_node(graph: Graph, node_id: str, input_shapes: Sequence[Shape]) -> list[QuickFix]:
    """Every edit that would let ``node_id`` build on inputs of ``input_shapes``."""
    if not input_shapes:
        return []
    node = graph.node(node_id)
    shape = tuple(input_shapes[0])
    if node.type in IMAGE_TYPES:
        return _image_fixes(node.type, node.params, shape)
    if node.type in ("Conv1d", "MaxPool1d", "RNN", "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer"):
        return _sequence_fixes(node.type, node.params, shape)
    if node.type == "Dense":
        return _dense_fixes(shape)
    if node.type == "Add":
        return _merge_fixes(graph, node_id, [tuple(s) for s in input_shapes])
    if node.type == "Reshape":
        return _reshape_fixes(node.params, shape)
    return []


def suggest_fixes(
    graph: Graph, failing: Mapping[str, tuple[QuickFix | None, Sequence[Shape]]]
) -> dict[str, list[QuickFix]]:
    """Fixes per failing node, best first, without repeats; the factory's own fix leads unless the rules
    here rank it (a Flatten into a huge Dense comes after global pooling)."""
    result: dict[str, list[QuickFix]] = {}
    for node_id, (known, input_shapes) in failing.items():
        if not graph.has_node(node_id):
            continue
        fixes = fixes_for_node(graph, node_id, input_shapes)
        if known is not None and all(known.label != f.label for f in fixes):
            fixes.insert(0, known)
        if fixes:
            result[node_id] = fixes
    return result


def output_size_problem(
    graph: Graph, wanted: int | None, one_for_two: bool = True
) -> tuple[ShapeError, QuickFix] | None:
    """The last Dense layer gives ``wanted`` outputs (the dataset's classes or targets), or says so.

    ``one_for_two``: one output for two classes is a fit (a sigmoid with binary cross-entropy).
    """
    if not wanted:
        return None
    try:
        order = graph.topological_order()
    except CycleError:  # reported elsewhere, and "the last layer" means nothing in a cycle
        return None
    denses = [n for n in order if n.type == "Dense"]
    if not denses:
        return None
    last = denses[-1]
    out = last.params.get("out_features")
    if out == wanted or (one_for_two and wanted == 2 and out == 1):
        return None
    error = ShapeError(f"'{last.id}' outputs {out} values but the dataset needs {wanted}", node_id=last.id)
    return error, QuickFix(f"Set out_features to {wanted}", "set_param", param="out_features", value=wanted)
