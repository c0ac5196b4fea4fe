"""Pay one-off import costs before the user presses Train, and set the process up to train.

The first optimiser construction imports ``torch._dynamo`` (~0.85 s measured here, architecture.md) and
froze the UI for ~150 ms when it happened in the worker; the training process calls :func:`warm_up`
as it starts, before its first job, so that "Train" responds at once.
"""

from __future__ import annotations

import torch

from netbuilder.training.allocator import keep_freed_memory
from netbuilder.training.config import OptimizerConfig
from netbuilder.training.optim import make_optimizer


def warm_up() -> None:
    keep_freed_memory()  # the live views' probes stop faulting their pages in (allocator.py)
    param = torch.nn.Parameter(torch.zeros(1))
    for kind in ("adam", "sgd"):
        optimizer = make_optimizer([param], OptimizerConfig(type=kind))
        param.grad = torch.zeros(1)
        optimizer.step()
