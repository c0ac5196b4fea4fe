"""Re-initialising dead ReLU units from the ReLU-fit dock, as one undoable step on the current run's weights.

Only while no run is active: the training process owns the model during a run (even when paused), so
the action is disabled then. The maths is :func:`netbuilder.training.runner.kept_weights.revive_dead_units`;
this command swaps the controller's weights, and the controller redraws the view from them.
"""

from __future__ import annotations

import logging
from typing import Any

import torch
from PySide6.QtGui import QUndoCommand

from netbuilder.training.runner.kept_weights import Revival

log = logging.getLogger(__name__)

Weights = dict[str, torch.Tensor]


class ReviveDeadUnits(QUndoCommand):
    """Swap the current run's weights for revived ones; undo puts the old ones back if nothing trained since."""

    def __init__(self, controller: Any, before: Weights, revival: Revival, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = revival.weights

    def redo(self) -> None:
        self._swap(self.before, self.after)

    def undo(self) -> None:
        self._swap(self.after, self.before)

    def _swap(self, expected: Weights, new: Weights) -> None:
        if self.controller.weights is not expected:
            # A run since then replaced the weights: putting old ones back would throw that training away.
            log.info("weights changed since '%s'; leaving them as they are", self.text())
            return
        self.controller.replace_weights(new)
