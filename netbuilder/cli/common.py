"""Shared pieces of the subcommands: the FILE argument, JSON output and one-line errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from netbuilder.core.examples import open_project_arg
from netbuilder.core.project import Project


def one_line(text: str) -> str:
    """``text`` with every non-printable character escaped, so an error is one line whatever it quotes.

    Messages quote user input (keys, paths, names); a line break, NEL or U+2028 in it would otherwise
    split one error into several lines, or a terminal escape would act on the user's terminal.
    """
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="FILE", help="a project file (.nbproj) or example:NAME")


def open_project(args: argparse.Namespace) -> Project:
    return open_project_arg(args.project)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
