"""The typed messages between a training process and whoever drives it (the GUI's adapter, a CLI, a test).

Every message is a frozen dataclass pickled whole across a pipe, so both sides dispatch on the type
(``isinstance``), never on a string tag, and mypy checks what each carries.

Commands go to the process: :class:`StartJob` queues a run; :class:`Pause`, :class:`Resume`,
:class:`Step`, :class:`Stop` and :class:`SetLearningRate` reach the current run at once (a listener
thread reads them while the main thread trains); :class:`Quit` ends the process.

Replies come back, for each job, in this order: :class:`RunStarted` and :class:`ViewPlanned` once,
:class:`Progress` (≤ 5 Hz) and :class:`Probed` (≤ 5 Hz) while it trains, and :class:`RunEnded` last,
with the terminal event (whose ``result.report`` is the trainer's final evaluation) and the weights.
A job that cannot start sends :class:`RunEnded` alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from netbuilder.training.events import Failed, Finished, Stopped
from netbuilder.training.explain import ExplainedStep
from netbuilder.training.landscape import LandscapeProgress, LossLandscape
from netbuilder.training.lr_finder import LRFindProgress, LRFindResult
from netbuilder.training.runner.batching import ProgressBatch, ReceiverGone, RunFailure
from netbuilder.training.runner.diagnosis import DiagnosisFrame
from netbuilder.training.runner.inside import InsideFrame
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup

Weights = dict[str, torch.Tensor]


@dataclass(frozen=True)
class Job:
    """One run: a project snapshot, where its relative paths start, the weights to continue from."""

    project: dict[str, Any]  # Project.to_dict() of the snapshot
    base_dir: str | None
    weights: Weights | None  # the kept weights to continue from, if they still fit the network
    env: dict[str, str] = field(default_factory=dict)  # the variables that locate datasets
    run_dir: str | None = None  # the run's folder: the process records epochs, checkpoints, TensorBoard there
    epoch_offset: int = 0  # the absolute epoch the given weights were at (the run's epochs count on from it)
    diagnose: bool = True  # send Diagnosed readings (gradient flow, unit health, linear regions)
    # The inside views a person can see (None: all): hidden ones are not computed, a frame costs less.
    watch: tuple[str, ...] | None = None


# ---- commands: driver -> process -----------------------------------------------------------------
@dataclass(frozen=True)
class StartJob:
    job: Job


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Step:
    count: int = 1


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class SetLearningRate:
    lr: float


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class ShowSample:
    """Make the inside views look at test sample ``index`` (a command; reaches the running job at once)."""

    index: int


@dataclass(frozen=True)
class WatchViews:
    """The inside views now on screen (a dock shown or hidden): only those are computed."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class FindLR:
    """Run the learning-rate range test for ``job``'s project (its weights untouched); Stop cancels it."""

    job: Job


# ---- work on a paused run (done by the training loop's thread at its next Paused event) -----------
@dataclass(frozen=True)
class ExplainStep:
    """Run the next step of the paused run on one batch and explain it for the layer ``node_id``."""

    node_id: str


@dataclass(frozen=True)
class FindLandscape:
    """A 2-D slice of the loss around the paused run's weights (``directions``: "random" or "pca")."""

    directions: str = "random"
    resolution: int = 21


@dataclass(frozen=True)
class CancelWork:
    """Cancel the loss landscape being computed (the run itself stays paused)."""


Command = (
    StartJob
    | Pause
    | Resume
    | Step
    | Stop
    | SetLearningRate
    | Quit
    | ShowSample
    | WatchViews
    | FindLR
    | ExplainStep
    | FindLandscape
    | CancelWork
)


# ---- replies: process -> driver ------------------------------------------------------------------
@dataclass(frozen=True)
class RunStarted:
    """The run is built: the engine it uses and whether it continues from the given weights."""

    threads: int
    device: str
    resumed: bool  # False: the job had no weights, or they did not fit the network (see ``notices``)
    epochs: int  # the epochs this run plans
    task: str  # "classification" | "regression"
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewPlanned:
    setup: DecisionSetup | HingeSetup | None  # None: no live view fits this data


@dataclass(frozen=True)
class Progress:
    batch: ProgressBatch


@dataclass(frozen=True)
class Probed:
    frame: DecisionFrame | HingeFrame


@dataclass(frozen=True)
class WatchCosts:
    """Seconds the training process spent besides training, by part (what :mod:`~netbuilder.training.
    watch_budget` rations): what watching cost this run, and what the benchmarks report."""

    training: float  # the trainer's own time (pauses excluded)
    probes: float  # the live views' frames
    diagnostics: float
    recording: float  # the run folder
    sending: float  # pickling the replies and writing them to the pipe

    def share(self, part: str) -> float:
        """``part``'s seconds as a share of the training time."""
        return float(getattr(self, part)) / self.training if self.training > 0 else 0.0


@dataclass(frozen=True)
class RunEnded:
    """The job is over; ``event.result`` carries no tensors (the weights travel once, here)."""

    event: Finished | Stopped | Failed | RunFailure
    weights: Weights | None
    costs: WatchCosts | None = None  # None: the run never started


@dataclass(frozen=True)
class InsidePlanned:
    """The inside views (neurons, filters, feature maps…) that fit this run; sent once, after ViewPlanned."""

    views: tuple[str, ...]


@dataclass(frozen=True)
class InsideProbed:
    frame: InsideFrame


@dataclass(frozen=True)
class Diagnosed:
    """One reading of the run's diagnostics (gradient flow, unit health, linear regions), ≤ 5 Hz."""

    frame: DiagnosisFrame


# ---- side jobs: a learning-rate range test, answered instead of a run -----------------------------
@dataclass(frozen=True)
class LRFound:
    """A range-test step (``LRFindProgress``, ≤ 10 Hz), then its end: ``LRFindResult`` or ``RunFailure``."""

    event: LRFindProgress | LRFindResult | RunFailure

    @property
    def is_last(self) -> bool:
        return not isinstance(self.event, LRFindProgress)


@dataclass(frozen=True)
class Explained:
    """The explained step (the run's weights moved by it), or why there is none."""

    step: ExplainedStep | None
    error: str = ""


@dataclass(frozen=True)
class LandscapeFound:
    """A landscape row done (``LandscapeProgress``), then ``LossLandscape`` or a ``RunFailure``."""

    event: LandscapeProgress | LossLandscape | RunFailure


Reply = (
    RunStarted
    | ViewPlanned
    | Progress
    | Probed
    | RunEnded
    | InsidePlanned
    | InsideProbed
    | Diagnosed
    | LRFound
    | Explained
    | LandscapeFound
)


__all__ = [
    "CancelWork",
    "Command",
    "Diagnosed",
    "ExplainStep",
    "Explained",
    "FindLR",
    "FindLandscape",
    "InsidePlanned",
    "InsideProbed",
    "Job",
    "LRFound",
    "LandscapeFound",
    "Pause",
    "Probed",
    "Progress",
    "Quit",
    "ReceiverGone",
    "Reply",
    "Resume",
    "RunEnded",
    "RunFailure",
    "RunStarted",
    "SetLearningRate",
    "ShowSample",
    "StartJob",
    "Step",
    "Stop",
    "ViewPlanned",
    "WatchCosts",
    "WatchViews",
]
