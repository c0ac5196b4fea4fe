"""``netbuilder validate FILE``: "ok", or one line per problem naming the node (exit 1)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("validate", help="check a project: prints ok or one line per problem")
    add_project_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netbuilder.model.inference import infer_graph

    project = open_project(args)
    info = infer_graph(project.graph)
    if not info.problems:
        print("ok")
        return 0
    for problem in info.problems:
        where = f" [node {problem.node_id}]" if problem.node_id else ""
        print(f"error: {args.project}: {problem.message}{where}", file=sys.stderr)
    return 1
