"""What ``netbuilder plot`` can draw for a project, and the data behind each view, without Qt.

A :class:`PlotSource` holds a project's dataset, its model with the chosen weights (a weights file, the
file kept beside the project, a short headless run, or the fresh initialisation) and, when there is
one, the :class:`~.run.Run` those weights came from. :func:`plot_views` is the list ``--list`` prints:
the live view that fits (:func:`~.views.view_kind`), the inside views (:func:`~.inside.inside_views`),
and the loss and confusion matrix when a run is known.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import torch

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project, project_from_dict
from netbuilder.core.schema import parse_json
from netbuilder.data import Dataset
from netbuilder.training.checkpoint import read_weights
from netbuilder.training.control import TrainControl
from netbuilder.training.errors import WeightsError
from netbuilder.training.runner.inside import InsideFrame, InsidePlan, inside_views
from netbuilder.training.runner.kept_weights import model_with
from netbuilder.training.runner.messages import Job
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.runner.run import Run
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup, ViewPlan, target_for
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

LIVE_VIEW_NAMES = {"decision": "decision", "hinge": "relu-fit"}
#: Every view ``netbuilder plot`` knows, in the order ``--list`` prints them.
ALL_VIEWS = ("loss", "confusion", "decision", "relu-fit", "neurons", "filters", "feature-maps", "saliency",
             "misclassified", "hidden-states", "attention")  # fmt: skip


@dataclass
class PlotSource:
    project: Project
    dataset: Dataset
    model: torch.nn.Module
    run: Run | None
    weights_from: str  # where the weights came from, for the user: a file, "training", "initialisation"
    sample: int | None = None

    def live_view(self) -> tuple[DecisionSetup | HingeSetup | None, DecisionFrame | HingeFrame | None]:
        plan = ViewPlan(self.dataset, self.project.graph, target_for(self.project))
        return plan.setup, plan.frame(self.model)

    def inside_frame(self) -> InsideFrame | None:
        return InsidePlan(self.dataset, self.project.graph, first_sample=self.sample).frame(self.model)


def plot_views(source: PlotSource) -> list[str]:
    """The views that fit the project (and its run, for the loss and the confusion matrix)."""
    from netbuilder.training.runner.views import view_kind

    found = []
    if source.run is not None and (source.run.steps.total or source.run.epochs):
        found.append("loss")
    if source.run is not None and source.run.report is not None and source.dataset.is_classification:
        found.append("confusion")
    kind = view_kind(source.dataset)
    if kind is not None:
        found.append(LIVE_VIEW_NAMES[kind])
    found += inside_views(source.project.graph, source.dataset)
    return found


def _trained(project: Project, base_dir: Path | None, epochs: int) -> Run:
    """A short headless run of ``project`` (the GUI's training job, in this process)."""
    snapshot = project_from_dict(project.to_dict())
    snapshot.training = {**snapshot.training, "epochs": int(epochs)}
    run = Run(snapshot.training, snapshot.dataset)
    job = Job(snapshot.to_dict(), str(base_dir) if base_dir is not None else None, None, job_environment())
    run_job(job, TrainControl(), run.apply)
    if run.failure is not None:
        raise WeightsError(f"training failed: {run.failure.message}")
    return run


def plot_source(
    project: Project,
    base_dir: Path | None = None,
    *,
    project_path: Path | None = None,
    weights: Path | None = None,
    epochs: int = 0,
    sample: int | None = None,
    run: Run | None = None,
    run_name: str = "",
) -> PlotSource:
    """The data to plot: a recorded ``run`` (its weights and curves), else weights from ``weights``, else a
    run of ``epochs``, else the file kept beside the project (``name.weights.safetensors``), else the
    fresh initialisation."""
    tensors: dict[str, torch.Tensor] | None = None
    origin = "initialisation"
    if run is not None and run.weights is not None:
        tensors, origin = run.weights, f"run {run_name}" if run_name else "the run"
        weights, epochs = None, 0
    else:
        run = None
    if tensors is None and weights is None and epochs <= 0 and project_path is not None:
        beside = project_path.with_suffix(".weights.safetensors")
        weights = beside if beside.exists() else None
    if weights is not None:
        tensors, metadata = read_weights(weights)
        origin = str(weights)
        if "run" in metadata:
            try:
                run = Run.from_record(parse_json(metadata["run"], allow_nan=True), tensors)
            except (ValueError, NetBuilderError):
                log.info("the weights file's run record is unreadable", exc_info=True)
    elif epochs > 0:
        run = _trained(project, base_dir, epochs)
        tensors, origin = run.weights, f"{epochs} epoch(s) of training"
    if tensors is not None:
        setup = model_with(project, tensors, base_dir)
    else:
        setup = prepare(project_from_dict(project.to_dict()), base_dir=base_dir)
    return PlotSource(setup.project, setup.dataset, setup.model, run, origin, sample)
