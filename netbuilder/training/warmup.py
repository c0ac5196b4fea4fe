"""Pay one-off import costs before the user presses Train.

The first optimiser construction imports ``torch._dynamo`` (~0.85 s measured here, architecture.md) and
froze the UI for ~150 ms when it happened in the worker; the GUI calls :func:`warm_up` once at
start-up, off the critical path (e.g. in a background thread), so that "Train" responds at once.
"""

from __future__ import annotations

import torch

from netbuilder.training.config import OptimizerConfig
from netbuilder.training.optim import make_optimizer


def warm_up() -> None:
    param = torch.nn.Parameter(torch.zeros(1))
    for kind in ("adam", "sgd"):
        optimizer = make_optimizer([param], OptimizerConfig(type=kind))
        param.grad = torch.zeros(1)
        optimizer.step()
