"""Compression at export, and the export of a compression-lab variant.

``export --quantize/--prune`` and the export dialog apply int8 quantisation and magnitude pruning on the
way out, each with a report of what it cost (size and test metric before and after). The techniques
themselves live in :mod:`netbuilder.training.compression` (the compression lab uses the same ones);
this module adds the export side: which formats can hold an int8 model, and :func:`export_variant`,
which writes a lab :class:`~netbuilder.training.compression.Variant` through the ordinary, verified
export path (a structurally pruned network or a student exports as its own, smaller graph).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from torch import nn

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project
from netbuilder.export.errors import ExportError
from netbuilder.training.compression.lab import Variant
from netbuilder.training.compression.measure import artefact_bytes, evaluate_metric
from netbuilder.training.compression.prune import prune_global
from netbuilder.training.compression.quantize import (
    calibration_batches,
    has_convolutions,
    quantize_int8,
)
from netbuilder.training.compression.quantize import is_quantized as is_quantized

if TYPE_CHECKING:
    from netbuilder.export.exporter import ExportOptions, ExportResult

log = logging.getLogger(__name__)

QUANTIZABLE_FORMATS = ("pt",)
NOT_QUANTIZABLE = (
    "int8 quantisation cannot be exported as {fmt}: its packed int8 weights are torch.ao objects that "
    "torch.export/ONNX cannot trace (ONNX QDQ would need torchao's PT2E flow) and safetensors/generated "
    "code cannot hold; export it as pt"
)


@dataclass
class CompressionReport:
    method: str
    size_before: int  # bytes of the serialised state dict
    size_after: int
    metric_name: str | None = None
    metric_before: float | None = None
    metric_after: float | None = None
    note: str | None = None

    def describe(self) -> str:
        text = f"{self.method}: {self.size_before / 1024:.1f} KiB -> {self.size_after / 1024:.1f} KiB"
        if self.metric_name and self.metric_before is not None and self.metric_after is not None:
            change = self.metric_after - self.metric_before
            text += f"; test {self.metric_name} {self.metric_before:.4f} -> {self.metric_after:.4f} ({change:+.4f})"
        if self.note:
            text += f" ({self.note})"
        return text


def state_bytes(module: nn.Module) -> bytes:
    return artefact_bytes(module)


def _dataset(project: Project, base_dir: Path | None = None) -> tuple[object | None, str | None]:
    try:
        from netbuilder.data import build_dataset

        return build_dataset(project.dataset, base_dir=base_dir), None
    except (NetBuilderError, ImportError, OSError) as error:
        return None, f"the dataset cannot be built ({error})"


def test_metric(project: Project, module: nn.Module) -> tuple[str | None, float | None, str | None]:
    """(name, value, note): accuracy or MSE on the project's test split, or why it is unavailable."""
    from netbuilder.model.compiler import final_activation

    dataset, why = _dataset(project)
    if dataset is None:
        return None, None, f"no test metric: {why}"
    x, y = dataset.x_test, dataset.y_test  # type: ignore[attr-defined]
    if len(x) == 0:
        return None, None, "no test metric: the test split is empty"
    probability = final_activation(project.graph)[0] is not None
    metric = evaluate_metric(module, x, y, dataset.task, probability)  # type: ignore[attr-defined]
    return metric.name, metric.value, None


test_metric.__test__ = False  # type: ignore[attr-defined]  # a metric, not a pytest test


def quantize_for_export(project: Project, module: nn.Module) -> tuple[nn.Module, str]:
    """(int8 module, "dynamic"/"static"): static for convolutions, calibrated on the project's training data."""
    calibration = None
    if has_convolutions(module):
        dataset, why = _dataset(project)
        if dataset is None:
            log.warning("static quantisation falls back to dynamic: %s", why)
        else:
            calibration = calibration_batches(dataset.x_train)  # type: ignore[attr-defined]
    return quantize_int8(module, calibration)


def compress_module(
    project: Project, module: nn.Module, *, quantize: bool, prune: float, fmt: str
) -> tuple[nn.Module, list[CompressionReport]]:
    """Apply pruning, then quantisation; one report per step."""
    if quantize and fmt not in QUANTIZABLE_FORMATS:
        raise ExportError(NOT_QUANTIZABLE.format(fmt=fmt))
    if not 0.0 <= prune <= 0.99:
        raise ExportError(f"pruning sparsity must be in [0, 0.99], got {prune}")
    reports = []
    name, before, note = test_metric(project, module)
    current = module
    if prune:
        pruned = prune_global(current, prune)
        _, after, _ = test_metric(project, pruned)
        reports.append(
            CompressionReport(
                f"magnitude pruning to {prune:.0%} sparsity (sizes zlib-compressed: zeros compress away)",
                len(zlib.compress(state_bytes(current), 6)),
                len(zlib.compress(state_bytes(pruned), 6)),
                name,
                before,
                after,
                note,
            )
        )
        current, before = pruned, after
    if quantize:
        quantized, how = quantize_for_export(project, current)
        _, after, _ = test_metric(project, quantized)
        what = "static int8 quantisation (calibrated)" if how == "static" else "dynamic int8 quantisation"
        reports.append(
            CompressionReport(what, len(state_bytes(current)), len(state_bytes(quantized)), name, before, after, note)
        )
        current = quantized
    for report in reports:
        log.info("%s", report.describe())
    return current, reports


def quantization_kind(module: nn.Module) -> str | None:
    """ "static" (FX-converted convolutions), "dynamic", or None for a float module."""
    if not is_quantized(module):
        return None
    # Our two flows never mix: dynamic layers live in torch.ao.nn.quantized.dynamic (their packed
    # parameters in torch.ao.nn.quantized.modules, like every static layer).
    dynamic = any(type(m).__module__.startswith("torch.ao.nn.quantized.dynamic") for m in module.modules())
    return "dynamic" if dynamic else "static"


def export_variant(
    project: Project, variant: Variant, options: ExportOptions, progress: Callable[[str], None] | None = None
) -> ExportResult:
    """Export a compression-lab variant through :func:`~netbuilder.export.export_model`, verified as always.

    The variant's own graph is exported (smaller after structured pruning or for a student); an int8
    variant is re-quantised from its float weights on the way out, exactly as ``--quantize`` does.
    """
    from netbuilder.export.exporter import export_model

    why = variant.formats.get(options.format, NOT_QUANTIZABLE.format(fmt=options.format))
    if variant.quantization is not None and why is not None:
        raise ExportError(f"cannot export this int8 variant as {options.format}: {why}")
    exported = Project(
        graph=variant.graph.copy(),
        name=project.name,
        description=project.description,
        dataset=dict(project.dataset),
        training=dict(project.training),
        metadata=dict(project.metadata),
    )
    module = variant.float_module if variant.float_module is not None else variant.module
    options = replace(options, quantize=variant.quantization is not None, prune=0.0, weights=None)
    return export_model(exported, options, module=module, progress=progress)


__all__ = [
    "CompressionReport",
    "compress_module",
    "export_variant",
    "is_quantized",
    "quantization_kind",
    "quantize_for_export",
    "state_bytes",
    "test_metric",
]
