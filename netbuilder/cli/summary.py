"""``netbuilder summary FILE [--json]``: the Keras-style table of shapes, parameters and MACs."""

from __future__ import annotations

import argparse
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("summary", help="print each node's output shape, parameters and MACs")
    add_project_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netbuilder.core.errors import CompileError
    from netbuilder.model.inference import infer_graph
    from netbuilder.model.summary import format_summary, summary_dict

    project = open_project(args)
    info = infer_graph(project.graph)
    if info.problems:
        raise CompileError(list(info.problems)).with_path(args.project)
    if args.json:
        print_json(summary_dict(project.graph, info))
    else:
        print(format_summary(project.graph, info, title=f'Model: "{project.name}"'))
    return 0
