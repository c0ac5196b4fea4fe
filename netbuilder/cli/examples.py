"""``netbuilder examples``: list the bundled example projects."""

from __future__ import annotations

import argparse
from typing import Any

from netbuilder.cli.common import print_json
from netbuilder.core.examples import list_examples


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("examples", help="list the bundled example projects")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    infos = list_examples()
    if args.json:
        print_json([{"name": i.name, "title": i.title, "description": i.description} for i in infos])
        return 0
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        print(f"example:{info.name:<{width}}  {info.title}")
    return 0
