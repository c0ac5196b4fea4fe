"""Int8 quantisation with PyTorch's own flows: dynamic for Linear/LSTM/GRU, static post-training for convolutions.

- **Dynamic** (``torch.ao.quantization.quantize_dynamic``): weights are stored as int8, activations are
  quantised on the fly per batch. It needs no data and suits dense and recurrent layers, whose cost is
  the weight matrices.
- **Static post-training** (FX graph mode: ``prepare_fx`` → calibration → ``convert_fx``, x86 backend):
  observers record activation ranges over a few training batches, then convolutions and dense layers
  run on int8 kernels end to end. Convolutions need this: their cost is activations, not weights.

Why torch.ao and not torchao's PT2E flow: torch 2.13 marks torch.ao.quantization deprecated, and
PT2E moved to torchao. Measured here (torchao 0.18.0, CPU): PT2E works and its model exports to ONNX
QDQ, but importing torchao takes ~1.9 s, adds 26 MB, logs failed loads of its CUDA libraries, and its
converted model computes the quantise/dequantise pairs in float32 (no CPU speed-up without
torch.compile/inductor, which needs a C compiler). torch.ao runs real int8 kernels, ships with torch,
and is what the export check can rebuild in a fresh process. Its deprecation notices are silenced
here, exactly and only around these calls.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import warnings
from collections.abc import Iterator

import torch
from torch import fx, nn

log = logging.getLogger(__name__)

DYNAMIC_TYPES: tuple[type[nn.Module], ...] = (nn.Linear, nn.LSTM, nn.GRU)
CONV_TYPES: tuple[type[nn.Module], ...] = (nn.Conv1d, nn.Conv2d)
BACKEND = "x86"
CALIBRATION_BATCHES = 4
CALIBRATION_BATCH_SIZE = 32  # 128 samples: histogram observers cost ~0.2 s per 64-image CNN batch


@contextlib.contextmanager
def quiet_quantization() -> Iterator[None]:
    """Silence torch.ao's own deprecation notices (about the API, not about the user's model)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor, torch\.quantize_per_channel")
        warnings.filterwarnings("ignore", message=r"Please use quant_min and quant_max to specify the range")
        warnings.filterwarnings("ignore", message=r"must run observer before calling calculate_qparams")
        warnings.filterwarnings("ignore", message=r"`torch\.jit\.script_method` is deprecated")
        yield


def has_convolutions(module: nn.Module) -> bool:
    return any(isinstance(m, CONV_TYPES) for m in module.modules())


def is_quantized(module: nn.Module) -> bool:
    """True when ``module`` holds quantised layers (dynamic or static)."""
    return any(type(m).__module__.startswith("torch.ao.nn.quantized") for m in module.modules())


class RecurrentLastStep(nn.Module):
    """A plain ``nn.LSTM``/``nn.GRU`` (batch first) that returns the last step or all steps.

    NetBuilder's recurrent blocks subclass nn.LSTM/GRU, and ``quantize_dynamic`` swaps exact types
    only; this holder keeps the plain layer, which it can swap, and the block's output rule. The
    export check applies the same change to the generated model before loading int8 weights.
    """

    def __init__(self, inner: nn.Module, last_step: bool) -> None:
        super().__init__()
        self.inner = inner
        self.last_step = last_step

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.inner(x)
        result: torch.Tensor = out[:, -1] if self.last_step else out
        return result


def plain_recurrent(module: nn.Module) -> None:
    """Replace, in place, every recurrent block (a subclass of nn.LSTM/GRU) by a :class:`RecurrentLastStep`."""
    for name, child in list(module.named_children()):
        base = nn.LSTM if isinstance(child, nn.LSTM) else nn.GRU if isinstance(child, nn.GRU) else None
        if base is not None and type(child) is not base and hasattr(child, "last_step"):
            plain = base(
                child.input_size,
                child.hidden_size,
                num_layers=child.num_layers,
                bias=child.bias,
                batch_first=True,
                dropout=child.dropout,
                bidirectional=child.bidirectional,
            )
            plain.load_state_dict(child.state_dict())
            setattr(module, name, RecurrentLastStep(plain, bool(child.last_step)))
        else:
            plain_recurrent(child)


def quantize_dynamic_int8(module: nn.Module) -> nn.Module:
    """A copy with every Linear, LSTM and GRU replaced by its dynamic int8 version."""
    with quiet_quantization():
        from torch.ao.quantization import quantize_dynamic

        float_copy = copy.deepcopy(module).eval()
        plain_recurrent(float_copy)
        quantized: nn.Module = quantize_dynamic(  # type: ignore[no-untyped-call]  # torch leaves it untyped
            float_copy, set(DYNAMIC_TYPES), dtype=torch.qint8
        )
    return quantized


def calibration_batches(x_train: torch.Tensor, batches: int = CALIBRATION_BATCHES) -> list[torch.Tensor]:
    """The first ``batches`` training batches, the data the observers see (deterministic)."""
    size = CALIBRATION_BATCH_SIZE
    return [x_train[i : i + size] for i in range(0, min(len(x_train), batches * size), size)]


def quantize_static_int8(module: nn.Module, calibration: list[torch.Tensor]) -> fx.GraphModule:
    """Post-training static int8 (FX graph mode, x86 backend), calibrated on ``calibration`` batches."""
    if not calibration:
        raise ValueError("static quantisation needs at least one calibration batch")
    with quiet_quantization():
        from torch.ao.quantization import get_default_qconfig_mapping
        from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

        float_model = copy.deepcopy(module).cpu().eval()
        prepared = prepare_fx(float_model, get_default_qconfig_mapping(BACKEND), (calibration[0],))
        with torch.no_grad():
            for batch in calibration:
                prepared(batch)
        converted: fx.GraphModule = convert_fx(prepared)
    return converted


def quantize_int8(module: nn.Module, calibration: list[torch.Tensor] | None) -> tuple[nn.Module, str]:
    """(int8 copy, how): static when the network has convolutions and data to calibrate on, else dynamic."""
    if has_convolutions(module) and calibration:
        return quantize_static_int8(module, calibration), "static"
    return quantize_dynamic_int8(module), "dynamic"


def dequantized_state(quantized: nn.Module, reference: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Float weights with ``reference``'s keys holding the values the int8 model computes with.

    Kept runs and the views need plain tensors under the graph's own names; a quantised layer keeps
    its weight as a packed int8 tensor behind ``weight()``/``bias()`` (or, for LSTM/GRU, in
    ``_all_weight_values``), so the layers that cannot be read that way keep their float weights.
    """
    state = {k: v.detach().clone() for k, v in reference.items()}
    for name, layer in quantized.named_modules():
        weight = getattr(layer, "weight", None)
        bias = getattr(layer, "bias", None)
        if not callable(weight) or not name:
            continue
        with quiet_quantization():
            w = weight()
            b = bias() if callable(bias) else None
        name = name.replace(".inner", "")  # a RecurrentLastStep holder (its int8 weights are not read here)
        if f"{name}.weight" in state and torch.is_tensor(w):
            state[f"{name}.weight"] = (w.dequantize() if w.is_quantized else w).detach().float().clone()
        if b is not None and f"{name}.bias" in state and torch.is_tensor(b):
            state[f"{name}.bias"] = b.detach().float().clone()
    return state


__all__ = [
    "calibration_batches",
    "dequantized_state",
    "has_convolutions",
    "is_quantized",
    "quantize_dynamic_int8",
    "quantize_int8",
    "quantize_static_int8",
    "quiet_quantization",
]
