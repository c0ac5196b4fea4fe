"""One export, start to finish: build the model, write to temporary files, verify, then rename.

Nothing half-written is ever left at the target: files are written beside it under temporary names,
checked in a fresh process, and moved into place only when every check passed.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torch import fx, nn

from netbuilder.core.files import replace_with_mode, sweep_stale_temporaries
from netbuilder.core.project import Project
from netbuilder.export.compress import CompressionReport, compress_module
from netbuilder.export.errors import ExportError, VerificationError
from netbuilder.export.formats import FORMATS, ExportContext, writer_for
from netbuilder.export.formats.programs import sequence_note
from netbuilder.export.verify import (
    CHECK_BATCH,
    DEFAULT_TOLERANCE,
    CheckJob,
    CheckResult,
    expected_output,
    run_checks,
)
from netbuilder.export.weights import fresh_module, load_weights_file
from netbuilder.model.codegen import class_name_for
from netbuilder.model.compiler import example_inputs
from netbuilder.training.checkpoint import non_finite_tensors

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class ExportOptions:
    format: str
    out: Path
    weights: Path | None = None  # None: the module given, or a fresh seeded one
    seed: int = 0
    verify: bool = True
    tolerance: float = DEFAULT_TOLERANCE
    quantize: bool = False  # dynamic int8 for Linear/LSTM (pt only)
    prune: float = 0.0  # fraction of weights zeroed by magnitude, 0..0.99
    base_dir: Path | None = None  # folder of the project file (relative dataset paths)
    run: dict[str, Any] | None = None  # the run the weights come from (RunEntry.to_json()): the hf model card


@dataclass
class ExportResult:
    format: str
    files: list[Path]
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compression: list[CompressionReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def max_abs_diff(self) -> float | None:
        diffs = [c.max_abs_diff for c in self.checks if c.max_abs_diff is not None]
        return max(diffs) if diffs else None


def _noop(message: str) -> None:
    log.info("%s", message)


def target_paths(fmt: str, out: Path) -> dict[str, Path]:
    """Final path per suffix: the main file and its companions (``model.py`` + ``model.pt``)."""
    info = FORMATS[fmt]
    paths = {info.suffix: out}
    for suffix in info.companions:
        paths[suffix] = out.with_suffix(suffix)
    return paths


def _temporary_paths(finals: dict[str, Path]) -> dict[str, Path]:
    temps = {}
    for final in finals.values():
        sweep_stale_temporaries(final.parent, {final.stem})
    try:
        for suffix, final in finals.items():
            # The real suffix stays last: loaders (onnxruntime, importlib) may look at it. The name
            # carries our pid, so that a later export can sweep what a killed one left.
            prefix = f".{final.stem}.{os.getpid()}-"
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=f".tmp{suffix}", dir=final.parent)
            os.close(fd)
            temps[suffix] = Path(name)
    except OSError as error:
        _remove(temps.values())
        raise ExportError(f"cannot write here: {error.strerror}", path=str(next(iter(finals.values())))) from None
    return temps


def move_into_place(temps: dict[str, Path], finals: dict[str, Path]) -> None:
    """Rename every temporary file over its final path, with the mode a plain write would give."""
    for suffix, temp in temps.items():
        replace_with_mode(temp, finals[suffix])


def _remove(paths: object) -> None:
    for path in paths:  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            Path(path).unlink()


def prepare_module(project: Project, module: nn.Module | None, options: ExportOptions, notes: list[str]) -> nn.Module:
    """The model to export, in eval mode, never the caller's own object (exports must not change it)."""
    if options.weights is not None:
        prepared = fresh_module(project.graph, options.seed)
        load_weights_file(prepared, options.weights)
        notes.append(f"weights from {options.weights}")
    elif module is not None:
        prepared = copy.deepcopy(module).cpu().eval()
    else:
        prepared = fresh_module(project.graph, options.seed)
        notes.append(
            f"no weights given: exported the freshly initialised model (seed {options.seed}), not a trained one"
        )
    return prepared


def check_finite(module: nn.Module, options: ExportOptions) -> None:
    """Refuse weights holding NaN or infinities: their export would only fail its check with "max |diff| = nan"."""
    bad = non_finite_tensors(module.state_dict())
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        source = f" from {options.weights}" if options.weights is not None else ""
        raise ExportError(
            f"the weights{source} contain NaN or infinite values (in {shown}); "
            "retrain (a lower learning rate often helps) or export other weights"
        )


def add_input_standardization(
    project: Project, module: nn.Module, options: ExportOptions, notes: list[str]
) -> tuple[int, ...] | None:
    """Put the dataset's input standardisation inside ``module`` when the app trains on standardised data.

    Without it an exported model would expect inputs already standardised with statistics that live
    only in NetBuilder. Training stores the statistics in the project's metadata; without them the
    (seeded) dataset is rebuilt, which gives the same numbers.
    """
    if not project.dataset.get("normalize"):
        return None
    from netbuilder.data import build_dataset
    from netbuilder.model.compiler import standardize_inputs

    if not isinstance(module, fx.GraphModule):
        raise ExportError("cannot add the input standardisation to this module (not a compiled NetBuilder model)")
    normalization = project.metadata.get("normalization")
    if not isinstance(normalization, dict) or not {"mean", "std"} <= normalization.keys():
        normalization = build_dataset(project.dataset, base_dir=options.base_dir).normalization
    if normalization is None:
        return None
    standardize_inputs(module, normalization)
    notes.append("the model standardises its inputs itself (training-split mean and std): give it raw data")
    return tuple(int(s) for s in module.get_submodule("input_norm").mean.shape)


def build_context(project: Project, module: nn.Module) -> ExportContext:
    graph = project.graph
    return ExportContext(
        module=module,
        graph=graph,
        example_inputs=example_inputs(graph, batch=2),
        input_names=[n.id for n in graph.topological_order() if n.type == "Input"],
        class_name=class_name_for(project.name),
        project_name=project.name,
        project=project,
    )


def write_artefact(context: ExportContext, fmt: str, paths: dict[str, Path], label: str, tolerance: float) -> CheckJob:
    """Write format ``fmt`` to ``paths`` and return the job that checks it (with a sample batch)."""
    try:
        job = writer_for(fmt)(context, paths)
    except OSError as error:
        raise ExportError(f"cannot write: {error.strerror}", path=str(paths[FORMATS[fmt].suffix])) from None
    inputs = example_inputs(context.graph, batch=CHECK_BATCH, seed=1)
    return CheckJob(label, job, inputs, expected_output(context.module, inputs), tolerance)


def export_model(
    project: Project,
    options: ExportOptions,
    module: nn.Module | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export ``project``'s model (``module``, a weights file, or a fresh one) and prove the file loads back."""
    say = progress or _noop
    fmt = options.format
    if fmt == "hf":  # a folder, not a file: not in FORMATS (whose entries the export dialog offers as files)
        return _export_hf(project, options, module, say)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    out = Path(options.out)
    if not out.parent.is_dir():
        raise ExportError("the folder does not exist", path=str(out.parent))
    notes: list[str] = []
    if fmt == "train-script":
        from netbuilder.export.train_script import export_train_script

        return export_train_script(project, out, verify=options.verify, base_dir=options.base_dir, progress=say)
    say("building the model")
    prepared = prepare_module(project, module, options, notes)
    check_finite(prepared, options)
    reports: list[CompressionReport] = []
    if options.quantize or options.prune:
        say("compressing")
        prepared, reports = compress_module(project, prepared, quantize=options.quantize, prune=options.prune, fmt=fmt)
    standardize = add_input_standardization(project, prepared, options, notes)
    if fmt in ("pt2", "onnx") and (note := sequence_note(project.graph)):
        notes.append(note)
    finals = target_paths(fmt, out)
    temps = _temporary_paths(finals)
    try:
        say(f"writing {fmt}")
        context = build_context(project, prepared)
        context.standardize = standardize
        check = write_artefact(context, fmt, temps, f"{fmt} {out.name}", options.tolerance)
        checks: list[CheckResult] = []
        if options.verify:
            say("verifying in a fresh process")
            checks = run_checks([check])
            failed = [c for c in checks if not c.ok]
            if failed:
                raise VerificationError("; ".join(c.describe() for c in failed), path=str(out))
        move_into_place(temps, finals)
    except BaseException:
        _remove(temps.values())
        raise
    say("done")
    return ExportResult(fmt, list(finals.values()), checks, notes, reports)


def _export_hf(project: Project, options: ExportOptions, module: nn.Module | None, say: Progress) -> ExportResult:
    from netbuilder.export.formats.hf import export_hf_folder

    notes: list[str] = []
    say("building the model")
    prepared = prepare_module(project, module, options, notes)
    context = build_context(project, prepared)
    context.standardize = add_input_standardization(project, prepared, options, notes)
    say("writing the hf folder" + (" and verifying it in a fresh process" if options.verify else ""))
    files, checks = export_hf_folder(
        context, Path(options.out), options.run, verify=options.verify, tolerance=options.tolerance
    )
    say("done")
    return ExportResult("hf", files, checks, notes)
