"""Shared pieces of the subcommands: the FILE argument and JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from netbuilder.core.examples import open_project_arg
from netbuilder.core.project import Project


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="FILE", help="a project file (.nbproj) or example:NAME")


def open_project(args: argparse.Namespace) -> Project:
    return open_project_arg(args.project)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
