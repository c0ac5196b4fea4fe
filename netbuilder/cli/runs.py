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


def run_for_export(project_arg: str, run_id: str | None, weights: Path | None) -> tuple[Path | None, Any]:
    """The weights file an export uses and the run it belongs to (``RunEntry.to_json()``, or None).

    ``--weights`` wins; ``--run ID`` picks that run; otherwise the latest run with weights, if any.
    """
    from netbuilder.training.runs.store import WEIGHTS_FILE, RunStore, checkpoint_name

    if weights is not None:
        if run_id is not None:
            raise ProjectFileError("give --weights or --run, not both", path=project_arg)
        return weights, None
    if project_arg.startswith("example:"):
        if run_id is not None:
            raise ProjectFileError("examples keep no runs: save the project first", path=project_arg)
        return None, None
    store = RunStore.beside(project_arg)
    entries = [e for e in store.entries() if e.status != "damaged"]
    if run_id is not None:
        found = [e for e in store.entries() if e.id == run_id or e.name == run_id]
        if not found:
            known = ", ".join(e.id for e in entries) or "none"
            raise ProjectFileError(f"no run {run_id!r} beside this project (runs: {known})", path=project_arg)
        if found[0].status == "damaged":
            raise ProjectFileError(f"run {run_id} is damaged: {found[0].error}", path=project_arg)
        entries = found
    for entry in reversed(entries):
        candidates = [entry.path / WEIGHTS_FILE]
        candidates += [entry.path / "checkpoints" / checkpoint_name(e) for e in reversed(entry.checkpoints)]
        for candidate in candidates:
            if candidate.is_file():
                return candidate, entry.to_json()
        if run_id is not None:
            raise ProjectFileError(f"run {run_id} kept no weights", path=str(entry.path))
    return None, None


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
