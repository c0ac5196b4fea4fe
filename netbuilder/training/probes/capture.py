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
    was_training = model.training
    model.eval()
    try:
        yield captured
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)


def capture_outputs(
    model: nn.Module, x: torch.Tensor, names: Iterable[str] | None = None
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Run ``model`` on ``x`` in eval mode without gradients; returns (output, {submodule name: output}).

    ``names`` defaults to every direct child (the graph's nodes in a compiled model).
    """
    wanted = list(names) if names is not None else [name for name, _ in model.named_children()]
    with forward_hooks(model, wanted) as captured, torch.no_grad():
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
