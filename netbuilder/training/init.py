"""Weight initialisation: default / Xavier / Kaiming / normal, and "spread the ReLU kinks".

Initialisation is done from the run's seed inside a forked RNG, after re-running every module's
``reset_parameters``: the same seed gives the same starting weights however the model was built.

``spread_kinks``: for a network with one (numeric) input, the first Dense layer's unit i computes
``ReLU(w_i·x + b_i)`` with its kink at ``x = −b_i/w_i``. With default init most kinks land outside the
data or on top of each other and the units die (architecture.md: the 3-unit fit of seed 001 got stuck in
most seeds). Placing the kinks evenly inside the data range, all facing right (w > 0, so the leftmost
piece is flat and each unit adds one hinge, exactly the article's ``a·ReLU(x − k)`` form), and starting
the output layer at the constant that fits best (weights 0, bias = median of the targets) so that the
hinges do not first have to drag the whole curve to the right height (which pulled kinks away in
3–4 of 10 seeds) and each unit's weight grows from 0 with the sign its hinge needs, made the fit succeed
in 10 of 10 seeds together with cosine decay.
"""

from __future__ import annotations

import logging

import torch
from torch import nn

from netbuilder.training.config import InitConfig

log = logging.getLogger(__name__)

_WEIGHTED = (nn.Linear, nn.Conv1d, nn.Conv2d)


def _reset_all(module: nn.Module) -> None:
    for sub in module.modules():
        reset = getattr(sub, "reset_parameters", None)
        if callable(reset) and sub is not module:
            reset()


def first_dense(module: nn.Module) -> tuple[str, nn.Linear] | None:
    """The first Linear submodule in definition order (the compiler adds them in topological order)."""
    for name, sub in module.named_modules():
        if isinstance(sub, nn.Linear):
            return name, sub
    return None


def spread_kinks(layer: nn.Linear, low: float, high: float, scale: float = 1.0) -> None:
    """Set a 1-input Linear's units to ``ReLU(scale·(x − k_i))`` with kinks ``k_i`` evenly inside [low, high]."""
    units = layer.out_features
    with torch.no_grad():
        positions = torch.tensor([low + (high - low) * (i + 0.5) / units for i in range(units)])
        layer.weight.fill_(scale)
        if layer.bias is not None:
            layer.bias.copy_(-scale * positions)


def last_dense(module: nn.Module) -> nn.Linear | None:
    found = [sub for sub in module.modules() if isinstance(sub, nn.Linear)]
    return found[-1] if found else None


def initialize(
    module: nn.Module,
    config: InitConfig,
    seed: int,
    x_train: torch.Tensor | None = None,
    y_train: torch.Tensor | None = None,
) -> list[str]:
    """Initialise ``module`` in place; returns user-facing notices (e.g. why a scheme did not apply)."""
    notices: list[str] = []
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        _reset_all(module)
        if config.type in ("xavier", "kaiming", "normal"):
            for sub in module.modules():
                if not isinstance(sub, _WEIGHTED):
                    continue
                if config.type == "xavier":
                    nn.init.xavier_uniform_(sub.weight, gain=config.gain)
                elif config.type == "kaiming":
                    nn.init.kaiming_uniform_(sub.weight, nonlinearity="relu")
                else:
                    nn.init.normal_(sub.weight, 0.0, config.std)
                if sub.bias is not None:
                    nn.init.zeros_(sub.bias)
        elif config.type == "spread_kinks":
            found = first_dense(module)
            one_feature = x_train is not None and x_train.ndim == 2 and x_train.shape[1] == 1
            if found is None or found[1].in_features != 1 or not one_feature or x_train is None:
                notices.append("'spread_kinks' initialisation needs a single numeric input; used the default")
            else:
                name, layer = found
                low, high = float(x_train.min()), float(x_train.max())
                spread_kinks(layer, low, high)
                out = last_dense(module)
                regression = y_train is not None and y_train.is_floating_point() and y_train.ndim == 2
                if out is not None and out is not layer and out.bias is not None and regression:
                    assert y_train is not None
                    if y_train.shape[1] == out.out_features:
                        with torch.no_grad():
                            out.weight.zero_()
                            out.bias.copy_(y_train.median(dim=0).values)
                log.info("spread %d kinks of '%s' over [%g, %g]", layer.out_features, name, low, high)
    return notices
