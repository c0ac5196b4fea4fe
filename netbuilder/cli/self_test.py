"""``netbuilder self-test OUT.json`` (hidden): the desktop app opens, trains and exports every example.

For checking an installation or the standalone bundle (packaging/smoke-test-bundle runs it under
Xvfb); it needs a display. Not listed by ``netbuilder --help``: it is a tool for packagers, not a feature.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netbuilder.core.errors import NetBuilderError


def register(subparsers: Any) -> None:
    # No help=: argparse then leaves the command out of `netbuilder --help`.
    parser = subparsers.add_parser("self-test", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the JSON report")
    parser.add_argument("--examples", default="", help="comma-separated example names (default: all)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs to train each example (default 2)")
    parser.add_argument("--export-dir", type=Path, default=None, help="keep the ONNX files here")
    parser.add_argument("--startup-only", action="store_true", help="only start the app, wait for the engine, and quit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netbuilder.gui.self_test import run_self_test

    if args.epochs < 1:
        raise NetBuilderError(f"--epochs must be at least 1, not {args.epochs}")
    examples = [name.strip() for name in args.examples.split(",") if name.strip()]
    return run_self_test(
        args.out, examples=examples, epochs=args.epochs, export_dir=args.export_dir, startup_only=args.startup_only
    )
