"""``netbuilder plot FILE --view VIEW [--run ID | --weights W | --epochs N] [--sample N] --out PNG|SVG``, and
``--list``: draw a training view headless, with the app's own drawing code, for slides and reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plot",
        help="draw a view (loss, decision, neurons, filters, feature maps, attention…) to PNG or SVG",
        description="Draw one of the app's training views to an image file, without a window. Weights come "
        "from --weights, else from N epochs of training (--epochs), else from the weights file kept beside the "
        "project, else from the fresh initialisation.",
    )
    add_project_argument(parser)
    parser.add_argument("--list", action="store_true", help="list the views that fit the project and exit")
    parser.add_argument("--view", metavar="VIEW", help="the view to draw (see --list)")
    parser.add_argument("--weights", metavar="W", type=Path, help="a weights file (.safetensors) saved by NetBuilder")
    parser.add_argument("--epochs", metavar="N", type=int, default=0, help="train N epochs first (headless)")
    parser.add_argument("--run", metavar="ID", help="the weights and curves of this recorded run (default: the latest)")
    parser.add_argument("--sample", metavar="N", type=int, help="the test sample the image/sequence views show")
    parser.add_argument("--out", metavar="FILE", type=Path, help="the image to write: .png or .svg")
    parser.add_argument("--size", metavar="WxH", default="1000x620", help="image size in pixels (default 1000x620)")
    parser.set_defaults(func=run)


def _size(text: str) -> tuple[int, int]:
    from netbuilder.core.errors import NetBuilderError

    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise NetBuilderError(f"--size must look like 1000x620, not {text!r}") from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise NetBuilderError("--size: each side must be 100 to 8000 pixels")
    return w, h


def _recorded_run(args: argparse.Namespace) -> tuple[Any, str]:
    """The run ``--run`` names (or the latest recorded one, when no weights or epochs are given)."""
    from netbuilder.cli.runs import run_for_export
    from netbuilder.core.errors import NetBuilderError
    from netbuilder.training.runs.store import RunStore

    if args.weights is not None or args.epochs > 0:
        if args.run is not None:
            raise NetBuilderError("give one of --run, --weights and --epochs")
        return None, ""
    _path, entry = run_for_export(args.project, args.run, None)
    if entry is None:
        return None, ""
    return RunStore.beside(args.project).load_run(str(entry["id"])), str(entry["id"])


def run(args: argparse.Namespace) -> int:
    from netbuilder.core.errors import NetBuilderError
    from netbuilder.core.examples import EXAMPLE_PREFIX
    from netbuilder.training.runner.plotting import plot_source, plot_views

    project = open_project(args)
    project_path = None if args.project.startswith(EXAMPLE_PREFIX) else Path(args.project)
    base_dir = project_path.parent if project_path is not None else None
    if not args.list and (not args.view or args.out is None):
        raise NetBuilderError("give --view VIEW and --out FILE (or --list to see the views)")
    size = _size(args.size)
    recorded, run_name = _recorded_run(args)
    source = plot_source(
        project,
        base_dir,
        project_path=project_path,
        weights=args.weights,
        epochs=args.epochs,
        sample=args.sample,
        run=recorded,
        run_name=run_name,
    )
    views = plot_views(source)
    if args.list:
        for name in views:
            print(name)
        return 0
    if args.view not in views:
        raise NetBuilderError(
            f"the view {args.view!r} does not fit this project; views: {', '.join(views) or 'none'}"
            + (
                " (loss and confusion need a run: --epochs N or --weights W)"
                if args.view in ("loss", "confusion")
                else ""
            )
        )
    if args.out.suffix.lower() not in (".png", ".svg"):
        raise NetBuilderError(f"--out must end in .png or .svg, not {args.out.name!r}")
    from netbuilder.gui.training.view_render import render_view

    try:
        out = render_view(args.view, source, args.out, size)
    except ValueError as error:
        raise NetBuilderError(str(error)) from None
    print(f"wrote {out} ({args.view}, weights from {source.weights_from})", file=sys.stderr)
    return 0
