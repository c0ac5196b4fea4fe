"""The learning-rate range test: train a copy briefly while the rate grows exponentially, watch the loss.

Over ~100 steps the rate grows from ``start_lr`` to ``end_lr`` by a constant factor per step, with the
project's optimiser, loss and batch size, on a deep copy of the model (initialised as training would
initialise it), so the caller's weights are never touched. The loss first barely moves (rate too
small), then falls fast, then blows up (rate too large); the test stops early once the smoothed loss
exceeds ``diverge`` × its best. The loss is read after each step on one fixed subset of the training
data and smoothed; the suggestion is a tenth of the rate where it starts to climb (:func:`suggest_lr`).

It runs as a job of the training process: :func:`find_lr` is a generator of :class:`LRFindProgress`
events (one per step, for a live plot) ending with one :class:`LRFindResult`; ``TrainControl.stop``
cancels it between steps (the result then says ``"cancelled"`` and holds the curve so far). The GUI
plots ``lrs`` against ``losses`` on a log axis, marks ``suggested_lr`` and offers to apply it.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import torch

from netbuilder.training.config import OptimizerConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.errors import TrainingError
from netbuilder.training.init import initialize
from netbuilder.training.objective import Objective, objective
from netbuilder.training.optim import make_optimizer, set_lr
from netbuilder.training.session import TrainingSetup

log = logging.getLogger(__name__)

START_LR = 1e-6
END_LR = 10.0
STEPS = 100
SMOOTHING = 0.9  # EMA of the loss; over ~100 steps a longer memory lags the curve by a decade of lr
DIVERGE = 4.0
EVAL_SAMPLES = 512
RISE = 1.3


@dataclass(frozen=True)
class LRFindProgress:
    step: int  # 1-based
    steps: int  # planned steps (the test may stop earlier)
    lr: float
    loss: float  # the loss on the fixed evaluation subset after this step
    smoothed: float


@dataclass(frozen=True)
class LRFindResult:
    lrs: tuple[float, ...]
    losses: tuple[float, ...]  # smoothed, what to plot
    raw_losses: tuple[float, ...]  # unsmoothed
    suggested_lr: float | None  # None when the loss never fell
    reason: Literal["completed", "diverged", "cancelled"]


LRFindEvent = LRFindProgress | LRFindResult


def suggest_lr(lrs: np.ndarray, losses: np.ndarray) -> float | None:
    """A tenth of the rate at which the loss starts to climb (``RISE`` × its minimum, after it).

    The edge of divergence is the clearest feature of the curve; a tenth of it trained spiral (→ 100%)
    and the digits MLP (→ 97%) with Adam here, where the steepest-descent rate (0.004 on spiral)
    was too timid to reach the example's accuracy. If the loss never climbs, a tenth of the rate at
    its minimum.
    """
    lrs, losses = np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
    finite = np.isfinite(losses)
    if finite.sum() < 5:
        return None
    lrs, losses = lrs[finite], losses[finite]
    lowest = int(np.argmin(losses))
    climbing = np.nonzero(losses[lowest:] > RISE * losses[lowest])[0]
    edge = lrs[lowest + int(climbing[0])] if climbing.size else lrs[lowest]
    return float(edge / 10)


def range_test(
    objective: Objective,
    optimizer: OptimizerConfig,
    batch_size: int,
    *,
    start_lr: float = START_LR,
    end_lr: float = END_LR,
    steps: int = STEPS,
    seed: int = 0,
    diverge: float = DIVERGE,
    control: TrainControl | None = None,
) -> Iterator[LRFindEvent]:
    """Run the range test on a deep copy of ``objective.model``; see the module docstring."""
    if not 0 < start_lr < end_lr or steps < 2:
        raise TrainingError(
            f"the range test needs 0 < start lr < end lr and at least 2 steps (got {start_lr:g}, {end_lr:g}, {steps})"
        )
    model = copy.deepcopy(objective.model)
    model.train()
    opt = make_optimizer(model.parameters(), optimizer)
    growth = (end_lr / start_lr) ** (1.0 / max(1, steps - 1))
    n = objective.x.shape[0]
    batch = max(1, min(batch_size, n))
    generator = torch.Generator().manual_seed(seed)
    order, cursor = torch.randperm(n, generator=generator), 0
    x_eval, y_eval = objective.evaluation_batch(EVAL_SAMPLES, seed)
    lrs: list[float] = []
    raw: list[float] = []
    smoothed: list[float] = []
    average, best = 0.0, math.inf
    reason: Literal["completed", "diverged", "cancelled"] = "completed"
    for step in range(1, steps + 1):
        if control is not None and control.stop_requested:
            reason = "cancelled"
            break
        if cursor + batch > n:
            order, cursor = torch.randperm(n, generator=generator), 0
        index = order[cursor : cursor + batch].to(objective.x.device)
        cursor += batch
        lr = start_lr * growth ** (step - 1)
        set_lr(opt, lr)
        data_loss, total = objective.loss(model, objective.x.index_select(0, index), objective.y.index_select(0, index))
        opt.zero_grad(set_to_none=True)
        total.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward untyped
        if not math.isfinite(data_loss.item()):
            reason = "diverged"
            break
        opt.step()
        # The batch loss of a small batch is too noisy to read a curve from (±0.05 on spiral's
        # 32-sample batches, more than the whole descent); one fixed subset is cheap and steady.
        # In eval mode: dropout would add noise back and batch norm would learn from the subset.
        model.eval()
        with torch.no_grad():
            value = objective.loss_fn(model(x_eval), y_eval).item()
        model.train()
        if not math.isfinite(value):
            reason = "diverged"
            break
        # Bias-corrected EMA: the first values are not pulled towards 0.
        average = SMOOTHING * average + (1 - SMOOTHING) * value
        smooth = average / (1 - SMOOTHING**step)
        lrs.append(lr)
        raw.append(value)
        smoothed.append(smooth)
        best = min(best, smooth)
        yield LRFindProgress(step, steps, lr, value, smooth)
        if step > 5 and smooth > diverge * best:
            reason = "diverged"
            break
    suggestion = suggest_lr(np.array(lrs), np.array(smoothed))
    log.info("lr range test %s after %d steps; suggested lr %s", reason, len(lrs), suggestion)
    yield LRFindResult(tuple(lrs), tuple(smoothed), tuple(raw), suggestion, reason)


def find_lr(
    setup: TrainingSetup,
    *,
    control: TrainControl | None = None,
    start_lr: float = START_LR,
    end_lr: float = END_LR,
    steps: int = STEPS,
    init_weights: bool = True,
) -> Iterator[LRFindEvent]:
    """The range test for a project's setup, from the weights training would start with.

    ``init_weights`` initialises the copy as the trainer does (the project's scheme and seed); pass
    False to start from the model's current weights (e.g. to continue a paused run).
    """
    base = objective(setup)
    config = setup.config
    start = copy.deepcopy(base.model)
    if init_weights:
        initialize(start, config.init, base.seed, base.x, setup.data.y_train)
    yield from range_test(
        replace(base, model=start),
        config.optimizer,
        config.batch_size,
        start_lr=start_lr,
        end_lr=end_lr,
        steps=steps,
        seed=base.seed,
        control=control,
    )
