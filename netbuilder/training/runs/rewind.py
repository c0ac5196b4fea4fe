"""What the views show for a checkpoint: the live view's frame and the final report, from kept weights.

The report is the trainer's own final evaluation, run with zero epochs on a model holding the
checkpoint's weights: the same split, loss, metrics and confusion matrix as at the end of a run, by the
same code (one rule, one answer), rather than a second evaluation written here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import torch

from netbuilder.core.project import Project
from netbuilder.data import Dataset
from netbuilder.training.report import Report
from netbuilder.training.runner.kept_weights import model_with
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup, ViewPlan, target_for
from netbuilder.training.trainer import final_event

Weights = dict[str, torch.Tensor]


@dataclass(frozen=True)
class CheckpointViews:
    setup: DecisionSetup | HingeSetup | None
    frame: DecisionFrame | HingeFrame | None
    report: Report | None


def checkpoint_views(
    project: Project, weights: Weights, base_dir: Path | None = None, dataset: Dataset | None = None
) -> CheckpointViews:
    """The frame and report of ``weights`` (raises ``NetBuilderError`` when the model cannot be built)."""
    setup = model_with(project, weights, base_dir, dataset)
    plan = ViewPlan(setup.dataset, setup.project.graph, target_for(setup.project))
    frame = plan.frame(setup.model)
    setup.config = dataclasses.replace(setup.config, epochs=0, threads=1)
    # The trainer seeds torch's global generator: keep the caller's random state as it was.
    with torch.random.fork_rng(devices=[]):
        end = final_event(setup.trainer(init_weights=False).run())
    report = getattr(getattr(end, "result", None), "report", None)
    return CheckpointViews(plan.setup, frame, report if isinstance(report, Report) else None)


__all__ = ["CheckpointViews", "checkpoint_views"]
