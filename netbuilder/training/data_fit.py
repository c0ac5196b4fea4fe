"""Does the network fit the dataset (Input shape, output size), and which edits would make it fit.

:func:`netbuilder.training.session.prepare` refuses a run with :func:`input_problem` and
:func:`output_problem` (on the compiled network's real output); the GUI's Dataset panel warns with
:func:`fit_mismatch` and offers :func:`fit_edits`, judging the last Dense layer's size by the
editor's own rule (:func:`netbuilder.model.fixes.output_size_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netbuilder.core.graph import Graph, Node
from netbuilder.model.fixes import output_size_problem


@dataclass(frozen=True)
class FitProblem:
    message: str
    node_id: str | None = None


def _ends(graph: Graph) -> tuple[list[Node], list[Node]]:
    order = graph.topological_order()
    return [n for n in order if n.type == "Input"], [n for n in order if n.type == "Dense"]


def wanted_outputs(dataset: Any) -> int | None:
    """Values per sample the network must output: one per class, or one per target column."""
    wanted = dataset.num_classes if dataset.is_classification else dataset.output_size
    return None if wanted is None else int(wanted)


def input_problem(graph: Graph, dataset: Any) -> FitProblem | None:
    """The single Input node's shape against the samples' shape."""
    inputs, _ = _ends(graph)
    if len(inputs) != 1:
        return None  # several or no inputs: the graph checks say so
    expected = tuple(inputs[0].params.get("shape", ()))
    if expected != tuple(dataset.input_shape):
        return FitProblem(
            f"the dataset's samples have shape {tuple(dataset.input_shape)} but '{inputs[0].id}' expects {expected}",
            inputs[0].id,
        )
    return None


def output_problem(produced: int, dataset: Any, node_id: str | None = None) -> FitProblem | None:
    """``produced`` values per sample against what the data needs (one output for two classes fits: BCE)."""
    wanted = wanted_outputs(dataset)
    if not wanted or produced == wanted:
        return None
    if dataset.is_classification and wanted == 2 and produced == 1:
        return None
    what = f"{dataset.num_classes} classes" if dataset.is_classification else f"{wanted} target value(s)"
    name = f"'{node_id}'" if node_id else "the network"
    return FitProblem(f"{name} outputs {produced} value(s) per sample but the dataset has {what}", node_id)


def fit_edits(graph: Graph, dataset: Any) -> list[tuple[str, str, Any]]:
    """(node id, parameter, value) edits that give the Input the data's shape and the last Dense its size."""
    inputs, denses = _ends(graph)
    edits: list[tuple[str, str, Any]] = []
    if input_problem(graph, dataset) is not None:
        edits.append((inputs[0].id, "shape", list(dataset.input_shape)))
    wanted = wanted_outputs(dataset)
    if denses and wanted and denses[-1].params.get("out_features") != wanted:
        edits.append((denses[-1].id, "out_features", int(wanted)))
    return edits


def fit_mismatch(graph: Graph, dataset: Any) -> str:
    """Why the network cannot train on ``dataset`` as it is, or "" when it fits (an editor's check)."""
    if dataset is None:
        return ""
    problem = input_problem(graph, dataset)
    if problem is not None:
        return problem.message
    # The editor's rule for the last Dense layer (it also offers the fix in the Problems panel).
    found = output_size_problem(graph, wanted_outputs(dataset), one_for_two=dataset.is_classification)
    return found[0].message if found is not None else ""
