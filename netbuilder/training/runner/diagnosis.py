"""The live diagnostics of a run, computed in the training process next to the training loop.

One :class:`DiagnosisPlan` per run reads, on ``Snapshot``s, every diagnostic probe of
:mod:`netbuilder.training.probes` that fits the network: per layer the gradient norm and the
update/weight ratio (:class:`~netbuilder.training.probes.GradientFlow`), the dead-ReLU and saturated
sigmoid/tanh shares and activation histograms (:func:`~netbuilder.training.probes.unit_health`),
weight histograms over bins fixed for the whole run (so rows stack into a heat map), and for a
classifier on the 2-D plane with ReLUs the linear-region map. It packs them into a
:class:`DiagnosisFrame` of plain numbers and arrays; only that leaves the process.

The rate adapts to the measured cost: a reading is taken at most :data:`DIAGNOSIS_HZ` times a second
and never more often than keeps its cost under :data:`BUDGET` of the training time, so that
diagnostics cost training at most a few per cent whatever the model and however busy the machine.
:meth:`DiagnosisPlan.watch` wraps the trainer's event stream: the generator is suspended while a
``Snapshot`` (or ``Paused``, or the terminal event) is handled, so the weights read are consistent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch

from netbuilder.data.dataset import Dataset
from netbuilder.training import probes, watch_budget
from netbuilder.training.events import TERMINAL_EVENTS, Paused, Snapshot, StepStats, TrainEvent
from netbuilder.training.probes.capture import relu_names
from netbuilder.training.runner.batching import ReceiverGone
from netbuilder.training.runner.views import GRID, view_kind

log = logging.getLogger(__name__)

DIAGNOSIS_HZ = 5.0
BUDGET = watch_budget.DIAGNOSTICS  # share of the training time the diagnostics may take
HEALTH_SAMPLES = 256  # training inputs the unit-health forward pass reads: enough to see a unit fire
BINS = 40


@dataclass(frozen=True)
class RegionFrame:
    """The linear regions of a 2-D ReLU classifier over the decision view's grid (rows along x2)."""

    ids: np.ndarray  # (GRID, GRID) int32
    borders: np.ndarray  # (GRID, GRID) bool
    count: int
    extent: float


@dataclass(frozen=True)
class DiagnosisFrame:
    """One reading of every diagnostic; ``x`` is in (fractional) epochs of this run."""

    x: float
    step: int
    grad_norm: dict[str, float]  # node id -> ‖∂L/∂θ‖ of the last step
    update_ratio: dict[str, float]  # node id -> ‖Δθ‖/‖θ‖ per step since the previous reading (absent at first)
    dead: dict[str, float]  # ReLU node id -> share of units never active on the sample
    saturated: dict[str, float]  # sigmoid/tanh node id -> share of saturated units
    weight_hist: dict[str, np.ndarray]  # node id -> share of its weights per bin
    weight_range: dict[str, tuple[float, float]]
    act_hist: dict[str, np.ndarray]  # activation node id -> share of its outputs per bin
    act_range: dict[str, tuple[float, float]]
    order: tuple[str, ...]  # layers input-first (the compiler's order)
    regions: RegionFrame | None = None
    cost_ms: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)


class DiagnosisPlan:
    """Which diagnostics fit a run and their state (previous weights, fixed bins, the rate limit)."""

    def __init__(
        self, dataset: Dataset, model: torch.nn.Module, *, hz: float = DIAGNOSIS_HZ, budget: float = BUDGET
    ) -> None:
        self._period = 1.0 / hz
        self._budget = budget
        param = next(model.parameters(), None)
        device = param.device if param is not None else torch.device("cpu")
        self._x = dataset.x_train[:HEALTH_SAMPLES].to(device)
        self._flow = probes.GradientFlow()
        self._weight_bins = probes.weight_bins(model, BINS)
        self._featurize: probes.grid.Featurize | None = None
        self._extent = 1.0
        self.regions = view_kind(dataset) == "decision" and bool(relu_names(model))
        if self.regions:
            self._featurize, self._extent = probes.plane_featurizer(dataset)
        self.cost = 0.0  # seconds of the last reading
        self.seconds = 0.0  # of all readings (the run's watching costs)
        self.readings = 0

    def read(self, model: torch.nn.Module, step: int, x: float) -> DiagnosisFrame:
        """Every diagnostic now (the caller keeps ``model`` consistent while this runs)."""
        start = time.perf_counter()
        gradients = self._flow.read(model, step)
        health = probes.unit_health(model, self._x)
        weights = probes.weight_histograms(model, self._weight_bins)
        regions = None
        if self.regions:
            found = probes.region_map(model, self._extent, GRID, self._featurize)
            regions = RegionFrame(found.ids, found.borders, found.count, float(self._extent))
        cost = time.perf_counter() - start
        self.seconds += cost
        # The first reading pays one-time warm-ups (hooks, the grid): ~10× a usual one, and as the
        # rate's measure it held the next readings back for most of a short run.
        self.cost = cost if self.readings else 0.0
        self.readings += 1
        return DiagnosisFrame(
            x=x,
            step=step,
            grad_norm={k: g.grad_norm for k, g in gradients.items()},
            update_ratio={k: g.update_ratio for k, g in gradients.items() if g.update_ratio is not None},
            dead={k: h.dead_share for k, h in health.items() if h.dead_share is not None},
            saturated={k: h.saturated_share for k, h in health.items() if h.saturated_share is not None},
            weight_hist=weights,
            weight_range={k: (b.low, b.high) for k, b in self._weight_bins.items() if k in weights},
            act_hist={k: h.histogram for k, h in health.items()},
            act_range={k: (h.bins.low, h.bins.high) for k, h in health.items()},
            order=tuple(gradients),
            regions=regions,
            cost_ms=cost * 1000,
        )

    def watch(
        self, events: Iterator[TrainEvent], model: torch.nn.Module, send: Callable[[DiagnosisFrame], None]
    ) -> Iterator[TrainEvent]:
        """Pass ``events`` through, sending a reading when one is due (see the module docstring)."""
        last = -1e9  # engine time of the last reading
        per_epoch = 1
        step = 0
        read_step = -1

        def reading(at: int) -> None:
            nonlocal read_step
            try:
                send(self.read(model, at, at / per_epoch))
            except ReceiverGone:
                raise  # nobody to tell: the batcher ends the job quietly
            except Exception:  # a probe bug must not stop training: carry on without diagnostics
                log.exception("diagnosis failed; diagnostics are off for this run")
                self._period = float("inf")
            read_step = at

        for event in events:
            if type(event) is StepStats:  # the hot path: thousands a second
                step, per_epoch = event.global_step, event.steps_per_epoch
            elif isinstance(event, Snapshot):
                # The cost bound: with a reading costing c seconds, wait c / budget between readings.
                # Besides the rate, a reading whenever the step count doubled: the first fraction of
                # a second (where gradients vanish or units die) gets readings too.
                since = event.elapsed - last
                doubled = event.global_step >= 2 * max(read_step, 1)
                if since >= self.cost / self._budget and (since >= self._period or doubled):
                    last = event.elapsed
                    reading(event.global_step)
            elif isinstance(event, Paused):
                if step != read_step and self._period != float("inf"):  # a single step: show its effect
                    reading(step)
            elif isinstance(event, TERMINAL_EVENTS) and step != read_step and self._period != float("inf"):
                reading(step)  # the final weights, which the saved run shows again
            yield event


__all__ = ["BUDGET", "DIAGNOSIS_HZ", "DiagnosisFrame", "DiagnosisPlan", "RegionFrame"]
