"""``netbuilder import model.py --class Net --input-shape 1,28,28 --out project.nbproj``: code -> canvas graph."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _shape(text: str) -> list[int]:
    try:
        shape = [int(part) for part in text.replace("x", ",").split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a shape: {text!r} (use e.g. 1,28,28)") from None
    if not shape or any(s <= 0 for s in shape):
        raise argparse.ArgumentTypeError(f"not a shape: {text!r} (positive sizes, e.g. 1,28,28)")
    return shape


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a PyTorch model (a class or nn.Sequential in a .py file) into a project",
        description="Traces the model with torch.fx; every op must map to a NetBuilder layer, otherwise the "
        "ops that do not are listed by name. The file is run as Python: import only code you trust.",
    )
    parser.add_argument("source", metavar="FILE.py", type=Path, help="the Python file defining the model")
    parser.add_argument("--class", dest="class_name", help="class (no-argument constructor) or module object name")
    parser.add_argument(
        "--input-shape",
        type=_shape,
        action="append",
        required=True,
        help="one sample's shape without the batch dimension, e.g. 1,28,28 (repeat for several inputs)",
    )
    parser.add_argument("--out", "-o", type=Path, required=True, help="the project file to write (.nbproj)")
    parser.add_argument("--name", help="project name (default: the class name)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netbuilder.core.project import Project, save_project
    from netbuilder.model.importer import ModelImportError, import_module, load_module_from_file

    module = load_module_from_file(args.source, args.class_name)
    try:
        result = import_module(module, args.input_shape)
    except ModelImportError as error:
        raise error.with_path(str(args.source)) from None
    name = args.name or args.class_name or args.source.stem
    project = Project(graph=result.graph, name=name, description=f"Imported from {args.source.name}")
    save_project(project, args.out)
    print(f"imported {len(result.graph)} nodes, {result.parameters:,} parameters -> {args.out}")
    return 0
