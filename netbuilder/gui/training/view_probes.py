"""What the live views need from the model, computed in the worker thread on a consistent snapshot.

:func:`plan_views` looks at the dataset and graph once per run and returns a :class:`ViewPlan` whose
``setup`` (points, target curve) is sent once and whose :meth:`ViewPlan.frame` is called on every probe.
Only plain numpy arrays leave the worker, so the GUI thread never touches the model while it trains.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from netbuilder.core.graph import Graph
from netbuilder.data.dataset import Dataset
from netbuilder.data.splits import apply_normalization
from netbuilder.data.toy2d import featurize
from netbuilder.model.compiler import final_activation

log = logging.getLogger(__name__)

GRID = 100  # decision grid resolution (100×100, as TensorFlow Playground)
THUMB = 24  # activation-map thumbnail resolution
CURVE_POINTS = 400  # x samples of the hinge view
MAX_THUMB_UNITS = 16
ACTIVATIONS = {"ReLU", "Tanh", "Sigmoid", "LeakyReLU", "ELU", "GELU", "SiLU", "Activation"}


@dataclass
class DecisionSetup:
    train_xy: np.ndarray
    train_labels: np.ndarray
    test_xy: np.ndarray | None
    test_labels: np.ndarray | None
    extent: float
    num_classes: int


@dataclass
class DecisionFrame:
    probs: np.ndarray  # (GRID, GRID, C), rows along x2
    extent: float
    activations: dict[str, np.ndarray] = field(default_factory=dict)  # node id -> (units, THUMB, THUMB)


@dataclass
class HingeSetup:
    x: np.ndarray
    target: np.ndarray | None
    data_x: np.ndarray
    data_y: np.ndarray


@dataclass
class HingeFrame:
    x: np.ndarray
    prediction: np.ndarray
    hinges: np.ndarray  # (units, len(x))
    kinks: np.ndarray  # (units,) in data coordinates, nan when w = 0
    dead: np.ndarray  # (units,) bool: never active on the training inputs
    breakpoints: np.ndarray | None  # whole-function kinks when the net is deeper than one hidden layer
    unit_node: str  # the node whose units the hinges are (for canvas highlighting)
    activations: dict[str, np.ndarray] = field(default_factory=dict)  # node id -> (units, len(x))


def _to_probabilities(out: torch.Tensor, kind: str | None) -> torch.Tensor:
    if kind in ("Softmax", "Sigmoid") and out.shape[-1] > 1:
        return out
    if out.shape[-1] == 1:
        p = out if kind == "Sigmoid" else torch.sigmoid(out)
        return torch.cat([1 - p, p], dim=-1)
    return torch.softmax(out, dim=-1)


def _hidden_activation_nodes(graph: Graph) -> list[str]:
    sink = {n.id for n in graph.sinks()}
    return [n.id for n in graph.topological_order() if n.type in ACTIVATIONS and n.id not in sink]


class _Capture:
    """Forward hooks that record the outputs of some submodules during one forward pass."""

    def __init__(self, model: torch.nn.Module, node_ids: list[str]) -> None:
        self.outputs: dict[str, torch.Tensor] = {}
        self._handles = []
        for node_id in node_ids:
            try:
                module = model.get_submodule(node_id)
            except AttributeError:
                continue
            self._handles.append(module.register_forward_hook(self._hook(node_id)))

    def _hook(self, node_id: str) -> Any:
        def record(_module: torch.nn.Module, _inputs: Any, output: Any) -> None:
            if isinstance(output, torch.Tensor) and output.ndim == 2:
                self.outputs[node_id] = output.detach()

        return record

    def close(self) -> None:
        for handle in self._handles:
            handle.remove()


class ViewPlan:
    """Which live view fits this run ("decision", "hinge" or none) and how to compute its frames."""

    def __init__(self, dataset: Dataset, graph: Graph, target: Callable[[np.ndarray], Any] | None = None) -> None:
        self.dataset = dataset
        self._target = target
        self.kind: str | None = None
        self.setup: DecisionSetup | HingeSetup | None = None
        self._activation_kind, _ = final_activation(graph)
        self._thumb_nodes = _hidden_activation_nodes(graph)
        self._graph = graph
        extras = dataset.extras
        if dataset.is_classification and "points_train" in extras and "features" in extras:
            self.kind = "decision"
            self._setup_decision()
        elif not dataset.is_classification and tuple(dataset.input_shape) == (1,) and dataset.output_size == 1:
            self.kind = "hinge"
            self._setup_hinge()

    # ---- decision boundary ---------------------------------------------------------------------
    def _setup_decision(self) -> None:
        d, extras = self.dataset, self.dataset.extras
        extent = float(extras.get("plane_extent", 6.0))
        test = extras.get("points_test")
        self.setup = DecisionSetup(
            np.asarray(extras["points_train"]),
            d.y_train.numpy(),
            None if test is None else np.asarray(test),
            None if test is None else d.y_test.numpy(),
            extent,
            int(d.num_classes or 2),
        )
        axis = np.linspace(-extent, extent, GRID, dtype=np.float32)
        gx, gy = np.meshgrid(axis, axis)  # row = x2 index, column = x1 index
        plane = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], axis=1))
        self._grid_inputs = apply_normalization(featurize(plane, extras["features"]), d.normalization)
        # Thumbnails use a coarser grid: sample it from the same forward pass.
        step = max(1, GRID // THUMB)
        self._thumb_index = np.arange(GRID)[::step][:THUMB]

    def _decision_frame(self, model: torch.nn.Module) -> DecisionFrame:
        assert isinstance(self.setup, DecisionSetup)
        capture = _Capture(model, self._thumb_nodes)
        try:
            with torch.no_grad():
                out = model(self._grid_inputs)
        finally:
            capture.close()
        probs = _to_probabilities(out, self._activation_kind).reshape(GRID, GRID, -1).numpy()
        maps: dict[str, np.ndarray] = {}
        idx = self._thumb_index
        for node_id, values in capture.outputs.items():
            units = values[:, :MAX_THUMB_UNITS].reshape(GRID, GRID, -1).numpy()
            maps[node_id] = np.ascontiguousarray(units[np.ix_(idx, idx)].transpose(2, 0, 1))
        return DecisionFrame(probs, self.setup.extent, maps)

    # ---- piecewise-ReLU fit --------------------------------------------------------------------
    def _setup_hinge(self) -> None:
        d = self.dataset
        low, high = d.extras.get("x_range", (float(d.x_train.min()), float(d.x_train.max())))
        x = np.linspace(low, high, CURVE_POINTS)
        target = None
        if self._target is not None:
            try:
                target = np.asarray(self._target(x), dtype=np.float64).reshape(-1)
            except Exception:  # the true curve is a nicety: a formula error must not stop training
                log.exception("target function failed")
        raw_x = self._raw(d.x_train).reshape(-1)
        self.setup = HingeSetup(x, target, raw_x, d.y_train.numpy().reshape(-1))
        self._x_tensor = apply_normalization(torch.from_numpy(x.astype(np.float32)).reshape(-1, 1), d.normalization)
        self._train_inputs = d.x_train
        order = [n for n in self._graph.topological_order()]
        self._first_dense = next((n.id for n in order if n.type == "Dense"), None)
        dense_count = sum(1 for n in order if n.type == "Dense")
        self._deep = dense_count > 2
        nxt = self._graph.outputs_of(self._first_dense) if self._first_dense else []
        self._unit_node = nxt[0].dst if len(nxt) == 1 else (self._first_dense or "")

    def _raw(self, x: torch.Tensor) -> np.ndarray:
        """Normalised inputs back to data coordinates."""
        norm = self.dataset.normalization
        values = x.numpy().astype(np.float64)
        if norm is None:
            return values
        return values * float(np.asarray(norm["std"]).reshape(-1)[0]) + float(np.asarray(norm["mean"]).reshape(-1)[0])

    def _hinge_frame(self, model: torch.nn.Module) -> HingeFrame:
        assert isinstance(self.setup, HingeSetup)
        capture = _Capture(model, self._thumb_nodes)
        try:
            with torch.no_grad():
                prediction = model(self._x_tensor).reshape(-1).numpy().astype(np.float64)
        finally:
            capture.close()
        x = self.setup.x
        units = 0
        hinges = np.zeros((0, len(x)))
        kinks = dead = np.zeros(0)
        if self._first_dense is not None:
            first = model.get_submodule(self._first_dense)
            w = first.weight.detach().reshape(-1).double().numpy()
            b = first.bias.detach().double().numpy() if first.bias is not None else np.zeros_like(w)
            units = len(w)
            a = self._output_weights(model, units)
            pre = np.outer(w, self._x_tensor.reshape(-1).double().numpy()) + b[:, None]
            hinges = a[:, None] * np.maximum(pre, 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                kinks_norm = np.where(w != 0, -b / w, np.nan)
            kinks = self._raw(torch.from_numpy(kinks_norm.astype(np.float32)).reshape(-1, 1)).reshape(-1)
            train = self._train_inputs.reshape(-1).double().numpy()
            dead = ~((np.outer(w, train) + b[:, None]) > 0).any(axis=1)
        breakpoints = _breakpoints(x, prediction) if self._deep else None
        acts = {k: v[:, :MAX_THUMB_UNITS].T.numpy() for k, v in capture.outputs.items()}
        return HingeFrame(x, prediction, hinges, kinks, dead.astype(bool), breakpoints, self._unit_node, acts)

    def _output_weights(self, model: torch.nn.Module, units: int) -> np.ndarray:
        """a_i: the next Dense layer's weights when it maps the units straight to one output, else ±1."""
        order = [n.id for n in self._graph.topological_order() if n.type == "Dense"]
        if len(order) == 2:
            weight = model.get_submodule(order[1]).weight.detach().double().numpy()
            if weight.shape == (1, units):
                return weight.reshape(-1)
        return np.ones(units)

    def frame(self, model: torch.nn.Module) -> DecisionFrame | HingeFrame | None:
        if self.kind == "decision":
            return self._decision_frame(model)
        if self.kind == "hinge":
            return self._hinge_frame(model)
        return None


def _breakpoints(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kinks of a piecewise-linear curve sampled on ``x``: where the slope changes noticeably."""
    slope = np.diff(y) / np.diff(x)
    change = np.abs(np.diff(slope))
    scale = max(float(np.abs(slope).max(initial=0.0)), 1e-9)
    idx = np.nonzero(change > 1e-3 * scale)[0]
    if not len(idx):
        return np.zeros(0)
    # Neighbouring samples straddling one kink both trigger: keep one per run of indices.
    keep = idx[np.insert(np.diff(idx) > 1, 0, True)]
    return x[keep + 1]


@dataclass
class Report:
    """After training: the test split's confusion matrix or predicted-vs-true values, and metrics."""

    task: str
    split: str
    metrics: dict[str, float]
    confusion: np.ndarray | None = None
    class_names: list[str] | None = None
    y_true: np.ndarray | None = None
    y_pred: np.ndarray | None = None


def make_report(model: torch.nn.Module, dataset: Dataset) -> Report | None:
    """Evaluate ``model`` on the test split (validation, then train, when the test split is empty)."""
    from netbuilder.training.metrics import classification_metrics, confusion_matrix, regression_metrics

    for split in ("test", "val", "train"):
        x, y = dataset.split(split)
        if len(x):
            break
    else:
        return None
    model.eval()
    with torch.no_grad():
        out = torch.cat([model(chunk) for chunk in torch.split(x, 8192)])
    if dataset.is_classification:
        pred = (out.reshape(-1) > (0.5 if out.min() >= 0 else 0.0)).long() if out.shape[-1] == 1 else out.argmax(-1)
        classes = int(dataset.num_classes or int(out.shape[-1]))
        truth = y.numpy()
        return Report(
            "classification",
            split,
            classification_metrics(truth, pred.numpy(), classes),
            confusion=confusion_matrix(truth, pred.numpy(), classes),
            class_names=list(dataset.class_names or [str(i) for i in range(classes)]),
        )
    truth, guess = y.numpy().reshape(len(y), -1), out.numpy().reshape(len(y), -1)
    return Report("regression", split, regression_metrics(truth, guess), y_true=truth, y_pred=guess)
