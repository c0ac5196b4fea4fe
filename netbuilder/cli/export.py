"""``netbuilder export FILE --format FORMAT --out PATH [--weights W]``: export, then prove it loads back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project

FORMAT_NAMES = ("safetensors", "pt", "pt2", "onnx", "py", "train-script", "hf")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the model (weights, torch.export, ONNX, code, training script), verified by reloading it",
        description="Export the project's model; every export is loaded back in a fresh process and compared "
        "with the in-memory model (max |diff|). A failed check exits with status 1.",
    )
    add_project_argument(parser)
    parser.add_argument("--format", "-f", required=True, choices=FORMAT_NAMES, help="what to write")
    parser.add_argument("--out", "-o", required=True, type=Path, help="the file to write")
    parser.add_argument("--weights", "-w", type=Path, help="trained weights (.safetensors, or a .pt state dict)")
    parser.add_argument(
        "--run", metavar="ID", help="export the weights of this run (default: the latest run beside FILE, if any)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the fresh model when no --weights (default 0)")
    parser.add_argument("--quantize", action="store_true", help="dynamic int8 quantisation of Linear layers (pt)")
    parser.add_argument("--prune", type=float, default=0.0, metavar="SPARSITY", help="zero this fraction of weights")
    parser.add_argument("--tolerance", type=float, default=1e-5, help="largest accepted max |diff| (default 1e-5)")
    parser.add_argument("--no-verify", action="store_true", help="skip the fresh-process check (not recommended)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netbuilder.export import ExportOptions, export_model

    project = open_project(args)
    base_dir = None if args.project.startswith("example:") else Path(args.project).resolve().parent
    from netbuilder.cli.runs import run_for_export

    weights, chosen = run_for_export(args.project, args.run, args.weights)
    if chosen is not None:
        print(f"note: weights of run {chosen['id']} ({chosen['status']}, {chosen['epochs']} epochs)")
    options = ExportOptions(
        format=args.format,
        out=args.out,
        weights=weights,
        run=chosen,
        seed=args.seed,
        verify=not args.no_verify,
        tolerance=args.tolerance,
        quantize=args.quantize,
        prune=args.prune,
        base_dir=base_dir,
    )
    result = export_model(project, options)
    for note in result.notes:
        print(f"note: {note}")
    for report in result.compression:
        print(f"compression: {report.describe()}")
    for path in result.files:
        print(f"wrote {path}")
    for check in result.checks:
        print(("ok: " if check.ok else "FAILED: ") + check.describe())
    if not options.verify:
        print("warning: not verified (--no-verify)")
    return 0 if result.ok else 1
