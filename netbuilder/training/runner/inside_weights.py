"""The inside views' frame from a run's kept weights (no run active): a reopened project, a sample
picked after training ended, and ``netbuilder plot``. The caller runs it off its UI thread."""

from __future__ import annotations

import logging
from pathlib import Path

from netbuilder.core.project import Project
from netbuilder.data import Dataset
from netbuilder.training.runner.inside import InsideFrame, InsidePlan
from netbuilder.training.runner.kept_weights import Weights, model_with

log = logging.getLogger(__name__)


def inside_frame_for(
    project: Project,
    weights: Weights,
    base_dir: Path | None = None,
    dataset: Dataset | None = None,
    first_sample: int | None = None,
) -> InsideFrame | None:
    """The inside views' frame for ``weights`` (None when no inside view fits); raises ``NetBuilderError``."""
    setup = model_with(project, weights, base_dir, dataset)
    return InsidePlan(setup.dataset, setup.project.graph, first_sample=first_sample).frame(setup.model)
