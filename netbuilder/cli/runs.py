"""``netbuilder runs FILE [--json]``: list the runs kept beside a project, with their final metrics.

Damaged run folders are listed too (status ``damaged`` and the reason), never an error: one broken
folder must not hide the others. ``--json`` prints one object ``{"project": ..., "runs": [...]}``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from netbuilder.cli.common import print_json
from netbuilder.core.errors import ProjectFileError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "runs",
        help="list the training runs kept beside a project",
        description="List the runs in runs/NAME/ beside FILE: status, settings, final metrics, size.",
    )
    parser.add_argument("project", metavar="FILE", help="a project file (.nbproj)")
    parser.add_argument("--json", action="store_true", help="print the runs as one JSON object")
    parser.set_defaults(func=run)


def project_path(arg: str) -> Path:
    """The project file of ``arg``; runs are only kept beside saved projects."""
    path = Path(arg)
    if arg.startswith("example:"):
        raise ProjectFileError("examples keep no runs: save the project first (or train it with --out)", path=arg)
    if not path.is_file():
        raise ProjectFileError("no such project file", path=arg)
    return path


def run(args: argparse.Namespace) -> int:
    from netbuilder.training.runs.compare import final_text
    from netbuilder.training.runs.store import RunStore, human_size

    path = project_path(args.project)
    store = RunStore.beside(path)
    entries = store.entries()
    if args.json:
        print_json({"project": str(path), "folder": str(store.root), "runs": [e.to_json() for e in entries]})
        return 0
    if not entries:
        print(f"no runs beside {path} (train it: netbuilder train {path})")
        return 0
    for entry in entries:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.created)) if entry.created else "-"
        star = "*" if entry.starred else " "
        if entry.status == "damaged":
            print(f"{star} {entry.id:<9} damaged      {entry.error}")
            continue
        optimizer = entry.training.get("optimizer")
        lr = optimizer.get("lr") if isinstance(optimizer, dict) else None
        lr_text = f"lr {lr:g}" if isinstance(lr, (int, float)) else ""
        print(
            f"{star} {entry.id:<9} {entry.status:<12} {when}  {len(entry.epochs):>5} epochs  "
            f"{final_text(entry):<16} {lr_text:<10} {human_size(entry.size):>8}  {entry.name}"
        )
    return 0
