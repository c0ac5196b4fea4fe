"""One optimiser step, explained: for one layer, the forward values, the loss, each weight's gradient, and
the update written as the optimiser's formula with the actual numbers filled in.

:func:`explain_step` runs a real step (forward, backward, ``optimizer.step()``) of the whole model and
records, for the chosen node, everything the optimisation article's formulas need: plain SGD
``w ← w − η·g``, SGD with momentum (the buffer ``b``), Adam/AdamW (the moments ``m``, ``v`` and their
bias-corrected ``m̂``, ``v̂``) and RMSprop. The update is computed from the optimiser's state *before*
the step with torch's own update rules, and :attr:`ParamStep.after` is what the optimiser actually
wrote, so the two can be checked against each other (the tests do).

It is a job of the training process for a paused run: pass the run's own optimizer so that the
momentum and moment estimates are the real ones (a fresh optimizer starts them at zero). The GUI shows
:meth:`ExplainedStep.filled` for the weight the user points at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from netbuilder.training.errors import TrainingError

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

FORMULAS = {
    "sgd": ("w ← w − η·g",),
    "sgd_momentum": ("b ← μ·b + (1 − τ)·g", "w ← w − η·b"),
    "sgd_nesterov": ("b ← μ·b + (1 − τ)·g", "w ← w − η·(g + μ·b)"),
    "adam": (
        "m ← β₁·m + (1 − β₁)·g",
        "v ← β₂·v + (1 − β₂)·g²",
        "m̂ = m / (1 − β₁ᵗ)",
        "v̂ = v / (1 − β₂ᵗ)",
        "w ← w − η·m̂ / (√v̂ + ε)",
    ),
    "rmsprop": ("v ← α·v + (1 − α)·g²", "w ← w − η·g / (√v + ε)"),
}
FORMULAS["adamw"] = ("w ← w − η·λ·w", *FORMULAS["adam"])
FORMULAS["rmsprop_momentum"] = ("v ← α·v + (1 − α)·g²", "b ← μ·b + g / (√v + ε)", "w ← w − η·b")


@dataclass(frozen=True)
class ParamStep:
    """One parameter tensor of the layer through the step (float64 copies)."""

    name: str  # e.g. "fc1.weight"
    before: np.ndarray
    grad: np.ndarray  # ∂loss/∂w from this batch
    update: np.ndarray  # Δw by the formula (w_after − w_before)
    after: np.ndarray  # what the optimiser wrote
    terms: dict[str, np.ndarray]  # the formula's quantities after the step: g, b, m, v, m̂, v̂ ...


@dataclass(frozen=True)
class ExplainedStep:
    node_id: str
    kind: str  # a key of FORMULAS
    hyper: dict[str, float]  # η, μ, β₁, β₂, ε, λ, t ... as named in the formula
    inputs: np.ndarray  # what the node received for the batch
    outputs: np.ndarray  # what it produced
    loss: float
    params: dict[str, ParamStep]

    @property
    def formula(self) -> tuple[str, ...]:
        return (*_decay_line(self.kind, self.hyper), *FORMULAS[self.kind])

    def filled(self, param: str, index: tuple[int, ...]) -> list[str]:
        """The formula lines with this step's numbers for one weight, e.g. ``w ← 0.42 − 0.01 × 0.08 = 0.419``."""
        step = self.params[param]
        at = {key: float(value[index]) for key, value in step.terms.items()}
        at["w"], at["w_new"] = float(step.before[index]), float(step.after[index])
        decay = [
            f"{line} = {_n(at['∂L/∂w'])} + {_n(self.hyper['λ'])} × {_n(at['w'])} = {_n(at['g'])}"
            for line in _decay_line(self.kind, self.hyper)
        ]
        return decay + _fill(self.kind, self.hyper, at)


def _decay_line(kind: str, hyper: dict[str, float]) -> tuple[str, ...]:
    """Coupled weight decay (all but AdamW) adds λ·w to the gradient before the rule sees it."""
    return ("g = ∂L/∂w + λ·w",) if hyper.get("λ") and kind != "adamw" else ()


def _n(value: float) -> str:
    text = f"{value:.4g}"
    return f"({text})" if value < 0 else text


def _fill(kind: str, h: dict[str, float], a: dict[str, float]) -> list[str]:
    g, w, new = _n(a["g"]), _n(a["w"]), _n(a["w_new"])
    if kind == "sgd":
        return [f"w ← w − η·g = {w} − {_n(h['η'])} × {g} = {new}"]
    if kind.startswith("sgd_"):
        lines = [f"b ← μ·b + (1 − τ)·g = {_n(h['μ'])} × {_n(a['b_prev'])} + {_n(1 - h['τ'])} × {g} = {_n(a['b'])}"]
        if kind == "sgd_nesterov":
            lines.append(f"w ← w − η·(g + μ·b) = {w} − {_n(h['η'])} × ({g} + {_n(h['μ'])} × {_n(a['b'])}) = {new}")
        else:
            lines.append(f"w ← w − η·b = {w} − {_n(h['η'])} × {_n(a['b'])} = {new}")
        return lines
    if kind.startswith("rmsprop"):
        lines = [f"v ← α·v + (1 − α)·g² = {_n(h['α'])} × {_n(a['v_prev'])} + {_n(1 - h['α'])} × {g}² = {_n(a['v'])}"]
        if kind == "rmsprop_momentum":
            lines.append(
                f"b ← μ·b + g / (√v + ε) = {_n(h['μ'])} × {_n(a['b_prev'])} + {g} / {_n(a['√v+ε'])} = {_n(a['b'])}"
            )
            lines.append(f"w ← w − η·b = {w} − {_n(h['η'])} × {_n(a['b'])} = {new}")
        else:
            lines.append(f"w ← w − η·g / (√v + ε) = {w} − {_n(h['η'])} × {g} / {_n(a['√v+ε'])} = {new}")
        return lines
    t = int(h["t"])
    b1, b2 = h["β₁"], h["β₂"]
    lines = []
    if kind == "adamw":
        lines.append(f"w ← w − η·λ·w = {w} − {_n(h['η'])} × {_n(h['λ'])} × {w} = {_n(a['w_decayed'])}")
    lines += [
        f"m ← β₁·m + (1 − β₁)·g = {_n(b1)} × {_n(a['m_prev'])} + {_n(1 - b1)} × {g} = {_n(a['m'])}",
        f"v ← β₂·v + (1 − β₂)·g² = {_n(b2)} × {_n(a['v_prev'])} + {_n(1 - b2)} × {g}² = {_n(a['v'])}",
        f"m̂ = m / (1 − β₁^{t}) = {_n(a['m'])} / {_n(1 - b1**t)} = {_n(a['m̂'])}",
        f"v̂ = v / (1 − β₂^{t}) = {_n(a['v'])} / {_n(1 - b2**t)} = {_n(a['v̂'])}",
        f"w ← w − η·m̂ / (√v̂ + ε) = {_n(a.get('w_decayed', a['w']))} − {_n(h['η'])} × {_n(a['m̂'])}"
        f" / ({_n(a['v̂'] ** 0.5)} + {h['ε']:.0e}) = {new}",
    ]
    return lines


def _kind_and_hyper(optimizer: torch.optim.Optimizer, group: dict[str, Any]) -> tuple[str, dict[str, float]]:
    if group.get("maximize") or group.get("amsgrad") or group.get("centered"):
        raise TrainingError("the explained step covers SGD, Adam/AdamW and RMSprop without maximize/amsgrad/centered")
    common = {"η": float(group["lr"]), "λ": float(group.get("weight_decay", 0.0))}
    if isinstance(optimizer, torch.optim.SGD):
        mu = float(group["momentum"])
        kind = "sgd" if mu == 0 else ("sgd_nesterov" if group["nesterov"] else "sgd_momentum")
        return kind, {**common, "μ": mu, "τ": float(group["dampening"])}
    if isinstance(optimizer, torch.optim.Adam):  # AdamW is a subclass in torch ≥ 2.7
        decoupled = isinstance(optimizer, torch.optim.AdamW) or bool(group.get("decoupled_weight_decay"))
        b1, b2 = group["betas"]
        return ("adamw" if decoupled else "adam"), {
            **common,
            "β₁": float(b1),
            "β₂": float(b2),
            "ε": float(group["eps"]),
        }
    if isinstance(optimizer, torch.optim.RMSprop):
        mu = float(group["momentum"])
        kind = "rmsprop_momentum" if mu else "rmsprop"
        return kind, {**common, "μ": mu, "α": float(group["alpha"]), "ε": float(group["eps"])}
    raise TrainingError(f"the explained step does not know {type(optimizer).__name__}")


def _update(
    kind: str, h: dict[str, float], w: torch.Tensor, grad: torch.Tensor, state: dict[str, torch.Tensor]
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """(w after the step, formula terms) by torch's update rule for ``kind``, in float64."""
    lr, wd = h["η"], h["λ"]
    decoupled = kind == "adamw"
    g = grad if decoupled or not wd else grad + wd * w
    terms: dict[str, torch.Tensor] = {"∂L/∂w": grad, "g": g}
    if kind == "sgd":
        return w - lr * g, terms
    if kind.startswith("sgd_"):
        prev = state.get("momentum_buffer")
        buf = g.clone() if prev is None else h["μ"] * prev + (1 - h["τ"]) * g
        terms |= {"b_prev": torch.zeros_like(g) if prev is None else prev, "b": buf}
        direction = g + h["μ"] * buf if kind == "sgd_nesterov" else buf
        return w - lr * direction, terms
    if kind.startswith("rmsprop"):
        v = h["α"] * state["square_avg"] + (1 - h["α"]) * g * g
        avg = v.sqrt() + h["ε"]
        terms |= {"v_prev": state["square_avg"], "v": v, "√v+ε": avg}
        if kind == "rmsprop":
            return w - lr * g / avg, terms
        buf = h["μ"] * state["momentum_buffer"] + g / avg
        terms |= {"b_prev": state["momentum_buffer"], "b": buf}
        return w - lr * buf, terms
    t = int(state["step"]) + 1
    h["t"] = float(t)  # the step number the bias correction uses, shown in the filled formula
    start = w * (1 - lr * wd) if decoupled else w
    m = h["β₁"] * state["exp_avg"] + (1 - h["β₁"]) * g
    v = h["β₂"] * state["exp_avg_sq"] + (1 - h["β₂"]) * g * g
    m_hat, v_hat = m / (1 - h["β₁"] ** t), v / (1 - h["β₂"] ** t)
    terms |= {"m_prev": state["exp_avg"], "v_prev": state["exp_avg_sq"], "m": m, "v": v, "m̂": m_hat, "v̂": v_hat}
    if decoupled:
        terms["w_decayed"] = start
    return start - lr * m_hat / (v_hat.sqrt() + h["ε"]), terms


def _initial_state(kind: str, p: torch.Tensor) -> dict[str, torch.Tensor]:
    """The state torch creates on a parameter's first step (Adam and RMSprop start from zeros)."""
    zeros = torch.zeros_like(p, dtype=torch.float64)
    if kind.startswith("adam"):
        return {"step": torch.tensor(0.0), "exp_avg": zeros, "exp_avg_sq": zeros}
    if kind.startswith("rmsprop"):
        return {"square_avg": zeros, "momentum_buffer": zeros}
    return {}


def explain_step(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, loss_fn: LossFn, optimizer: torch.optim.Optimizer, node_id: str
) -> ExplainedStep:
    """Run one real step of ``optimizer`` on the batch (x, y) and explain it for the node ``node_id``."""
    try:
        module = model.get_submodule(node_id)
    except AttributeError:
        raise TrainingError(f"there is no layer '{node_id}' in the model", node_id=node_id) from None
    params = [(f"{node_id}.{name}", p) for name, p in module.named_parameters() if p.requires_grad]
    if not params:
        raise TrainingError(f"'{node_id}' has no weights to update", node_id=node_id)
    groups = {id(p): group for group in optimizer.param_groups for p in group["params"]}
    if any(id(p) not in groups for _, p in params):
        raise TrainingError(f"the optimizer does not update '{node_id}'", node_id=node_id)
    seen: dict[str, torch.Tensor] = {}

    def hook(_module: nn.Module, args: tuple[Any, ...], output: Any) -> None:
        if args and isinstance(args[0], torch.Tensor):
            seen["in"] = args[0].detach().clone()
        if isinstance(output, torch.Tensor):
            seen["out"] = output.detach().clone()

    handle = module.register_forward_hook(hook)
    try:
        loss = loss_fn(model(x), y)
    finally:
        handle.remove()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward untyped
    prepared = []
    for name, p in params:
        group = groups[id(p)]
        kind, hyper = _kind_and_hyper(optimizer, group)
        # Everything in float64 on the CPU: the formula is then exact to well below float32's rounding.
        saved = optimizer.state.get(p, {})
        state = {k: v.detach().double().cpu().clone() for k, v in saved.items() if torch.is_tensor(v)}
        state = {**_initial_state(kind, before := p.detach().double().cpu().clone()), **state}
        grad = p.grad.detach().double().cpu().clone() if p.grad is not None else torch.zeros_like(before)
        predicted, terms = _update(kind, hyper, before, grad, state)
        prepared.append((name, p, kind, hyper, before, grad, predicted, terms))
    optimizer.step()
    steps = {
        name: ParamStep(
            name,
            before.numpy(),
            grad.numpy(),
            (predicted - before).numpy(),
            p.detach().double().cpu().numpy().copy(),
            {key: value.numpy() for key, value in terms.items()},
        )
        for name, p, _, _, before, grad, predicted, terms in prepared
    }
    kind, hyper = prepared[0][2], prepared[0][3]
    empty = np.zeros(0)
    return ExplainedStep(
        node_id,
        kind,
        hyper,
        seen["in"].cpu().numpy() if "in" in seen else empty,
        seen["out"].cpu().numpy() if "out" in seen else empty,
        float(loss.detach()),
        steps,
    )
