"""``netbuilder validate FILE``: "ok", or one line per problem naming the node (exit 1).

"ok" means that ``train`` can start: the network compiles and has one input, the dataset and training
sections parse, and neither the dataset nor the model needs more memory than this machine allows.
Files the dataset reads are not opened (they may live elsewhere when the project is checked).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from netbuilder.cli.common import add_project_argument, one_line, open_project
from netbuilder.core.errors import NetBuilderError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("validate", help="check a project: prints ok or one line per problem")
    add_project_argument(parser)
    parser.set_defaults(func=run)


def problems_of(project: Any) -> list[NetBuilderError]:
    """Every problem that would stop ``train`` before its first step, without building anything."""
    from netbuilder.core.errors import GraphError
    from netbuilder.core.limits import check_memory
    from netbuilder.data.spec import DatasetSpec
    from netbuilder.model.inference import infer_graph
    from netbuilder.model.memory import check_model_memory
    from netbuilder.training.config import TrainConfig

    graph = project.graph
    if not len(graph):
        return [GraphError("the network has no nodes: training needs exactly one Input node, layers and an output")]
    info = infer_graph(graph)
    problems: list[NetBuilderError] = list(info.problems)
    inputs = [node for node in graph.nodes if node.type == "Input"]
    if len(inputs) != 1:
        problems.append(GraphError(f"training needs exactly one Input node (this network has {len(inputs)})"))
    if len(graph.sinks()) != 1:
        problems.append(GraphError("the network must have exactly one output node"))
    batch_size = 1
    try:
        batch_size = TrainConfig.from_dict(project.training).batch_size
    except NetBuilderError as error:
        problems.append(error)
    try:
        check_memory(DatasetSpec.from_dict(project.dataset).estimated_bytes(), "the dataset")
    except NetBuilderError as error:
        problems.append(error)
    if not info.problems:
        try:
            check_model_memory(info, batch_size=batch_size)
        except NetBuilderError as error:
            problems.append(error)
    return problems


def run(args: argparse.Namespace) -> int:
    project = open_project(args)
    problems = problems_of(project)
    if not problems:
        print("ok")
        return 0
    for problem in problems:
        where = f" [node {problem.node_id}]" if problem.node_id else ""
        print(f"error: {one_line(f'{args.project}: {problem.message}{where}')}", file=sys.stderr)
    return 1
