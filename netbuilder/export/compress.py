"""Compression at export: dynamic int8 quantisation and magnitude pruning, each with its cost in the metric.

Each report gives the serialised size before and after and the test metric before and after (from
the project's dataset), so a user sees what the smaller file costs.
"""

from __future__ import annotations

import copy
import io
import logging
import warnings
import zlib
from dataclasses import dataclass

import torch
from torch import nn

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project
from netbuilder.export.errors import ExportError

log = logging.getLogger(__name__)

QUANTIZABLE_FORMATS = ("pt",)
PRUNABLE = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.RNNBase, nn.Embedding)


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
    buffer = io.BytesIO()
    torch.save(module.state_dict(), buffer)
    return buffer.getvalue()


def quantize_int8(module: nn.Module) -> nn.Module:
    """A copy with every ``nn.Linear`` replaced by its dynamic int8 version (weights int8, activations float)."""
    # torch.ao.quantization is deprecated in torch 2.13 (torchao replaces it) but still works and torchao
    # is not a dependency; we use it knowingly and silence exactly its two deprecation notices.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor, torch\.quantize_per_channel")
        from torch.ao.quantization import quantize_dynamic

        return quantize_dynamic(copy.deepcopy(module), {nn.Linear}, dtype=torch.qint8)


def is_quantized(module: nn.Module) -> bool:
    return any(type(m).__module__.startswith("torch.ao.nn.quantized") for m in module.modules())


def prune_magnitude(module: nn.Module, sparsity: float) -> nn.Module:
    """A copy in which the ``sparsity`` fraction of smallest-magnitude weights of each layer is zero."""
    if not 0.0 <= sparsity < 1.0:
        raise ExportError(f"pruning sparsity must be in [0, 1), got {sparsity}")
    pruned = copy.deepcopy(module)
    with torch.no_grad():
        for layer in pruned.modules():
            if not isinstance(layer, PRUNABLE):
                continue
            for name, param in layer.named_parameters(recurse=False):
                if not name.startswith("weight") or param.numel() < 2:
                    continue  # biases are few and matter: keep them
                count = int(param.numel() * sparsity)
                if count:
                    threshold = param.abs().flatten().kthvalue(count).values
                    param.masked_fill_(param.abs() <= threshold, 0.0)
    return pruned


def test_metric(project: Project, module: nn.Module) -> tuple[str | None, float | None, str | None]:
    """(name, value, note): accuracy or MSE on the project's test split, or why it is unavailable."""
    try:
        from netbuilder.data.builders import build_dataset
        from netbuilder.training.metrics import accuracy, regression_metrics

        dataset = build_dataset(project.dataset)
    except (NetBuilderError, ImportError, OSError) as error:
        return None, None, f"no test metric: the dataset cannot be built ({error})"
    x, y = dataset.x_test, dataset.y_test
    if len(x) == 0:
        return None, None, "no test metric: the test split is empty"
    with torch.no_grad():
        out = module(x)
    if dataset.is_classification:
        predicted = (out.reshape(-1) > 0.5).long() if out.shape[-1] == 1 else out.argmax(-1)
        return "accuracy", accuracy(y.numpy(), predicted.numpy()), None
    return "mse", regression_metrics(y.numpy(), out.reshape(y.shape).numpy())["mse"], None


def compress_module(
    project: Project, module: nn.Module, *, quantize: bool, prune: float, fmt: str
) -> tuple[nn.Module, list[CompressionReport]]:
    """Apply pruning, then quantisation; one report per step."""
    if quantize and fmt not in QUANTIZABLE_FORMATS:
        raise ExportError(
            f"int8 dynamic quantisation cannot be exported as {fmt}: its packed int8 weights are TorchScript "
            "objects that torch.export/ONNX cannot trace and safetensors/generated code cannot hold; "
            "export it as pt"
        )
    reports = []
    name, before, note = test_metric(project, module)
    current = module
    if prune:
        pruned = prune_magnitude(current, prune)
        _, after, _ = test_metric(project, pruned)
        raw = state_bytes(current)
        reports.append(
            CompressionReport(
                f"magnitude pruning to {prune:.0%} sparsity (sizes zlib-compressed: zeros compress away)",
                len(zlib.compress(raw, 6)),
                len(zlib.compress(state_bytes(pruned), 6)),
                name,
                before,
                after,
                note,
            )
        )
        current, before = pruned, after
    if quantize:
        quantized = quantize_int8(current).eval()
        _, after, _ = test_metric(project, quantized)
        reports.append(
            CompressionReport(
                "dynamic int8 quantisation of Linear layers",
                len(state_bytes(current)),
                len(state_bytes(quantized)),
                name,
                before,
                after,
                note or "recurrent layers stay float32",
            )
        )
        current = quantized
    for report in reports:
        log.info("%s", report.describe())
    return current, reports
