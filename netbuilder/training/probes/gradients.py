"""Gradient flow: per layer the gradient norm and the update/weight ratio, and a plain-language diagnosis.

A layer is a graph node: the first component of a parameter's name (``fc1.weight`` → ``fc1``), which
is how the compiler names submodules. The trainer zeroes gradients (``set_to_none``) just before each
backward pass and yields ``Snapshot`` after ``optimizer.step()``, so at a snapshot ``p.grad`` still
holds the gradient of the last step (there is none at the step-0 snapshot: norms are then 0).

The GUI keeps one :class:`GradientFlow` per run in the training process, calls
:meth:`GradientFlow.read` on ``Snapshot.model`` at each snapshot, sends the readings (log-scale
curves per layer) and shows :func:`diagnose_gradients` of the history as the callout.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Literal

import torch
from torch import nn

from netbuilder.training.probes.health import gradient_norms, layer_parameters

# A layer whose gradient is a thousandth of the largest layer's learns a thousand times slower: with
# sigmoid/tanh stacks this ratio shrinks ~4× per layer, so 5–6 layers are enough to reach it, while a
# ReLU MLP with sensible initialisation stays within ~10× across ten layers.
VANISHING_RATIO = 1e-3
EXPLODING_NORM = 1e3  # per-layer norm; healthy small networks stay below ~10
WINDOW = 10  # readings the diagnosis looks at (medians resist a single odd batch)


@dataclass(frozen=True)
class LayerGradient:
    grad_norm: float  # ‖∂loss/∂θ‖ over the layer's parameters, last step
    weight_norm: float  # ‖θ‖ now
    update_ratio: float | None  # ‖Δθ‖ / ‖θ‖ per step since the previous reading; None at the first


class GradientFlow:
    """Successive readings of one model: keeps the previous weights to measure the update per step."""

    def __init__(self) -> None:
        self._previous: dict[str, torch.Tensor] = {}
        self._previous_step: int | None = None
        self.history: list[dict[str, float]] = []  # grad norm per layer, one dict per reading

    def read(self, model: nn.Module, global_step: int) -> dict[str, LayerGradient]:
        """{node id: LayerGradient} now; appends the gradient norms to :attr:`history`."""
        grads = gradient_norms(model)
        steps = global_step - self._previous_step if self._previous_step is not None else 0
        reading: dict[str, LayerGradient] = {}
        current: dict[str, torch.Tensor] = {}
        with torch.no_grad():
            for node, params in layer_parameters(model).items():
                flat = torch.cat([p.detach().reshape(-1) for p in params]).float().cpu().clone()
                current[node] = flat
                weight_norm = float(flat.norm())
                before = self._previous.get(node)
                ratio = None
                if steps > 0 and before is not None and before.shape == flat.shape:
                    ratio = float((flat - before).norm()) / max(float(before.norm()), 1e-12) / steps
                reading[node] = LayerGradient(grads.get(node, 0.0), weight_norm, ratio)
        self._previous, self._previous_step = current, global_step
        has_grad = any(p.grad is not None for p in model.parameters())
        if has_grad and (steps > 0 or not self.history):  # no gradient yet at step 0; once per step
            self.history.append({node: r.grad_norm for node, r in reading.items()})
        return reading


@dataclass(frozen=True)
class GradientDiagnosis:
    kind: Literal["vanishing", "exploding"]
    node_id: str  # the layer the callout names (the input-most one affected)
    message: str


def diagnose_gradients(
    history: Sequence[Mapping[str, float]],
    order: Sequence[str] | None = None,
    *,
    window: int = WINDOW,
    vanishing_ratio: float = VANISHING_RATIO,
    exploding_norm: float = EXPLODING_NORM,
) -> list[GradientDiagnosis]:
    """Callouts for a history of per-layer gradient norms (oldest first); empty when gradients look healthy.

    ``order`` lists node ids input-first (the history's key order otherwise, which is the compiler's
    topological order). Each layer is judged by its median over the last ``window`` readings.
    """
    recent = [reading for reading in history[-window:] if reading]
    if not recent:
        return []
    nodes = [n for n in (order if order is not None else recent[-1]) if n in recent[-1]]
    typical = {n: median(r.get(n, 0.0) for r in recent) for n in nodes}
    found: list[GradientDiagnosis] = []
    exploding = [n for n in nodes if not math.isfinite(typical[n]) or typical[n] > exploding_norm]
    if exploding:
        node = exploding[0]
        found.append(
            GradientDiagnosis(
                "exploding",
                node,
                f"Gradients explode at '{node}': its gradient norm is {typical[node]:.3g} (healthy layers stay"
                " below ~10). Each step then throws the weights far away. Lower the learning rate, clip"
                " gradients, normalise the inputs or use a gentler initialisation.",
            )
        )
    largest = max((v for v in typical.values() if math.isfinite(v)), default=0.0)
    if largest > 0:
        reference = max((n for n in nodes if math.isfinite(typical[n])), key=lambda n: typical[n])
        faint = [n for n in nodes if typical[n] < vanishing_ratio * largest]
        if faint:
            node = faint[0]
            if typical[node] > 0:
                times = float(f"{largest / typical[node]:.2g}")  # 38,000,000 reads better than 37,843,695
                how = f"{times:,.0f} times smaller than '{reference}''s ({largest:.2g})"
            else:
                how = f"zero while '{reference}''s is {largest:.2g}"
            found.append(
                GradientDiagnosis(
                    "vanishing",
                    node,
                    f"Gradients vanish on the way back to '{node}': its gradient norm ({typical[node]:.2g}) is"
                    f" {how}, so '{node}' barely learns. Sigmoid and tanh shrink the gradient at every layer;"
                    " try ReLU, fewer layers, residual connections or normalisation.",
                )
            )
    return found
