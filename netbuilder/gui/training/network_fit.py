"""Does the network fit the dataset (Input shape, output size), and which edits would make it fit."""

from __future__ import annotations

from typing import Any

from netbuilder.core.graph import Graph


def _ends(graph: Graph) -> tuple[list[Any], list[Any]]:
    order = graph.topological_order()
    return [n for n in order if n.type == "Input"], [n for n in order if n.type == "Dense"]


def _wanted_outputs(dataset: Any) -> int | None:
    return dataset.num_classes if dataset.is_classification else dataset.output_size


def fit_edits(graph: Graph, dataset: Any) -> list[tuple[str, str, Any]]:
    """(node id, parameter, value) edits that give the Input the data's shape and the last Dense its size."""
    inputs, denses = _ends(graph)
    edits: list[tuple[str, str, Any]] = []
    if len(inputs) == 1 and tuple(inputs[0].params.get("shape", ())) != tuple(dataset.input_shape):
        edits.append((inputs[0].id, "shape", list(dataset.input_shape)))
    wanted = _wanted_outputs(dataset)
    if denses and wanted and denses[-1].params.get("out_features") != wanted:
        edits.append((denses[-1].id, "out_features", int(wanted)))
    return edits


def fit_mismatch(graph: Graph, dataset: Any) -> str:
    """Why the network cannot train on ``dataset`` as it is, or "" when it fits."""
    if dataset is None:
        return ""
    inputs, denses = _ends(graph)
    if len(inputs) == 1 and tuple(inputs[0].params.get("shape", ())) != tuple(dataset.input_shape):
        return (
            f"the dataset's samples have shape {tuple(dataset.input_shape)} but '{inputs[0].id}' "
            f"expects {tuple(inputs[0].params.get('shape', ()))}"
        )
    if denses:
        wanted = _wanted_outputs(dataset)
        out = denses[-1].params.get("out_features")
        # One sigmoid output for two classes is a fit (binary cross-entropy).
        if wanted and out != wanted and not (dataset.is_classification and wanted == 2 and out == 1):
            return f"'{denses[-1].id}' outputs {out} values but the dataset needs {wanted}"
    return ""
