"""Which live view fits a run, and the numbers it needs, computed next to the training loop.

The probing itself is :mod:`netbuilder.training.probes` (one implementation for the GUI, the CLI and
the tests); this module decides, once per run, which view fits the data (:func:`view_kind`, the one
rule the GUI also uses to raise a dock) and packs the probes' results into plain arrays.

A :class:`ViewPlan` is made in the training process when a run starts: its ``setup`` (points, target
curve) is sent once, and :meth:`ViewPlan.frame` is called on every ``Snapshot`` (the generator is
suspended, so the model is consistent). Only numpy arrays leave the process: the GUI never touches
the model while it trains.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.data.dataset import Dataset
from netbuilder.data.splits import apply_normalization
from netbuilder.training import probes
from netbuilder.training.errors import TrainingError
from netbuilder.training.probes.grid import plane_inputs, plane_pass_over, take_every
from netbuilder.training.runner.colors import probabilities_to_rgb
from netbuilder.training.runner.inside import CHOSEN, PLANE_GRID, WATCHED, InsideFrame, InsidePlan

log = logging.getLogger(__name__)

GRID = PLANE_GRID  # decision grid resolution (100×100, as TensorFlow Playground)
THUMB = 24  # activation-map thumbnail resolution
CURVE_POINTS = 400  # x samples of the hinge view
MAX_THUMB_UNITS = 16
BREAKPOINT_GRID = CURVE_POINTS  # the engine refines each kink by bisection; the view needs no finer grid
ACTIVATIONS = {"ReLU", "Tanh", "Sigmoid", "LeakyReLU", "ELU", "GELU", "SiLU", "Activation"}


@dataclass(frozen=True)
class DecisionSetup:
    train_xy: np.ndarray
    train_labels: np.ndarray
    test_xy: np.ndarray | None
    test_labels: np.ndarray | None
    extent: float
    num_classes: int


@dataclass(frozen=True)
class DecisionFrame:
    probs: np.ndarray | None  # (GRID, GRID, C), rows along x2; None on its way to the GUI (see sent)
    extent: float
    activations: dict[str, np.ndarray] = field(default_factory=dict)  # node id -> (units, THUMB, THUMB)
    # The colour field, (GRID, GRID, 3) uint8, computed here in the worker: probabilities_to_rgb was
    # 0.4-0.7 ms of GUI-thread Python per probe. None (frames built elsewhere): the plot colours probs.
    rgb: np.ndarray | None = None

    def sent(self) -> DecisionFrame:
        """This frame as the training process sends it: the GUI draws the colour field, so the
        probabilities (80 KB of a ~330 KB frame for two classes) stay here."""
        return replace(self, probs=None) if self.rgb is not None else self


@dataclass(frozen=True)
class HingeSetup:
    x: np.ndarray
    target: np.ndarray | None
    data_x: np.ndarray
    data_y: np.ndarray


@dataclass(frozen=True)
class HingeFrame:
    x: np.ndarray
    prediction: np.ndarray
    hinges: np.ndarray  # (units, len(x))
    kinks: np.ndarray  # (units,) in data coordinates, nan when w = 0
    dead: np.ndarray  # (units,) bool: never active on the training inputs
    breakpoints: np.ndarray | None  # whole-function kinks when the net is deeper than one hidden layer
    unit_node: str  # the node whose units the hinges are (for canvas highlighting)
    activations: dict[str, np.ndarray] = field(default_factory=dict)  # node id -> (units, len(x))


def _hidden_activation_nodes(graph: Graph) -> list[str]:
    sink = {n.id for n in graph.sinks()}
    return [n.id for n in graph.topological_order() if n.type in ACTIVATIONS and n.id not in sink]


def _existing(model: torch.nn.Module, names: list[str]) -> list[str]:
    """The names that are submodules of ``model`` (a folded final activation, say, is not)."""
    found = []
    for name in names:
        try:
            model.get_submodule(name)
        except AttributeError:
            continue
        found.append(name)
    return found


def _unit_curves(dense: torch.nn.Module) -> torch.nn.Module:
    """``dense`` → ReLU → a sum with weight 1: the engine's hinge decomposition of this proxy gives
    each first-layer unit's own ``ReLU(w·x + b)`` when the real network is deeper than 1→n→1."""
    weight = dense.get_parameter("weight")
    head = torch.nn.Linear(int(weight.shape[0]), 1)
    with torch.no_grad():
        head.weight.fill_(1.0)
        head.bias.zero_()
    return torch.nn.Sequential(dense, torch.nn.ReLU(), head)


def target_for(project: Project) -> Any:
    """The true 1-D curve of a function dataset, for the hinge view; None for other kinds."""
    if project.dataset.get("kind") != "function":
        return None
    from netbuilder.data.functions import target_function

    try:
        return target_function(project.dataset)
    except Exception:
        return None


def view_kind(dataset: Dataset | None) -> str | None:
    """The live view that fits ``dataset``: "decision" (classes over 2-D points), "hinge" (one input,
    one regression output) or None."""
    if dataset is None:
        return None
    if dataset.is_classification and "points_train" in dataset.extras and "features" in dataset.extras:
        return "decision"
    if not dataset.is_classification and tuple(dataset.input_shape) == (1,) and dataset.output_size == 1:
        return "hinge"
    return None


class ViewPlan:
    """Which live view fits this run ("decision", "hinge" or none) and how to compute its frames.

    The numbers come from :mod:`netbuilder.training.probes`; this class only decides what to probe
    once per run and packs the results into plain arrays for the GUI thread.
    """

    def __init__(self, dataset: Dataset, graph: Graph, target: Callable[[np.ndarray], Any] | None = None) -> None:
        self.dataset = dataset
        self._target = target
        self.kind: str | None = None
        self.setup: DecisionSetup | HingeSetup | None = None
        self._thumb_nodes = _hidden_activation_nodes(graph)
        self._thumbs_checked = False
        self._thumb_take = take_every(GRID, THUMB)  # the thumbnails' points among the decision grid's
        self._plane: tuple[np.ndarray, np.ndarray, torch.Tensor] | None = None  # the grid's model inputs
        self._graph = graph
        self.kind = view_kind(dataset)
        self.inside: InsidePlan | None = None  # the neuron/conv/recurrent/attention views' plan, if any fit
        if self.kind == "decision":
            self._setup_decision()
        elif self.kind == "hinge":
            self._setup_hinge()

    def _thumbs(self, model: torch.nn.Module) -> list[str]:
        if not self._thumbs_checked:
            self._thumb_nodes = _existing(model, self._thumb_nodes)
            self._thumbs_checked = True
        return self._thumb_nodes

    # ---- decision boundary ---------------------------------------------------------------------
    def _setup_decision(self) -> None:
        d, extras = self.dataset, self.dataset.extras
        self._featurize, extent = probes.plane_featurizer(d)
        test = extras.get("points_test")
        self.setup = DecisionSetup(
            np.asarray(extras["points_train"]),
            d.y_train.numpy(),
            None if test is None else np.asarray(test),
            None if test is None else d.y_test.numpy(),
            extent,
            int(d.num_classes or 2),
        )

    def _decision_frame(
        self, model: torch.nn.Module, extra: set[str] | None = None
    ) -> tuple[DecisionFrame, dict[str, torch.Tensor]]:
        """The frame, and the outputs of the thumbnail nodes and of ``extra`` over the grid: one forward
        pass gives the boundary, the thumbnails (a 24×24 choice of the grid's points) and, through
        ``extra``, the neuron maps (three passes over three grids cost 3.1 ms a probe for spiral)."""
        assert isinstance(self.setup, DecisionSetup)
        extent = self.setup.extent
        names = self._thumbs(model)
        if self._plane is None:
            self._plane = plane_inputs(model, extent, GRID, self._featurize)
        grid, captured = plane_pass_over(model, *self._plane, sorted(set(names) | (extra or set())))
        maps: dict[str, np.ndarray] = {}
        take = torch.from_numpy(self._thumb_take)
        for name in names:
            value = captured.get(name)
            if value is not None and value.ndim == 2:
                units = min(int(value.shape[1]), MAX_THUMB_UNITS)
                picked = value[:, :units].T.index_select(1, take)  # (units, points): see neurons.layers_from
                maps[name] = np.ascontiguousarray(picked.reshape(units, THUMB, THUMB).cpu().numpy())
        return DecisionFrame(grid.probs, extent, maps, probabilities_to_rgb(np.asarray(grid.probs))), captured

    # ---- piecewise-ReLU fit --------------------------------------------------------------------
    def _setup_hinge(self) -> None:
        d = self.dataset
        self._range = probes.function_range(d)
        self._scaling = probes.input_scaling(d)
        x = np.linspace(*self._range, CURVE_POINTS)
        target = None
        if self._target is not None:
            try:
                target = np.asarray(self._target(x), dtype=np.float64).reshape(-1)
            except Exception:  # the true curve is a nicety: a formula error must not stop training
                log.exception("target function failed")
        mean, std = self._scaling if self._scaling is not None else (0.0, 1.0)
        raw_x = d.x_train.numpy().astype(np.float64).reshape(-1) * std + mean
        self.setup = HingeSetup(x, target, raw_x, d.y_train.numpy().reshape(-1))
        self._x_tensor = apply_normalization(torch.from_numpy(x.astype(np.float32)).reshape(-1, 1), d.normalization)
        order = self._graph.topological_order()
        self._first_dense = next((n.id for n in order if n.type == "Dense"), None)
        self._deep = sum(1 for n in order if n.type == "Dense") > 2
        nxt = self._graph.outputs_of(self._first_dense) if self._first_dense else []
        self._unit_node = nxt[0].dst if len(nxt) == 1 else (self._first_dense or "")

    def _hinge_probe(self, model: torch.nn.Module) -> probes.HingeProbe | None:
        if self._first_dense is None:
            return None
        subject = _unit_curves(model.get_submodule(self._first_dense)) if self._deep else model
        try:
            return probes.hinge_decomposition(subject, *self._range, CURVE_POINTS, scaling=self._scaling)
        except TrainingError:  # no Dense → ReLU → Dense (a Tanh net, say): show the prediction only
            return None

    def _hinge_frame(self, model: torch.nn.Module) -> HingeFrame:
        assert isinstance(self.setup, HingeSetup)
        x = self.setup.x
        out, captured = probes.capture_outputs(model, self._x_tensor, names=self._thumbs(model))
        prediction = out.reshape(-1).double().cpu().numpy()
        probe = self._hinge_probe(model)
        units = probe.units if probe is not None else []
        hinges = np.array([u.contribution for u in units]).reshape(len(units), len(x))
        kinks = np.array([np.nan if u.kink is None else u.kink for u in units], dtype=np.float64)
        dead = np.array([u.dead for u in units], dtype=bool)
        breakpoints = None
        if self._deep:
            breakpoints = np.asarray(probes.breakpoints_1d(model, *self._range, BREAKPOINT_GRID, scaling=self._scaling))
        acts = {k: v[:, :MAX_THUMB_UNITS].T.cpu().numpy() for k, v in captured.items() if v.ndim == 2}
        return HingeFrame(x, prediction, hinges, kinks, dead, breakpoints, self._unit_node, acts)

    def frame(self, model: torch.nn.Module) -> DecisionFrame | HingeFrame | None:
        if self.kind == "decision":
            return self._decision_frame(model)[0]
        if self.kind == "hinge":
            return self._hinge_frame(model)
        return None

    def plan_inside(self, first_sample: int | None = None) -> InsidePlan | None:
        """Plan the inside views (:mod:`.inside`) too; returns the plan, None when none fits."""
        plan = InsidePlan(self.dataset, self._graph, first_sample=first_sample)
        self.inside = plan if plan.views else None
        return self.inside

    def frames(self, model: torch.nn.Module) -> tuple[DecisionFrame | HingeFrame | None, InsideFrame | None]:
        """(the decision/hinge frame, the inside frame): what one probe of the training process sends."""
        inside = self.inside
        if inside is None:
            return self.frame(model), None
        if self.kind == "decision" and inside.shares_plane and WATCHED.wants("neurons"):
            frame, plane = self._decision_frame(model, inside.neuron_names(model))  # one pass for both views
            return frame, inside.frame(model, CHOSEN, plane=plane)
        return self.frame(model), inside.frame(model, CHOSEN)
