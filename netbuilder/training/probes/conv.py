"""Convolution probes: learned filters, feature maps after every Conv/Pool layer, saliency
(gradient × input) and how one feature-map value is computed (kernel over its input patch).

Feature maps are read with forward hooks on the compiled module (one forward pass over the chosen
samples); nothing here re-implements a layer except :func:`conv_output_step`, whose whole point is
to show the sum a convolution computes, term by term.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from netbuilder.training.probes.capture import forward_hooks

log = logging.getLogger(__name__)

POOLS = (nn.MaxPool1d, nn.MaxPool2d, nn.AvgPool1d, nn.AvgPool2d, nn.AdaptiveAvgPool2d)


def conv_layers(model: nn.Module) -> list[str]:
    """Names of the model's 2-D convolutions, in definition (graph) order."""
    return [name for name, sub in model.named_modules() if name and isinstance(sub, nn.Conv2d)]


def map_layers(model: nn.Module) -> list[str]:
    """Names of the Conv2d and 2-D pooling layers whose outputs are feature maps, in graph order."""
    kinds = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)
    return [name for name, sub in model.named_modules() if name and isinstance(sub, kinds)]


def conv_filters(model: nn.Module, name: str) -> np.ndarray:
    """The learned kernels of Conv2d ``name``: (out_channels, in_channels, kh, kw) float32."""
    conv = model.get_submodule(name)
    if not isinstance(conv, nn.Conv2d):
        raise TypeError(f"{name!r} is not a Conv2d")
    return conv.weight.detach().cpu().numpy().astype(np.float32)


@dataclass(frozen=True)
class ImageProbe:
    """What the network makes of some images: output, feature maps and saliency, per sample."""

    output: np.ndarray  # (N, classes): the model's output (probabilities when it ends in Softmax)
    maps: dict[str, np.ndarray]  # layer name -> (N, C, H, W)
    saliency: np.ndarray | None  # (N, H, W): sum over channels of gradient × input for the predicted class


def image_probe(model: nn.Module, x: torch.Tensor, names: Iterable[str], saliency: bool = True) -> ImageProbe:
    """One forward pass over ``x`` (N, C, H, W) with hooks on ``names``, and one backward pass for the
    saliency (skipped, and ``saliency`` None, when ``saliency`` is False: the forward then runs
    without autograd, which costs about a third of the whole).

    The saliency of sample i is ``x_i * d(output_i[k_i]) / d x_i`` summed over channels, with k_i its
    predicted class: in eval mode samples do not interact, so one backward of the sum gives every
    sample's own gradient.
    """
    if not saliency:
        with forward_hooks(model, names) as captured, torch.no_grad():
            out = model(x)
        return ImageProbe(out.detach().cpu().numpy(), {k: v.cpu().numpy() for k, v in captured.items()}, None)
    inputs = x.detach().clone().requires_grad_(True)
    with forward_hooks(model, names) as captured, torch.enable_grad():
        out = model(inputs)
        picked = out.argmax(dim=1, keepdim=True)
        # autograd.grad, not backward(): the parameters' .grad (the trainer's) stay untouched
        (grad,) = torch.autograd.grad(out.gather(1, picked).sum(), inputs)
    gradient_x_input = (grad * inputs.detach()).sum(dim=1)
    return ImageProbe(
        out.detach().cpu().numpy(),
        {k: v.cpu().numpy() for k, v in captured.items()},
        gradient_x_input.cpu().numpy(),
    )


@dataclass(frozen=True)
class ConvStep:
    """How one output value of a convolution is computed: Σ kernel · patch + bias."""

    layer: str
    channel: int
    row: int
    col: int
    patch: np.ndarray  # (in_channels, kh, kw): the input values under the kernel (zero where padded)
    kernel: np.ndarray  # (in_channels, kh, kw)
    bias: float
    total: float  # Σ patch·kernel + bias, the pre-activation value at (channel, row, col)

    @property
    def products(self) -> np.ndarray:
        return np.asarray(self.patch * self.kernel)


def layer_input(model: nn.Module, name: str, x: torch.Tensor) -> torch.Tensor:
    """The tensor that submodule ``name`` receives when ``model`` runs on ``x`` (eval mode, no grad)."""
    seen: list[torch.Tensor] = []

    def pre_hook(_module: nn.Module, args: tuple[object, ...]) -> None:
        if args and isinstance(args[0], torch.Tensor):
            seen.append(args[0].detach())

    handle = model.get_submodule(name).register_forward_pre_hook(pre_hook)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(x)
    finally:
        handle.remove()
        model.train(was_training)
    if not seen:
        raise ValueError(f"{name!r} was not called")
    return seen[0]


def conv_step_from_arrays(
    layer: str,
    seen: np.ndarray,
    kernel: np.ndarray,
    bias: float,
    stride: tuple[int, int],
    padding: tuple[int, int],
    channel: int,
    row: int,
    col: int,
    dilation: tuple[int, int] = (1, 1),
) -> ConvStep:
    """The sum behind output ``(channel, row, col)`` of a convolution whose input is ``seen`` (C, H, W)
    and whose kernel for that channel is ``kernel`` (C, kh, kw); numpy only, so the GUI can explain a
    value it was sent without a model."""
    ph, pw = padding
    padded = np.pad(np.asarray(seen, dtype=np.float64), ((0, 0), (ph, ph), (pw, pw)))
    kh, kw = kernel.shape[-2:]
    dh, dw = dilation
    top, left = row * stride[0], col * stride[1]
    patch = padded[:, top : top + dh * (kh - 1) + 1 : dh, left : left + dw * (kw - 1) + 1 : dw]
    kernel = np.asarray(kernel, dtype=np.float64)
    total = float((patch * kernel).sum()) + float(bias)
    return ConvStep(layer, channel, row, col, patch, kernel, float(bias), total)


def conv_output_step(model: nn.Module, name: str, x: torch.Tensor, channel: int, row: int, col: int) -> ConvStep:
    """The patch, kernel and sum behind output ``(channel, row, col)`` of Conv2d ``name`` for sample ``x[:1]``."""
    conv = model.get_submodule(name)
    if not isinstance(conv, nn.Conv2d) or conv.groups != 1 or isinstance(conv.padding, str):
        raise TypeError(f"{name!r} is not a plain Conv2d")
    seen = layer_input(model, name, x[:1])[0].cpu().numpy()
    kernel = conv.weight.detach()[channel].cpu().numpy()
    bias = float(conv.bias.detach()[channel]) if conv.bias is not None else 0.0
    stride = (int(conv.stride[0]), int(conv.stride[1]))
    padding = (int(conv.padding[0]), int(conv.padding[1]))
    dilation = (int(conv.dilation[0]), int(conv.dilation[1]))
    return conv_step_from_arrays(name, seen, kernel, bias, stride, padding, channel, row, col, dilation)


def predictions(model: nn.Module, x: torch.Tensor, batch: int = 256) -> np.ndarray:
    """Predicted class of every sample of ``x`` (eval mode, no grad, in batches)."""
    was_training = model.training
    model.eval()
    found = []
    try:
        with torch.no_grad():
            for start in range(0, len(x), batch):
                found.append(model(x[start : start + batch]).argmax(dim=1))
    finally:
        model.train(was_training)
    return torch.cat(found).cpu().numpy() if found else np.empty(0, dtype=np.int64)
