"""What a variant costs and buys: file size, non-zero parameters, CPU latency per batch and the test metric.

Each number is measured, never estimated: the size is that of the bytes :func:`artefact_bytes` saves
(``torch.save`` of the state dict, the ``pt`` export format, which holds int8 weights as int8), the
latency is the median of several warm runs of one test batch, and the metric is computed on the
test split with the trainer's own prediction rule (:func:`~netbuilder.training.metrics.predict_classes`).
"""

from __future__ import annotations

import io
import statistics
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from netbuilder.training.compression.quantize import quiet_quantization
from netbuilder.training.metrics import accuracy, predict_classes, regression_metrics

LATENCY_BATCH = 64
LATENCY_WARMUP = 5
# One thread: on two cores shared with other work, two-thread timings of the same model varied 12–140 ms
# run to run here, one-thread timings by a few percent; and each variant is timed alike.
LATENCY_THREADS = 1
LATENCY_REPEATS = 15
_NOT_WEIGHTS = ("scale", "zero_point", "running_mean", "running_var", "num_batches_tracked")


@dataclass(frozen=True)
class Metric:
    name: str  # "accuracy" (higher is better) or "mse" (lower is better)
    value: float


def artefact_bytes(module: nn.Module) -> bytes:
    """The saved artefact: ``torch.save`` of the state dict (loadable with ``weights_only=True``)."""
    buffer = io.BytesIO()
    with quiet_quantization():
        torch.save(module.state_dict(), buffer)
    return buffer.getvalue()


def zipped_size(data: bytes) -> int:
    """Size after zlib (level 6): what zeros from unstructured pruning save once the file is compressed."""
    return len(zlib.compress(data, 6))


def _tensors(value: Any) -> Iterable[torch.Tensor]:
    if torch.is_tensor(value):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _tensors(item)


def nonzero_params(module: nn.Module) -> int:
    """Non-zero weights and biases, int8 ones included (read from the state dict, where packed weights live)."""
    with quiet_quantization():
        state = module.state_dict()
    count = 0
    for key, value in state.items():
        if key.rsplit(".", 1)[-1].startswith(_NOT_WEIGHTS) or key.endswith(_NOT_WEIGHTS):
            continue
        for tensor in _tensors(value):
            if tensor.is_quantized:
                count += int(torch.count_nonzero(tensor.int_repr()))
            elif tensor.is_floating_point():
                count += int(torch.count_nonzero(tensor))
    return count


def latency_ms(module: nn.Module, batch: torch.Tensor, repeats: int = LATENCY_REPEATS) -> float:
    """Median wall time (ms) of ``module(batch)`` over ``repeats`` runs after a warm-up, one thread, no autograd."""
    module.eval()
    times = []
    previous = torch.get_num_threads()
    torch.set_num_threads(LATENCY_THREADS)
    try:
        with torch.inference_mode(), quiet_quantization():
            for _ in range(LATENCY_WARMUP):
                module(batch)
            for _ in range(repeats):
                start = time.perf_counter()
                module(batch)
                times.append(time.perf_counter() - start)
    finally:
        torch.set_num_threads(previous)
    return statistics.median(times) * 1000.0


def outputs(module: nn.Module, x: torch.Tensor, chunk: int = 4096) -> torch.Tensor:
    """The module's outputs over ``x`` (in chunks), as float32."""
    module.eval()
    parts = []
    with torch.inference_mode(), quiet_quantization():
        for i in range(0, len(x), chunk):
            parts.append(module(x[i : i + chunk]).float())
    return torch.cat(parts) if parts else torch.empty(0)


def evaluate_metric(
    module: nn.Module, x: torch.Tensor, y: torch.Tensor, task: str, output_is_probability: bool
) -> Metric:
    """Accuracy (classification) or MSE (regression) of ``module`` on ``(x, y)``."""
    out = outputs(module, x)
    if task == "classification":
        predicted = predict_classes(out.numpy(), output_is_probability)
        return Metric("accuracy", accuracy(y.numpy(), predicted))
    return Metric("mse", regression_metrics(y.numpy(), out.reshape(y.shape).numpy())["mse"])


__all__ = ["Metric", "artefact_bytes", "evaluate_metric", "latency_ms", "nonzero_params", "outputs", "zipped_size"]
