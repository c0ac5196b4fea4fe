"""Reading a model's insides: outputs of named submodules (forward hooks) and Dense→ReLU pairs (fx graph)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

import torch
from torch import fx, nn


@contextlib.contextmanager
def forward_hooks(model: nn.Module, names: Iterable[str]) -> Iterator[dict[str, torch.Tensor]]:
    """While open, the (detached) output of each named submodule lands in the yielded dict; the model is
    in eval mode inside and goes back to its mode (and loses the hooks) on the way out."""
    captured: dict[str, torch.Tensor] = {}
    handles = []

    def hook_for(name: str) -> Callable[[nn.Module, object, object], None]:
        def hook(_module: nn.Module, _inputs: object, output: object) -> None:
            if isinstance(output, torch.Tensor):
                captured[name] = output.detach()

        return hook

    for name in names:
        handles.append(model.get_submodule(name).register_forward_hook(hook_for(name)))
    # A run's probes find the model in eval mode already (the trainer's snapshot): two walks of the
    # module tree per probe saved (~0.1 ms for a small MLP).
    was_training = model.training
    if was_training:
        model.eval()
    try:
        yield captured
    finally:
        for handle in handles:
            handle.remove()
        if was_training:
            model.train()


# Probes read a model over thousands of points at once (a 100×100 grid), where three of torch's CPU
# kernels are slow out of proportion: tanh is not vectorised (0.33 ms for 10k×16 values, against
# 0.03 ms for sigmoid), softmax along a short last dimension (10k×2: 0.37 ms) is ~8× slower than
# along the first, and a Linear layer with few outputs is 5-9× slower on (points, features) rows
# than on the transposed (features, points) layout (10k points, 8→8 units: 126 against 20 µs; 8→2:
# 72 against 8 µs; from 16 outputs up both take the same). Without gradients, the probes use
# tanh x = 2σ(2x) − 1 (within 2e-7 of torch.tanh), a softmax over the transposed values, and the
# transposed product W·xᵀ, whose result stays transposed (a view) so the next layer reads it as
# is; training, exports and anything with gradients keep torch's own kernels. Below FAST_MIN_ROWS
# the plain kernels are as fast.
FAST_MIN_ROWS = 512
FAST_SOFTMAX_MAX_CLASSES = 64
FAST_LINEAR_MAX_OUT = 16


def _needs_grad(x: torch.Tensor) -> bool:
    return torch.is_grad_enabled() and x.requires_grad


def _fast_tanh(x: torch.Tensor) -> torch.Tensor:
    if x.ndim == 0 or _needs_grad(x) or x.shape[0] < FAST_MIN_ROWS or not x.is_floating_point():
        return torch.tanh(x)
    return torch.sigmoid(x * 2).mul_(2).sub_(1)


def softmax_rows(x: torch.Tensor) -> torch.Tensor:
    """``torch.softmax(x, 1)`` of a (points, classes) tensor, fast for many points and few classes."""
    if _needs_grad(x) or x.shape[0] < FAST_MIN_ROWS or x.shape[1] > FAST_SOFTMAX_MAX_CLASSES:
        return torch.softmax(x, 1)
    return torch.softmax(x.t().contiguous(), 0).t().contiguous()


def _fast_linear(layer: nn.Linear) -> Callable[[torch.Tensor], torch.Tensor]:
    weight, bias = layer.weight, layer.bias

    def forward(x: torch.Tensor) -> torch.Tensor:
        if (
            x.ndim != 2
            or torch.is_grad_enabled()
            or x.shape[0] < FAST_MIN_ROWS
            or x.dtype != weight.dtype
            or x.device != weight.device
        ):
            return torch.nn.functional.linear(x, weight, bias)
        if bias is None:
            return torch.mm(weight, x.t()).t()
        return torch.addmm(bias.unsqueeze(1), weight, x.t()).t()

    return forward


def _fast_softmax(dim: int | None) -> Callable[[torch.Tensor], torch.Tensor]:
    def forward(x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2 or dim not in (-1, 1):
            return torch.softmax(x, -1 if dim is None else dim)
        return softmax_rows(x)

    return forward


@contextlib.contextmanager
def fast_inference(model: nn.Module) -> Iterator[None]:
    """While open (and without gradients), the model's Tanh, Softmax and small Linear layers use the
    probes' faster kernels (see above); each layer's own ``forward`` is back on the way out."""
    swapped: list[nn.Module] = []
    for module in model.modules():
        kind = type(module)
        if kind is nn.Tanh:
            module.__dict__["forward"] = _fast_tanh
        elif isinstance(module, nn.Linear) and kind is nn.Linear and module.out_features <= FAST_LINEAR_MAX_OUT:
            module.__dict__["forward"] = _fast_linear(module)
        elif isinstance(module, nn.Softmax) and kind is nn.Softmax:
            module.__dict__["forward"] = _fast_softmax(module.dim)
        else:
            continue
        swapped.append(module)
    try:
        yield
    finally:
        for module in swapped:
            module.__dict__.pop("forward", None)


def capture_outputs(
    model: nn.Module, x: torch.Tensor, names: Iterable[str] | None = None
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Run ``model`` on ``x`` in eval mode without gradients; returns (output, {submodule name: output}).

    ``names`` defaults to every direct child (the graph's nodes in a compiled model).
    """
    wanted = list(names) if names is not None else [name for name, _ in model.named_children()]
    with forward_hooks(model, wanted) as captured, torch.no_grad(), fast_inference(model):
        out = model(x)
    return out.detach(), captured


def _fx_graph(model: nn.Module) -> fx.Graph:
    if isinstance(model, fx.GraphModule):
        return model.graph
    return fx.symbolic_trace(model).graph


def relu_pairs(model: nn.Module) -> list[tuple[str, str, str | None]]:
    """(Dense name, ReLU name, name of the Dense the ReLU feeds or None) for each Dense → ReLU in the model."""
    pairs = []
    graph = _fx_graph(model)
    for node in graph.nodes:
        if node.op != "call_module" or not isinstance(model.get_submodule(node.target), nn.ReLU):
            continue
        source = node.args[0] if node.args else None
        if not (isinstance(source, fx.Node) and source.op == "call_module"):
            continue
        if not isinstance(model.get_submodule(str(source.target)), nn.Linear):
            continue
        users = list(node.users)
        after = None
        if (
            len(users) == 1
            and users[0].op == "call_module"
            and isinstance(model.get_submodule(users[0].target), nn.Linear)
        ):
            after = str(users[0].target)
        pairs.append((str(source.target), str(node.target), after))
    return pairs


def relu_names(model: nn.Module) -> list[str]:
    return [name for name, sub in model.named_modules() if isinstance(sub, nn.ReLU) and name]
