"""Re-initialising dead ReLU units from the ReLU-fit dock, as one undoable step on the kept weights.

Runs in the GUI thread only while no run is active: the worker owns the model during a run (even when
paused), so the action is disabled then. The maths is :func:`netbuilder.training.probes.reinit_dead_units`;
this module rebuilds the model from the project and the session's weights, applies it and recomputes
the view frame so the revived units are coloured again at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from PySide6.QtGui import QUndoCommand

from netbuilder.core.project import Project, project_from_dict
from netbuilder.gui.training.view_probes import (
    DecisionFrame,
    DecisionSetup,
    HingeFrame,
    HingeSetup,
    ViewPlan,
    target_for,
)
from netbuilder.training import probes
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

Weights = dict[str, torch.Tensor]


@dataclass
class Revival:
    """What a re-initialisation did: the new weights and {Dense node id: unit indices}."""

    weights: Weights
    fixed: dict[str, list[int]]

    @property
    def count(self) -> int:
        return sum(len(units) for units in self.fixed.values())


def _model_with(project: Project, weights: Weights, base_dir: Path | None) -> Any:
    setup = prepare(project_from_dict(project.to_dict()), base_dir=base_dir)
    setup.model.load_state_dict(weights)
    return setup


def revive_dead_units(project: Project, weights: Weights, base_dir: Path | None = None, seed: int = 0) -> Revival:
    """Apply ``reinit_dead_units`` to a copy of ``weights``; raises ``NetBuilderError`` if the project cannot build."""
    setup = _model_with(project, weights, base_dir)
    fixed = probes.reinit_dead_units(setup.model, setup.dataset.x_train, seed=seed)
    return Revival(state_to_cpu(setup.model.state_dict()), fixed)


def frame_for(
    project: Project, weights: Weights, base_dir: Path | None = None
) -> tuple[DecisionSetup | HingeSetup | None, DecisionFrame | HingeFrame | None]:
    """The live view's setup and frame for kept weights (after a re-init, or weights loaded with a project)."""
    setup = _model_with(project, weights, base_dir)
    plan = ViewPlan(setup.dataset, setup.project.graph, target_for(setup.project))
    return plan.setup, plan.frame(setup.model)


class ReviveDeadUnits(QUndoCommand):
    """Swap the session's weights for revived ones; undo puts the old ones back if nothing trained since."""

    def __init__(
        self, session: Any, before: Weights, revival: Revival, on_change: Callable[[], None], text: str
    ) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = revival.weights
        self._on_change = on_change

    def redo(self) -> None:
        self._swap(self.before, self.after)

    def undo(self) -> None:
        self._swap(self.after, self.before)

    def _swap(self, expected: Weights, new: Weights) -> None:
        if self.session.weights is not expected:
            # A run since then replaced the weights: putting old ones back would throw that training away.
            log.info("weights changed since '%s'; leaving them as they are", self.text())
            return
        self.session.weights = new
        self.session.weights_changed.emit()
        self._on_change()
