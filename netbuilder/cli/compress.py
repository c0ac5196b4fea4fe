"""``netbuilder compress FILE --method quantize|prune|distill``: smaller variants of a trained network, measured.

Uses the weights of the latest run beside FILE (or ``--run ID``); a project with no trained weights is
trained first (its saved settings), and the command says so. Prints one row per variant (float first):
file size, non-zero parameters, CPU latency per batch, the test metric and its change against float;
``--json`` prints the same as one object. ``--out PATH`` exports the compressed variant (format from
the suffix), verified in a fresh process like every export.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project, print_json
from netbuilder.core.errors import NetBuilderError, ProjectFileError
from netbuilder.core.examples import EXAMPLE_PREFIX

METHODS = ("quantize", "prune", "distill")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "compress",
        help="quantise, prune or distil the trained network and measure what each costs",
        description="Make the trained network smaller and measure each variant against float: size in bytes, "
        "non-zero parameters, CPU latency per batch, the test metric and its change.",
    )
    add_project_argument(parser)
    parser.add_argument("--method", "-m", required=True, choices=METHODS, help="what to do")
    parser.add_argument("--sparsity", type=float, default=0.5, help="prune: fraction of weights/units removed (0-0.99)")
    parser.add_argument(
        "--structured", action="store_true", help="prune: remove whole units/channels (a smaller graph)"
    )
    parser.add_argument("--fine-tune", type=int, default=0, metavar="N", help="prune: train N epochs after pruning")
    parser.add_argument("--curve", action="store_true", help="prune: also the test metric at sparsity 0-95%%")
    parser.add_argument("--student", metavar="FILE", help="distill: the student's project (same input and output)")
    parser.add_argument("--temperature", type=float, default=2.0, help="distill: softening temperature T (default 2)")
    parser.add_argument("--alpha", type=float, default=0.9, help="distill: weight of the teacher's soft targets")
    parser.add_argument("--epochs", type=int, help="distill: student epochs (default: twice the project's)")
    parser.add_argument("--run", metavar="ID", help="the weights of this run (default: the latest run beside FILE)")
    parser.add_argument("--out", "-o", type=Path, help="export the compressed variant here (format from the suffix)")
    parser.add_argument("--json", action="store_true", help="print the variants as one JSON object")
    parser.set_defaults(func=run)


def _check_args(args: argparse.Namespace) -> None:
    if not 0.0 <= args.sparsity <= 0.99:
        raise NetBuilderError(f"--sparsity must be between 0 and 0.99, got {args.sparsity}")
    if args.fine_tune < 0 or (args.epochs is not None and args.epochs < 1):
        raise NetBuilderError("--fine-tune must be ≥ 0 and --epochs ≥ 1")
    if args.method != "distill" and args.student is not None:
        raise NetBuilderError("--student is for --method distill")
    if args.method != "prune" and (args.structured or args.curve or args.fine_tune):
        raise NetBuilderError("--structured, --curve and --fine-tune are for --method prune")
    if args.out is not None:
        _format_of(args.out)
        if not args.out.parent.is_dir():
            raise ProjectFileError("--out: the folder does not exist", path=str(args.out.parent))


def _format_of(out: Path) -> str:
    formats = {".pt": "pt", ".pt2": "pt2", ".onnx": "onnx", ".safetensors": "safetensors", ".py": "py"}
    if out.suffix not in formats:
        raise NetBuilderError(f"--out: cannot tell the format of '{out.name}' (use {', '.join(formats)})")
    return formats[out.suffix]


def _weights(args: argparse.Namespace, project: Any, base_dir: Path | None) -> tuple[dict[str, Any], str]:
    """The trained weights and where they came from; trains first when there are none."""
    from netbuilder.cli.runs import run_for_export
    from netbuilder.training.checkpoint import read_weights, state_to_cpu

    path, entry = run_for_export(args.project, args.run, None)
    if path is not None:
        weights, _ = read_weights(path)
        return weights, f"run {entry['id']}" if entry is not None else str(path)
    from netbuilder.training.events import Failed, Finished, Stopped
    from netbuilder.training.session import prepare

    setup = prepare(project, base_dir=base_dir)
    print(
        f"note: {args.project} has no trained weights: training it first ({setup.config.epochs} epochs, "
        "not kept; `netbuilder train FILE` keeps a run)",
        file=sys.stderr,
    )
    terminal: Any = None
    for event in setup.trainer().run():
        if isinstance(event, (Finished, Stopped, Failed)):
            terminal = event
    if isinstance(terminal, Failed):
        raise NetBuilderError(f"training failed: {terminal.message}")
    return state_to_cpu(setup.model), f"trained now ({setup.config.epochs} epochs)"


def _row(values: list[str], widths: list[int]) -> str:
    return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True)))


def _print_table(variants: list[Any]) -> None:
    metric = variants[0].metric.name
    head = ["variant", "size", "zipped", "non-zero", "latency ms", metric, "delta"]
    rows = [
        [
            v.label,
            f"{v.size_bytes:,}",
            f"{v.size_zipped:,}",
            f"{v.nonzero_params:,}",
            f"{v.latency_ms:.3f}",
            f"{v.metric.value:.4f}",
            f"{v.delta:+.4f}",
        ]
        for v in variants
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(_row(head, widths))
    for r in rows:
        print(_row(r, widths))
    for v in variants:
        for note in v.notes:
            print(f"note: {v.label}: {note}")


def run(args: argparse.Namespace) -> int:
    from netbuilder.core.examples import open_project_arg
    from netbuilder.training.compression import CompressionLab, DistillSettings

    _check_args(args)
    project = open_project(args)
    base_dir = None if args.project.startswith(EXAMPLE_PREFIX) else Path(args.project).resolve().parent
    weights, source = _weights(args, project, base_dir)
    lab = CompressionLab(project, weights, base_dir=base_dir)
    variants = [lab.reference]
    curve = None
    if args.method == "quantize":
        variants.append(lab.quantized())
    elif args.method == "prune":
        prune = lab.structured if args.structured else lab.pruned
        variants.append(prune(args.sparsity, args.fine_tune))
        if args.curve:
            curve = lab.sparsity_curve(structured=args.structured)
    else:
        student = open_project_arg(args.student).graph if args.student else None
        epochs = args.epochs if args.epochs is not None else 2 * lab.setup.config.epochs
        settings = DistillSettings(args.temperature, args.alpha, epochs)
        variants.extend(lab.distilled(student, settings))
    exported: list[str] = []
    ok = True
    if args.out is not None:
        from netbuilder.export import ExportOptions
        from netbuilder.export.compress import export_variant

        result = export_variant(project, variants[1], ExportOptions(_format_of(args.out), args.out, base_dir=base_dir))
        ok = result.ok
        exported = [("ok: " if c.ok else "FAILED: ") + c.describe() for c in result.checks]
    if args.json:
        data: dict[str, Any] = {
            "project": args.project,
            "weights": source,
            "method": args.method,
            "split": lab.split,
            "variants": [v.to_json() for v in variants],
        }
        if curve is not None:
            data["curve"] = [{"sparsity": s, lab.reference.metric.name: m} for s, m in curve]
        if args.out is not None:
            data["out"] = {"path": str(args.out), "checks": exported, "ok": ok}
        print(f"weights: {source}", file=sys.stderr)
        print_json(data)
        return 0 if ok else 1
    print(f"weights: {source}; metric on the {lab.split} split; latency: one batch of {len(lab.batch)}, 1 thread")
    _print_table(variants)
    if curve is not None:
        print("sparsity  " + lab.reference.metric.name)
        for s, m in curve:
            print(f"{s:8.0%}  {m:.4f}")
    for line in exported:
        print(line)
    return 0 if ok else 1
