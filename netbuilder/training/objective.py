"""``Objective``: what a training setup minimises, as a loss over the training split, for side jobs.

The learning-rate finder, the loss landscape and the explained step each need exactly what the
trainer uses: the module the loss sees (logits when a final Softmax/Sigmoid is folded into the loss),
the loss function and the targets prepared for it. :func:`objective` builds that once from a
:class:`~netbuilder.training.session.TrainingSetup`, so none of them re-derives the trainer's choices.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from netbuilder.training.device import pick_device
from netbuilder.training.losses import LossFn, make_loss, penalty_params, prepare_targets, weight_penalty
from netbuilder.training.session import TrainingSetup


@dataclass(frozen=True)
class Objective:
    model: nn.Module  # the module the loss sees (shares its parameters with the inference module)
    loss_fn: LossFn
    x: torch.Tensor  # the training inputs, on the training device
    y: torch.Tensor  # the training targets, prepared for ``loss_fn``
    l1: float = 0.0
    l2: float = 0.0
    seed: int = 0  # the run's seed (0 when the project leaves it open): side jobs reproduce

    def loss(self, module: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(data loss, data loss + weight penalty) of ``module`` on a batch, as the trainer computes them."""
        data_loss = self.loss_fn(module(x), y)
        if not (self.l1 or self.l2):
            return data_loss, data_loss
        penalized = penalty_params(module)
        total = data_loss + weight_penalty(penalized, self.l1, self.l2) if penalized else data_loss
        return data_loss, total

    def evaluation_batch(self, limit: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        """A fixed random subset of at most ``limit`` training samples (all of them when fewer)."""
        if self.x.shape[0] <= limit:
            return self.x, self.y
        generator = torch.Generator().manual_seed(seed)
        index = torch.randperm(self.x.shape[0], generator=generator)[:limit].to(self.x.device)
        return self.x.index_select(0, index), self.y.index_select(0, index)


def objective(setup: TrainingSetup) -> Objective:
    """The trainer's loss for ``setup`` over its training split (on the configured device)."""
    config, data = setup.config, setup.data
    device = pick_device(config.device)
    model = setup.train_model.to(device)
    x = data.x_train.to(device)
    with torch.no_grad():
        was_training = model.training
        out = model.eval()(x[:2])
        model.train(was_training)
    outputs = int(out.shape[-1]) if out.ndim > 1 else 1
    loss_fn = make_loss(setup.loss, output_is_probability=setup.output_is_probability, huber_delta=config.huber_delta)
    y = prepare_targets(setup.loss, data.task, data.y_train, outputs).to(device)
    seed = config.seed if config.seed is not None else 0
    return Objective(model, loss_fn, x, y, config.l1, config.l2, seed)
