"""The compression lab: variants of one trained network, each measured the same way.

:class:`CompressionLab` takes a project and its trained weights and builds, on demand, the float
reference, the int8 variant, the pruned variants (unstructured, structured) and a distilled student
(with the student trained from scratch on the same budget beside it). Every :class:`Variant` carries
the module, the graph it computes (smaller after structured pruning or distillation), and its measured
size, non-zero parameters, latency and test metric with the change against float. The CLI, the GUI
panel and the tests all use this one class.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.data import Dataset
from netbuilder.model.compiler import compile_graph, final_activation
from netbuilder.training.checkpoint import check_state, state_to_cpu
from netbuilder.training.compression.distill import (
    Cancelled,
    CompressionCancelled,
    DistillSettings,
    propose_student,
    teacher_outputs,
    train_loop,
)
from netbuilder.training.compression.measure import (
    LATENCY_BATCH,
    Metric,
    artefact_bytes,
    evaluate_metric,
    latency_ms,
    nonzero_params,
    zipped_size,
)
from netbuilder.training.compression.prune import prune_global, prune_structured, sparsity_of
from netbuilder.training.compression.quantize import calibration_batches, quantize_int8
from netbuilder.training.errors import TrainingError
from netbuilder.training.session import TrainingSetup, prepare

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
CURVE_SPARSITIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
INT8_FORMATS = ("pt",)
INT8_RECURRENT_NOT_EXPORTABLE = (
    "int8 LSTM/GRU weights are TorchScript objects that torch.load(weights_only=True) refuses, and no other "
    "format holds them: this int8 variant can be measured, not exported"
)
INT8_NOT_EXPORTABLE = (
    "int8 weights are packed torch.ao objects: torch.export (pt2) and the ONNX exporter cannot trace them "
    "(ONNX QDQ needs torchao's PT2E flow), safetensors and generated code hold float tensors only; export as pt"
)


@dataclass
class Variant:
    """One compressed (or reference) version of the network, with what it was measured to cost."""

    key: str  # "float" | "int8" | "pruned" | "structured" | "student" | "scratch"
    label: str
    module: nn.Module
    graph: Graph
    size_bytes: int
    size_zipped: int
    nonzero_params: int
    latency_ms: float
    metric: Metric
    delta: float  # metric − float's metric
    sparsity: float = 0.0  # fraction of prunable weights that are zero
    quantization: str | None = None  # "dynamic" | "static"
    history: list[dict[str, Any]] = field(default_factory=list)  # epochs trained (students, fine-tuning)
    float_module: nn.Module | None = None  # what an int8 variant was quantised from
    notes: list[str] = field(default_factory=list)

    @property
    def formats(self) -> dict[str, str | None]:
        """Export format -> None when it can be exported, else why not."""
        names = ("safetensors", "pt", "pt2", "onnx", "py")
        if self.quantization is None:
            return dict.fromkeys(names)
        if any(n.type in ("LSTM", "GRU") for n in self.graph.nodes):
            return dict.fromkeys(names, INT8_RECURRENT_NOT_EXPORTABLE)
        return {name: None if name in INT8_FORMATS else INT8_NOT_EXPORTABLE for name in names}

    def to_json(self) -> dict[str, Any]:
        return {
            "variant": self.key,
            "label": self.label,
            "size_bytes": self.size_bytes,
            "size_zipped_bytes": self.size_zipped,
            "nonzero_params": self.nonzero_params,
            "latency_ms": round(self.latency_ms, 4),
            "metric": {"name": self.metric.name, "value": self.metric.value},
            "delta": self.delta,
            "sparsity": round(self.sparsity, 6),
            "quantization": self.quantization,
            "layers": layer_sizes(self.graph),
            "epochs_trained": len(self.history),
            "exports": {name: ("ok" if why is None else f"not supported: {why}") for name, why in self.formats.items()},
            "notes": list(self.notes),
        }


def layer_sizes(graph: Graph) -> dict[str, int]:
    """Units of each Dense layer and channels of each convolution: what structured pruning changes."""
    keys = {"Dense": "out_features", "Conv1d": "out_channels", "Conv2d": "out_channels"}
    return {n.id: int(n.params[keys[n.type]]) for n in graph.topological_order() if n.type in keys}


def _project_with(project: Project, graph: Graph) -> Project:
    return Project(
        graph=graph,
        name=project.name,
        description=project.description,
        dataset=dict(project.dataset),
        training=copy.deepcopy(project.training),
        metadata=copy.deepcopy(project.metadata),
    )


class CompressionLab:
    """Builds and measures the variants of ``project``'s network with ``weights`` (see the module docstring)."""

    def __init__(
        self,
        project: Project,
        weights: dict[str, torch.Tensor],
        *,
        dataset: Dataset | None = None,
        base_dir: str | Path | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.project = _project_with(project, project.graph.copy())
        self.setup = prepare(self.project, dataset=dataset, base_dir=base_dir)
        check_state(self.setup.model, dict(weights))
        self.setup.model.load_state_dict(weights)
        self.setup.model.eval()
        self.dataset = self.setup.dataset
        self.cancelled = cancelled or (lambda: False)
        split = next((s for s in ("test", "val", "train") if len(self.dataset.split(s)[0])), None)
        if split is None:
            raise TrainingError("the dataset has no samples to measure the variants on")
        self.split = split
        self.x_test, self.y_test = self.dataset.split(split)
        self.batch = self.x_test[:LATENCY_BATCH]
        self.output_is_probability = final_activation(self.project.graph)[0] is not None
        self.reference: Variant = self.measure("float", "float32", self.setup.model, self.project.graph, reference=True)

    # ---- measuring ------------------------------------------------------------------------------
    def _check(self) -> None:
        if self.cancelled():
            raise CompressionCancelled

    def metric(self, module: nn.Module) -> Metric:
        """The test metric of ``module`` (the number every variant reports)."""
        return evaluate_metric(module, self.x_test, self.y_test, self.dataset.task, self.output_is_probability)

    def measure(
        self, key: str, label: str, module: nn.Module, graph: Graph, *, reference: bool = False, **extra: Any
    ) -> Variant:
        self._check()
        module.eval()
        data = artefact_bytes(module)
        metric = self.metric(module)
        base = metric.value if reference else self.reference.metric.value
        variant = Variant(
            key,
            label,
            module,
            graph,
            size_bytes=len(data),
            size_zipped=zipped_size(data),
            nonzero_params=nonzero_params(module),
            latency_ms=latency_ms(module, self.batch),
            metric=metric,
            delta=metric.value - base,
            sparsity=sparsity_of(module) if extra.get("quantization") is None else 0.0,
            **extra,
        )
        log.info(
            "%s: %d bytes, %.3f ms, %s %.4f", label, variant.size_bytes, variant.latency_ms, metric.name, metric.value
        )
        return variant

    # ---- variants ---------------------------------------------------------------------------------
    def quantized(self) -> Variant:
        calibration = calibration_batches(self.dataset.x_train)
        module, how = quantize_int8(self.setup.model, calibration)
        notes = [
            "static int8 (convolutions and dense layers), calibrated on the first training batches"
            if how == "static"
            else "dynamic int8: Linear/LSTM/GRU weights int8, activations quantised per batch; other layers float"
        ]
        return self.measure(
            "int8",
            f"int8 ({how})",
            module,
            self.project.graph,
            quantization=how,
            notes=notes,
            float_module=self.setup.model,
        )

    def _fine_tune(
        self, graph: Graph, state: dict[str, torch.Tensor], epochs: int, keep_zeros: bool
    ) -> tuple[nn.Module, list[dict[str, Any]]]:
        """Train a copy of ``graph`` with ``state`` for ``epochs`` more (the project's optimiser)."""
        setup = self.student_setup(graph)
        setup.model.load_state_dict(state)
        history = train_loop(setup, epochs, keep_zeros=keep_zeros, cancelled=self.cancelled).history if epochs else []
        return setup.model.eval(), history

    def pruned(self, sparsity: float, fine_tune_epochs: int = 0) -> Variant:
        """Global unstructured magnitude pruning to ``sparsity`` (then ``fine_tune_epochs`` with zeros kept)."""
        module = prune_global(self.setup.model, sparsity)
        history: list[dict[str, Any]] = []
        if fine_tune_epochs:
            module, history = self._fine_tune(self.project.graph, state_to_cpu(module), fine_tune_epochs, True)
        label = f"pruned {sparsity:.0%}" + (f" + {fine_tune_epochs} epochs" if fine_tune_epochs else "")
        notes = ["unstructured: the file only shrinks once compressed (size_zipped_bytes); layer shapes are unchanged"]
        return self.measure("pruned", label, module, self.project.graph, history=history, notes=notes)

    def structured(self, sparsity: float, fine_tune_epochs: int = 0) -> Variant:
        """Structured pruning: ``sparsity`` of each hidden layer's units/channels removed (a smaller graph)."""
        result = prune_structured(self.project.graph, state_to_cpu(self.setup.model), sparsity)
        if not result.removed and sparsity > 0:
            why = "; ".join(f"{k}: {v}" for k, v in result.skipped.items()) or "no Dense or convolution layers"
            raise TrainingError(f"structured pruning found no layer it can shrink ({why})")
        module, history = self._fine_tune(result.graph, result.state, fine_tune_epochs, False)
        label = f"structured {sparsity:.0%}" + (f" + {fine_tune_epochs} epochs" if fine_tune_epochs else "")
        kinds = {n.id: n.type for n in result.graph.nodes}
        notes = [
            f"{k}: {a} → {b} {'units' if kinds[k] == 'Dense' else 'channels'}" for k, (a, b) in result.removed.items()
        ]
        notes += [f"{k} kept whole: {why}" for k, why in result.skipped.items() if k in layer_sizes(result.graph)]
        return self.measure("structured", label, module, result.graph, history=history, notes=notes)

    def student_setup(self, graph: Graph) -> TrainingSetup:
        """A training setup for ``graph`` on the lab's dataset (seeded initial weights)."""
        return prepare(_project_with(self.project, graph.copy()), dataset=self.dataset)

    def check_student(self, graph: Graph) -> None:
        """Refuse a student whose input or output differs from the teacher's."""
        teacher_in = [n.params["shape"] for n in self.project.graph.nodes if n.type == "Input"]
        student_in = [n.params["shape"] for n in graph.nodes if n.type == "Input"]
        if teacher_in != student_in:
            raise TrainingError(f"the student's input {student_in} differs from the teacher's {teacher_in}")
        probe = self.dataset.x_train[:2]
        with torch.no_grad():
            want = tuple(self.setup.model(probe).shape)
            got = tuple(compile_graph(graph)(probe).shape)
        if want != got:
            raise TrainingError(f"the student's output {got[1:]} differs from the teacher's {want[1:]}")

    def distilled(
        self, student: Graph | None = None, settings: DistillSettings | None = None, progress: Progress | None = None
    ) -> tuple[Variant, Variant]:
        """(student trained with the teacher, the same student trained from scratch on the same budget)."""
        settings = settings or DistillSettings(epochs=self.setup.config.epochs)
        graph = student if student is not None else propose_student(self.project.graph)
        self.check_student(graph)
        teacher = teacher_outputs(self.setup, self.dataset.x_train)
        sizes = ", ".join(f"{k} {v}" for k, v in layer_sizes(graph).items())
        variants = []
        for key, with_teacher in (("student", True), ("scratch", False)):
            if progress is not None:
                progress(f"training the student {'with' if with_teacher else 'without'} the teacher")
            setup = self.student_setup(graph)
            loop = train_loop(
                setup,
                settings.epochs,
                teacher=teacher if with_teacher else None,
                settings=settings,
                cancelled=self.cancelled,
            )
            how = f"T={settings.temperature:g}, α={settings.alpha:g}" if with_teacher else "no teacher"
            label = f"student ({how})"
            notes = [f"{sizes}; {settings.epochs} epochs, {loop.seconds:.1f} s"]
            variants.append(self.measure(key, label, setup.model, graph, history=loop.history, notes=notes))
        return variants[0], variants[1]

    def sparsity_curve(
        self, sparsities: tuple[float, ...] = CURVE_SPARSITIES, *, structured: bool = False
    ) -> list[tuple[float, float]]:
        """(sparsity, test metric) pairs without fine-tuning, from 0 to 95% by default."""
        points = []
        state = state_to_cpu(self.setup.model)
        for sparsity in sparsities:
            self._check()
            if structured:
                result = prune_structured(self.project.graph, state, sparsity)
                small = compile_graph(result.graph)
                small.load_state_dict(result.state)
                module: nn.Module = small
            else:
                module = prune_global(self.setup.model, sparsity)
            points.append((sparsity, self.metric(module).value))
        return points


__all__ = [
    "CURVE_SPARSITIES",
    "INT8_NOT_EXPORTABLE",
    "INT8_RECURRENT_NOT_EXPORTABLE",
    "CompressionLab",
    "Variant",
    "layer_sizes",
]
