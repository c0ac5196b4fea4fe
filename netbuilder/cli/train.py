"""``netbuilder train FILE``: train a project headless with its saved dataset and settings.

Progress goes to stderr (one rewritten line on a terminal, plain lines otherwise); the final metrics go
to stdout, with ``--json`` as one JSON object on the last line. Ctrl-C asks the trainer to stop after
the current step; what was trained so far is still evaluated and written (exit code 130). A second
Ctrl-C aborts at once.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from netbuilder.cli.common import add_project_argument, one_line, open_project, print_json
from netbuilder.core.examples import EXAMPLE_PREFIX

EXIT_INTERRUPTED = 130


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a project with its saved dataset and settings",
        description="Train FILE (or example:NAME) headless and report test metrics.",
    )
    add_project_argument(parser)
    parser.add_argument("--epochs", type=int, help="number of epochs (default: the project's)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), help="where to train (default: auto)")
    parser.add_argument("--seed", type=int, help="random seed (same seed, same loss history on CPU)")
    parser.add_argument("--optimizer", choices=("sgd", "adam", "adamw", "rmsprop"), help="override the optimiser")
    parser.add_argument("--lr", type=float, help="override the learning rate")
    parser.add_argument("--batch-size", type=int, help="override the batch size")
    parser.add_argument("--out", metavar="DIR", help="write weights.safetensors, metrics.json and the project here")
    parser.add_argument("--json", action="store_true", help="print the final metrics as JSON on the last line")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument(
        "--no-record", action="store_true", help="do not keep this run in runs/NAME/ beside the project file"
    )
    parser.set_defaults(func=run)


def _config(project: Any, args: argparse.Namespace) -> Any:
    from netbuilder.training.config import TrainConfig
    from netbuilder.training.defaults import effective_training

    section = effective_training(dict(project.training), project.dataset)  # unset values suit the data
    optimizer = section.get("optimizer", {})
    if not isinstance(optimizer, dict | str):
        return TrainConfig.from_dict(section)  # which names the bad section
    optimizer = {"type": optimizer} if isinstance(optimizer, str) else dict(optimizer)
    if args.optimizer is not None and args.optimizer != optimizer.get("type"):
        # A different optimiser starts from its own defaults (Adam's betas mean nothing to SGD).
        optimizer = {"type": args.optimizer}
    if args.lr is not None:
        optimizer["lr"] = args.lr
    section["optimizer"] = optimizer
    for key, value in (("epochs", args.epochs), ("seed", args.seed), ("device", args.device)):
        if value is not None:
            section[key] = value
    if args.batch_size is not None:
        section["batch_size"] = args.batch_size
    return TrainConfig.from_dict(section)


class _Progress:
    """A progress line on stderr: rewritten in place on a terminal (≤ 10 Hz), plain lines otherwise."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty()
        self.last = 0.0
        self.open_line = False

    def step(self, event: Any, total_steps: int) -> None:
        now = time.perf_counter()
        if self.quiet or now - self.last < (0.1 if self.tty else 10.0):
            return
        if not self.tty:  # a log file: a plain line every 10 s during long epochs
            if self.last == 0.0:
                self.last = now
                return
            self.last = now
            self.line(f"epoch {event.epoch} step {event.step}/{event.steps_per_epoch} loss {event.loss:.4f}")
            return
        self.last = now
        rate = event.global_step / event.elapsed if event.elapsed > 0 else 0.0
        eta = (total_steps - event.global_step) / rate if rate > 0 else math.inf
        width = 24
        done = int(width * event.global_step / max(1, total_steps))
        bar = "#" * done + "-" * (width - done)
        line = (
            f"\repoch {event.epoch} [{bar}] step {event.step}/{event.steps_per_epoch} "
            f"loss {event.loss:.4f} {rate:,.0f} steps/s ETA {_duration(eta)} "
        )
        self.stream.write(line)
        self.stream.flush()
        self.open_line = True

    def epoch(self, event: Any) -> None:
        if self.quiet:
            return
        val = f" val_loss {event.val_loss:.4f}" if event.val_loss is not None else ""
        metric = next(iter(event.val_metrics.items()), None)
        shown = f" val_{metric[0]} {metric[1]:.4f}" if metric else ""
        self.line(f"epoch {event.epoch}/{event.epochs} loss {event.train_loss:.4f}{val}{shown} ({event.elapsed:.1f}s)")

    def line(self, text: str) -> None:
        if self.quiet:
            return
        if self.open_line:
            self.stream.write("\r\x1b[K")
            self.open_line = False
        self.stream.write(text + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "--"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _prepare_out_dir(out: Path) -> None:
    """Create ``out`` and prove it takes files, before training rather than after it."""
    import tempfile

    from netbuilder.core.errors import ProjectFileError

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ProjectFileError(f"--out: cannot write to this folder: {reason}", path=str(out)) from None


def _write_outputs(out: Path, setup: Any, result: Any, status: str) -> None:
    from netbuilder.core.files import atomic_write_bytes
    from netbuilder.core.project import Project, save_project
    from netbuilder.training.checkpoint import save_weights

    _prepare_out_dir(out)  # again: it may have gone during training
    project = setup.project
    save_weights(
        setup.model,
        out / "weights.safetensors",
        {"project": project.name, "epochs": result.epochs, "status": status, "format": "netbuilder-weights"},
    )
    metrics = {"status": status, "final": result.summary(), "history": result.history}
    atomic_write_bytes(out / "metrics.json", (json.dumps(metrics, indent=2) + "\n").encode("utf-8"))
    # The copy records the settings this run actually used (overrides included).
    copy = Project(
        graph=project.graph.copy(),
        name=project.name,
        description=project.description,
        dataset=dict(project.dataset),
        training=setup.config.to_dict(),
        metadata=dict(project.metadata),
    )
    save_project(copy, out / "project.nbproj")


def _print_summary(result: Any, status: str) -> None:
    parts = [f"{k} {v:.4f}" for k, v in result.test_metrics.items()]
    print(f"{status} after {result.epochs} epoch(s), {result.steps} steps in {result.seconds:.1f}s on {result.device}")
    if parts:
        print("test: " + ", ".join(parts))


def run(args: argparse.Namespace) -> int:
    from netbuilder.training.control import TrainControl
    from netbuilder.training.events import EpochStats, Failed, Finished, Notice, StepStats, Stopped
    from netbuilder.training.session import prepare

    project = open_project(args)
    config = _config(project, args)
    if args.out:
        _prepare_out_dir(Path(args.out))
    base_dir = None if args.project.startswith(EXAMPLE_PREFIX) else Path(args.project).resolve().parent
    setup = prepare(project, config, base_dir=base_dir)
    control = TrainControl()
    progress = _Progress(sys.stderr, args.quiet)
    trainer = setup.trainer(control)
    total_steps = 0

    interrupts = 0

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal interrupts
        interrupts += 1
        if interrupts > 1:
            raise KeyboardInterrupt
        control.stop()

    recording: Any = None
    if not args.no_record and not args.project.startswith(EXAMPLE_PREFIX):
        from netbuilder.training.runs.headless import HeadlessRun

        recording = HeadlessRun(Path(args.project), setup)  # the run folder beside FILE, as the app keeps it
    events = trainer.run() if recording is None else recording.record(trainer.run())
    previous = signal.signal(signal.SIGINT, on_sigint)
    terminal: Any = None
    try:
        for event in events:
            if isinstance(event, StepStats):
                total_steps = event.steps_per_epoch * config.epochs
                progress.step(event, total_steps)
            elif isinstance(event, EpochStats):
                progress.epoch(event)
            elif isinstance(event, Notice):
                progress.line(f"note: {event.message}")
            elif isinstance(event, (Finished, Stopped, Failed)):
                terminal = event
    finally:
        signal.signal(signal.SIGINT, previous)

    result = terminal.result
    if isinstance(terminal, Failed):
        status, code = "failed", 1
    elif isinstance(terminal, Stopped):
        status, code = "stopped", EXIT_INTERRUPTED
        progress.line("stopped by Ctrl-C; writing what was trained so far")
    else:
        status, code = ("early-stopped" if terminal.reason == "early_stopping" else "finished"), 0
    if args.out:
        _write_outputs(Path(args.out), setup, result, status)
    if recording is not None:
        recording.finish(terminal)
        progress.line(f"run {recording.run_id} recorded in {recording.path}")
    _print_summary(result, status)
    if isinstance(terminal, Failed):
        print(f"error: {one_line(terminal.message)}", file=sys.stderr)
    if args.json:
        from netbuilder.training.diagnostics import diagnostics_report

        print_json({**result.summary(), "diagnostics": diagnostics_report(setup)})
    return code
