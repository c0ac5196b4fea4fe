"""The views that look inside a network (neurons, convolutions, recurrent states, attention): which of
them fit a project, and their frames, computed in the training process next to the decision/hinge view.

:func:`inside_views` is the one rule for which of these views fits a network and its data (the GUI
offers exactly these docks; ``netbuilder plot --list`` lists them). :class:`InsidePlan` is made once
per run: it picks the samples the views show (a few test samples, one per class first) and, on every
probe, packs the probes of :mod:`netbuilder.training.probes` into one :class:`InsideFrame` of numpy
arrays (float16 where only a picture is made of them, to keep the pipe light).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from netbuilder.core.graph import Graph
from netbuilder.data.dataset import Dataset
from netbuilder.data.splits import apply_normalization
from netbuilder.training.probes import attention, conv, neurons, recurrent
from netbuilder.training.probes.capture import capture_outputs
from netbuilder.training.probes.grid import take_every
from netbuilder.training.probes.views import function_range, plane_featurizer

log = logging.getLogger(__name__)

SAMPLES = 8  # test samples the image/sequence views offer to choose from
PLANE_GRID = 100  # the decision grid's resolution: the neuron maps are a 32×32 choice of its points
NEURON_GRID = 32  # plane resolution of a neuron tile (32×32 reads well at 64 px, and draws in half the time of 48×48)
NEURON_CURVE = 100
MAX_UNITS = 32  # units drawn per layer; larger layers are summarised ("+ N more")
MAX_CHANNELS = 64  # feature-map channels sent per layer (all of them in the seed CNN, so any value can be explained)
GALLERY = 24  # misclassified test images sent at most
GALLERY_POOL = 256  # test samples searched for mistakes
GALLERY_SECONDS = 5.0  # the gallery needs a pass over the pool (~40 ms for the seed CNN): at most this often
# No pacing of its own here: the batcher spaces probes by their measured cost (cost / share, see
# runner.batching), which includes these frames. A second budget here skipped frames at random, the
# final one too: the views then kept a frame older than the run's weights.
DENSE_ONLY = {"Input", "Dense", "ReLU", "Tanh", "Sigmoid", "LeakyReLU", "ELU", "GELU", "SiLU", "Softmax",
              "Activation", "Dropout"}  # fmt: skip
RECURRENT = {"RNN", "LSTM", "GRU"}
ATTENTION = {"MultiheadAttention", "TransformerEncoderLayer"}

#: Every view of this module, in the order docks and ``--list`` show them.
INSIDE_VIEWS = ("neurons", "filters", "feature-maps", "saliency", "misclassified", "hidden-states", "attention")
IMAGE_VIEW_NAMES = frozenset({"filters", "feature-maps", "saliency", "misclassified"})  # one image frame feeds them


def _input_shape(graph: Graph, dataset: Dataset | None) -> tuple[int, ...]:
    if dataset is not None:
        return tuple(dataset.input_shape)
    for node in graph.topological_order():
        if node.type == "Input":
            return tuple(int(s) for s in node.params.get("shape", ()))
    return ()


def inside_views(graph: Graph, dataset: Dataset | None) -> list[str]:
    """The inside views that fit this network and data, in :data:`INSIDE_VIEWS` order."""
    types = {n.type for n in graph.nodes}
    shape = _input_shape(graph, dataset)
    classification = dataset is None or dataset.is_classification
    found = []
    chain = all(len(graph.inputs_of(n.id)) <= 1 for n in graph.topological_order())
    if "Dense" in types and types <= DENSE_ONLY and chain and shape in ((1,), (2,)):
        found.append("neurons")
    if "Conv2d" in types:
        found.append("filters")
        if len(shape) == 3:
            found.append("feature-maps")
            if classification:
                found += ["saliency", "misclassified"]
    if types & RECURRENT:
        found.append("hidden-states")
    if types & ATTENTION:
        found.append("attention")
    return found


@dataclass(frozen=True)
class NeuronsFrame:
    kind: str  # "plane" (2 inputs: maps) or "curve" (1 input: response curves)
    input_names: list[str]
    input_values: np.ndarray  # (inputs, G, G) or (inputs, G): the features themselves over the grid
    axis: np.ndarray  # (G,) raw coordinates of the grid along each axis
    layers: list[neurons.NeuronLayer]
    total_units: dict[str, int]  # dense node -> its real unit count (the frame may hold fewer)


@dataclass(frozen=True)
class ImageFrame:
    samples: np.ndarray  # (K,) indexes into the test split
    images: np.ndarray  # (K, C, H, W) float16, the inputs as the model saw them
    labels: np.ndarray  # (K,)
    output: np.ndarray  # (K, classes) float32
    probabilities: bool  # True when ``output`` is already probabilities (the model ends in Softmax)
    layer_order: list[str]
    maps: dict[str, np.ndarray]  # layer -> (K, C', H', W') float16, C' ≤ MAX_CHANNELS
    channels: dict[str, int]  # layer -> real channel count
    saliency: np.ndarray | None  # (K, H, W) float32; None when nobody watched the saliency view
    filters: dict[str, np.ndarray]  # conv -> (out, in, kh, kw) float32
    conv_geometry: dict[str, tuple[int, int, int, int]]  # conv -> (stride_h, stride_w, pad_h, pad_w)
    conv_source: dict[str, str | None]  # conv -> the captured layer it reads ("" = the image), None: unknown
    biases: dict[str, np.ndarray]  # conv -> (out,)
    class_names: list[str]
    mistakes: np.ndarray | None = None  # (M,) test indexes, None until the gallery is first computed
    mistake_images: np.ndarray | None = None  # (M, C, H, W) float16
    mistake_true: np.ndarray | None = None
    mistake_pred: np.ndarray | None = None
    mistakes_checked: int = 0  # how many test samples the gallery searched

    def holds(self, view: str) -> bool:
        """Whether this frame carries what ``view`` draws: a frame made while a view was out of sight
        leaves that view's part out (the feature maps, the saliency)."""
        if view == "feature-maps":
            return bool(self.maps) or not self.layer_order
        if view == "saliency":
            return self.saliency is not None
        if view == "misclassified":
            return self.mistakes is not None
        if view == "filters":
            return set(self.filters) == set(self.conv_geometry)
        return True


@dataclass(frozen=True)
class SequenceFrame:
    samples: np.ndarray  # (K,) test indexes
    inputs: np.ndarray  # (K, T, F) (token ids as floats)
    targets: np.ndarray  # (K, outputs) regression targets, or (K,) classes
    output: np.ndarray  # (K, outputs)
    task: str
    traces: dict[str, recurrent.RecurrentTrace] = field(default_factory=dict)
    attention: dict[str, np.ndarray] = field(default_factory=dict)  # layer -> (K, heads, T, T)


@dataclass(frozen=True)
class InsideFrame:
    views: tuple[str, ...]
    neurons: NeuronsFrame | None = None
    images: ImageFrame | None = None
    sequences: SequenceFrame | None = None
    seconds: float = 0.0  # what computing this frame cost the training process


class SampleChoice:
    """The test sample a person picked to look at; set by the process's command thread, read by probes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: int | None = None
        self._changed = False

    def set(self, index: int) -> None:
        with self._lock:
            self._index, self._changed = int(index), True

    @property
    def index(self) -> int | None:
        return self._index

    def take_change(self) -> int | None:
        """The newly picked index, once; None when nothing changed since the last call."""
        with self._lock:
            changed, self._changed = self._changed, False
            return self._index if changed else None


#: The training process's choice (one job runs at a time; a new job starts with the last choice).
CHOSEN = SampleChoice()


class WatchedViews:
    """The inside views on screen, set by the command listener: the others are not computed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: frozenset[str] | None = None  # None: every view

    def set(self, names: tuple[str, ...] | None) -> None:
        with self._lock:
            self._names = None if names is None else frozenset(names)

    def wants(self, *views: str) -> bool:
        names = self._names
        return names is None or any(view in names for view in views)


WATCHED = WatchedViews()


def pick_samples(dataset: Dataset, count: int = SAMPLES, first: int | None = None) -> np.ndarray:
    """Test samples to show: ``first`` if given, then one per class (classification), then in order."""
    n = int(dataset.x_test.shape[0])
    if n == 0:
        return np.empty(0, dtype=np.int64)
    chosen: list[int] = [] if first is None else [int(first) % n]
    if dataset.is_classification:
        labels = dataset.y_test.numpy()
        for k in np.unique(labels):
            hit = int(np.flatnonzero(labels == k)[0])
            if hit not in chosen:
                chosen.append(hit)
    chosen += [i for i in range(n) if i not in chosen][: max(0, count - len(chosen))]
    return np.asarray(chosen[:count], dtype=np.int64)


class InsidePlan:
    """The inside views of one run and how to compute their frames (see the module docstring)."""

    def __init__(self, dataset: Dataset, graph: Graph, *, first_sample: int | None = None) -> None:
        self.dataset = dataset
        self.graph = graph
        self.views = tuple(inside_views(graph, dataset))
        self.samples = pick_samples(dataset, first=first_sample)
        self._gallery: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] | None = None
        self._gallery_at = -np.inf
        self._gallery_cost = 0.0
        self._neuron_inputs: tuple[torch.Tensor, np.ndarray, np.ndarray, list[str], str] | None = None
        self.plane_take = take_every(PLANE_GRID, NEURON_GRID)  # the neuron grid among the decision grid's points
        self._layers: tuple[list[str], list[str], dict[str, str | None]] | None = None
        self._dense: list[neurons.DenseUnits] | None = None
        if "neurons" in self.views:
            self._neuron_inputs = self._neuron_grid()

    def _neuron_grid(self) -> tuple[torch.Tensor, np.ndarray, np.ndarray, list[str], str]:
        d = self.dataset
        if "points_train" in d.extras and "features" in d.extras:
            featurize, extent = plane_featurizer(d)
            # Points of the decision grid: a run probes both in one forward pass (ViewPlan.frames).
            picked = np.round(np.linspace(0, PLANE_GRID - 1, NEURON_GRID)).astype(np.int64)
            axis: np.ndarray = np.linspace(-extent, extent, PLANE_GRID, dtype=np.float32)[picked]
            gx, gy = np.meshgrid(axis, axis)  # rows along x2, as the decision plot
            points = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
            inputs = featurize(points)
            names = [str(f) for f in d.extras["features"]]
            values = inputs.T.reshape(-1, NEURON_GRID, NEURON_GRID).numpy()
            return inputs, axis, values, names, "plane"
        if tuple(d.input_shape) == (1,):
            low, high = function_range(d)
            axis = np.linspace(low, high, NEURON_CURVE)
            raw = torch.from_numpy(axis.astype(np.float32)).reshape(-1, 1)
            inputs = apply_normalization(raw, d.normalization) if "x_range" in d.extras else raw
            return inputs, axis, inputs.T.numpy(), ["x"], "curve"
        # two features of a table: a plane over the range the training inputs span (model space)
        x = d.x_train.reshape(len(d.x_train), -1).float()
        least, most = x.min(0).values, x.max(0).values
        pad = (most - least).clamp(min=1e-3) * 0.25
        a = torch.linspace(float(least[0] - pad[0]), float(most[0] + pad[0]), NEURON_GRID)
        b = torch.linspace(float(least[1] - pad[1]), float(most[1] + pad[1]), NEURON_GRID)
        ga, gb = torch.meshgrid(a, b, indexing="xy")
        inputs = torch.stack([ga.ravel(), gb.ravel()], 1)
        values = inputs.T.reshape(-1, NEURON_GRID, NEURON_GRID).numpy()
        return inputs, a.numpy(), values, neurons.input_names(2), "plane"

    # ---- frames ------------------------------------------------------------------------------------
    def _dense_units(self, model: torch.nn.Module) -> list[neurons.DenseUnits]:
        if self._dense is None:  # the graph does not change during a run: read it once
            self._dense = neurons.dense_layers(model)
        return self._dense

    def neuron_names(self, model: torch.nn.Module) -> set[str]:
        """The submodules a pass over the grid must hook for the neuron maps."""
        return neurons.neuron_names(model, self._dense_units(model))

    @property
    def shares_plane(self) -> bool:
        """Whether the neuron maps are points of the decision grid (2-D toy data): then one forward pass
        over that grid gives both (pass its outputs as ``frame(plane=...)``)."""
        d = self.dataset
        return self._neuron_inputs is not None and "points_train" in d.extras and "features" in d.extras

    def frame(
        self,
        model: torch.nn.Module,
        choice: SampleChoice | None = None,
        plane: dict[str, torch.Tensor] | None = None,
    ) -> InsideFrame | None:
        """The frame of the watched views; ``plane``: outputs of a forward pass over the decision grid
        with hooks on :func:`~netbuilder.training.probes.neurons.neuron_names` (see :attr:`shares_plane`)."""
        if not self.views:
            return None
        started = time.perf_counter()
        picked = choice.take_change() if choice is not None else None
        if picked is not None:
            self.samples = pick_samples(self.dataset, first=picked)
        views, wants = set(self.views), WATCHED.wants
        neuron_frame = self._neurons(model, plane) if "neurons" in views and wants("neurons") else None
        image_views = IMAGE_VIEW_NAMES & views
        image_frame = None
        if image_views and wants(*image_views):
            # Each part only when its view is on screen (or when nothing says which are: every part).
            image_frame = self._images(model, {view for view in image_views if wants(view)})
        sequence_views = {"hidden-states", "attention"} & views
        sequence_frame = self._sequences(model) if sequence_views and wants(*sequence_views) else None
        seconds = time.perf_counter() - started
        return InsideFrame(self.views, neuron_frame, image_frame, sequence_frame, seconds)

    def _neurons(self, model: torch.nn.Module, plane: dict[str, torch.Tensor] | None = None) -> NeuronsFrame:
        assert self._neuron_inputs is not None
        inputs, axis, values, names, kind = self._neuron_inputs
        shape = (NEURON_GRID, NEURON_GRID) if kind == "plane" else (len(axis),)
        units = self._dense_units(model)
        if plane is None or not self.shares_plane:
            _, plane = capture_outputs(model, inputs, names=self.neuron_names(model))
            take = None
        else:
            take = self.plane_take
        layers = neurons.layers_from(model, plane, shape, MAX_UNITS, take=take, units=units)
        totals = {u.dense: int(model.get_submodule(u.dense).get_parameter("weight").shape[0]) for u in units}
        return NeuronsFrame(kind, names, values, axis, layers, totals)

    def _structure(self, model: torch.nn.Module) -> tuple[list[str], list[str], dict[str, str | None]]:
        """(convolutions, map layers, what each convolution reads) of ``model``: found once per run."""
        if self._layers is None:
            order = conv.map_layers(model)
            self._layers = (conv.conv_layers(model), order, self._conv_sources(model, order))
        return self._layers

    def _images(self, model: torch.nn.Module, parts: set[str]) -> ImageFrame:
        """The image views' frame with the parts of ``parts`` (view names): the filters (a quarter MB for
        the seed CNN), the feature maps and output, the saliency (a backward pass), the gallery."""
        d = self.dataset
        convs, order, sources = self._structure(model)
        filters, biases, geometry = {}, {}, {}
        for name in convs:
            layer = model.get_submodule(name)
            assert isinstance(layer, torch.nn.Conv2d)
            if "filters" in parts or "feature-maps" in parts:  # drawn, or read to explain a value
                filters[name] = conv.conv_filters(model, name)  # ~230 KB a frame for the seed CNN
            biases[name] = (
                layer.bias.detach().numpy().copy() if layer.bias is not None else np.zeros(layer.out_channels)
            )
            pad = layer.padding if isinstance(layer.padding, tuple) else (0, 0)
            geometry[name] = (int(layer.stride[0]), int(layer.stride[1]), int(pad[0]), int(pad[1]))
        x = d.x_test[torch.from_numpy(self.samples)] if len(self.samples) else d.x_test[:0]
        if x.ndim != 4 or not len(x):
            empty = np.empty(0)
            return ImageFrame(self.samples, empty, empty, empty, False, [], {}, {}, empty, filters, geometry, {},
                              biases, list(d.class_names or []))  # fmt: skip
        saliency = "saliency" in parts
        maps: dict[str, np.ndarray] = {}
        channels: dict[str, int] = {}
        output, gradient_x_input = np.empty((len(x), 0), dtype=np.float32), None
        if saliency or "feature-maps" in parts:
            probe = conv.image_probe(model, x, order if "feature-maps" in parts else [], saliency=saliency)
            # float16 halves the pipe; torch casts ~3× faster than numpy's astype
            maps = {k: torch.from_numpy(v[:, :MAX_CHANNELS]).to(torch.float16).numpy() for k, v in probe.maps.items()}
            channels = {k: int(v.shape[1]) for k, v in probe.maps.items()}
            output = probe.output.astype(np.float32)
            gradient_x_input = None if probe.saliency is None else probe.saliency.astype(np.float32)
        if "misclassified" in parts or self._gallery is None:
            mistakes = self._mistakes(model) if "misclassified" in parts else None
        else:
            mistakes = self._gallery  # the last gallery, kept while nobody looks at it
        names = list(d.class_names or [str(i) for i in range(int(d.num_classes or output.shape[1]))])
        return ImageFrame(
            self.samples,
            x.numpy().astype(np.float16),
            d.y_test[torch.from_numpy(self.samples)].numpy(),
            output,
            self._ends_in_softmax(),
            order,
            maps,
            channels,
            gradient_x_input,
            filters,
            geometry,
            sources,
            biases,
            names,
            *(mistakes if mistakes is not None else (None, None, None, None, 0)),
        )

    def _ends_in_softmax(self) -> bool:
        sinks = self.graph.sinks()
        return bool(sinks) and sinks[0].type == "Softmax"

    def _conv_sources(self, model: torch.nn.Module, order: list[str]) -> dict[str, str | None]:
        """For each conv, the captured tensor it reads: "" for the model input, a map layer, or None."""
        graph = model.graph if isinstance(model, torch.fx.GraphModule) else torch.fx.symbolic_trace(model).graph
        found: dict[str, str | None] = {}
        for node in graph.nodes:
            if node.op != "call_module" or not isinstance(model.get_submodule(str(node.target)), torch.nn.Conv2d):
                continue
            source = node.args[0] if node.args else None
            if isinstance(source, torch.fx.Node) and source.op == "placeholder":
                found[str(node.target)] = ""
            elif isinstance(source, torch.fx.Node) and source.op == "call_module" and str(source.target) in order:
                found[str(node.target)] = str(source.target)
            else:
                found[str(node.target)] = None
        return found

    def _mistakes(self, model: torch.nn.Module) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] | None:
        """The misclassified gallery, recomputed at most every max(2 s, 20 × its own cost)."""
        now = time.perf_counter()
        if now - self._gallery_at < max(GALLERY_SECONDS, 20 * self._gallery_cost) and self._gallery is not None:
            return self._gallery
        x, y = self.dataset.x_test[:GALLERY_POOL], self.dataset.y_test[:GALLERY_POOL].numpy()
        predicted = conv.predictions(model, x)
        wrong = np.flatnonzero(predicted != y)[:GALLERY]
        self._gallery = (
            wrong,
            x[torch.from_numpy(wrong)].numpy().astype(np.float16),
            y[wrong],
            predicted[wrong],
            len(x),
        )
        self._gallery_at = time.perf_counter()
        self._gallery_cost = self._gallery_at - now
        return self._gallery

    def _sequences(self, model: torch.nn.Module) -> SequenceFrame:
        d = self.dataset
        index = torch.from_numpy(self.samples)
        x = d.x_test[index]
        traces = {}
        for name in recurrent.recurrent_layers(model):
            try:
                traces[name] = recurrent.recurrent_trace(model, name, x)
            except TypeError:  # a variant the tracer does not follow (LSTM projections): no view for it
                log.info("no trace for %s", name)
        weights = attention.attention_weights(model, x) if "attention" in self.views else {}
        with torch.no_grad():
            was_training = model.training
            model.eval()
            output = model(x)
            model.train(was_training)
        inputs = x.float().numpy()
        if inputs.ndim == 2:
            inputs = inputs[..., None]
        return SequenceFrame(
            self.samples, inputs, d.y_test[index].numpy(), output.numpy(), d.task, traces,
            {k: v.astype(np.float32) for k, v in weights.items()},
        )  # fmt: skip


def describe(frame: InsideFrame) -> dict[str, Any]:
    """A short summary of a frame (for logs and benchmarks)."""
    return {"views": frame.views, "seconds": round(frame.seconds, 4)}
