"""Keep a compression-lab variant as a run, so that the Runs dock lists and compares it like any other.

The run folder holds the variant's graph (the smaller one after structured pruning or distillation) in
its project snapshot, its weights (an int8 variant keeps the float values its int8 weights stand for:
run folders hold plain tensors), its test metric as the run's final metric, and the epochs it trained
(a student's curves; none for a variant made without training).
"""

from __future__ import annotations

from typing import Any

from netbuilder.core.project import Project
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.compression.lab import Variant
from netbuilder.training.compression.quantize import dequantized_state
from netbuilder.training.events import TrainResult
from netbuilder.training.runner.run import Run
from netbuilder.training.runs.store import RunStore


def variant_weights(variant: Variant) -> dict[str, Any]:
    """Plain float tensors under the graph's parameter names."""
    if variant.float_module is not None:
        return dequantized_state(variant.module, state_to_cpu(variant.float_module))
    return state_to_cpu(variant.module)


def keep_as_run(store: RunStore, project: Project, variant: Variant, task: str, *, parent: str | None = None) -> str:
    """Write ``variant`` as a finished run in ``store``; returns its id."""
    snapshot = dict(project.to_dict(), graph=variant.graph.to_dict())
    path = store.create(snapshot, name=variant.label, parent=parent)
    run = Run.from_history(variant.history, dict(project.training), dict(project.dataset), variant_weights(variant))
    run.run_id, run.task = path.name, task
    last = variant.history[-1] if variant.history else {}
    run.result = TrainResult(
        history=list(variant.history),
        test_metrics={variant.metric.name: variant.metric.value},
        train_loss=last.get("train_loss"),
        val_loss=last.get("val_loss"),
        epochs=len(variant.history),
        seconds=float(last.get("seconds") or 0.0),
    )
    run.notices = [*run.notices, *variant.notes]
    store.finish(path.name, run)
    return path.name


__all__ = ["keep_as_run", "variant_weights"]
