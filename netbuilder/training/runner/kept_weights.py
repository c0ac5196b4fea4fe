"""What can be computed from a run's weights when no run is active: the live view's frame, revived units.

Used when a project is reopened with its weights (the views show the saved run's boundary or fit)
and by the ReLU-fit view's "Re-initialise dead units". Both rebuild the model from a project snapshot
and the weights; the caller runs them off its UI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import torch

from netbuilder.core.project import Project, project_from_dict
from netbuilder.data import Dataset
from netbuilder.training import probes
from netbuilder.training.checkpoint import state_to_cpu, weights_mismatch
from netbuilder.training.errors import WeightsError
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup, ViewPlan, target_for
from netbuilder.training.session import TrainingSetup, prepare

log = logging.getLogger(__name__)

Weights = dict[str, torch.Tensor]


@dataclass(frozen=True)
class Revival:
    """What a re-initialisation did: the new weights and {Dense node id: unit indices}."""

    weights: Weights
    fixed: dict[str, list[int]]

    @property
    def count(self) -> int:
        return sum(len(units) for units in self.fixed.values())


def model_with(
    project: Project, weights: Weights, base_dir: Path | None = None, dataset: Dataset | None = None
) -> TrainingSetup:
    """The project's model holding ``weights``; :class:`WeightsError` names the tensors that do not fit."""
    setup = prepare(project_from_dict(project.to_dict()), dataset=dataset, base_dir=base_dir)
    problems = weights_mismatch({k: v.shape for k, v in setup.model.state_dict().items()}, weights)
    if problems:
        shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
        raise WeightsError("the kept weights do not fit the network: " + shown)
    setup.model.load_state_dict(weights)
    return setup


def frame_for(
    project: Project, weights: Weights, base_dir: Path | None = None, dataset: Dataset | None = None
) -> tuple[DecisionSetup | HingeSetup | None, DecisionFrame | HingeFrame | None]:
    """The live view's setup and frame for ``weights`` (raises ``NetBuilderError`` when they cannot be made)."""
    setup = model_with(project, weights, base_dir, dataset)
    plan = ViewPlan(setup.dataset, setup.project.graph, target_for(setup.project))
    return plan.setup, plan.frame(setup.model)


def revive_dead_units(
    project: Project, weights: Weights, base_dir: Path | None = None, dataset: Dataset | None = None, seed: int = 0
) -> Revival:
    """Apply ``reinit_dead_units`` to a copy of ``weights``; raises ``NetBuilderError`` if the project cannot build."""
    setup = model_with(project, weights, base_dir, dataset)
    fixed = probes.reinit_dead_units(setup.model, setup.dataset.x_train, seed=seed)
    return Revival(state_to_cpu(setup.model.state_dict()), fixed)
