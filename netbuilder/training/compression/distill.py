"""Knowledge distillation, and the short training loop that fine-tunes pruned networks.

A student learns from the labels and from the teacher's softened outputs::

    loss = (1 − α) · hard_loss(student, labels) + α · T² · KL(softmax(teacher / T) ‖ softmax(student / T))

(``T`` the temperature: larger spreads the teacher's probabilities and shows which wrong classes it
finds similar; ``T²`` keeps the gradient scale of the soft term independent of ``T``, as in Hinton et
al. 2015). Binary outputs use the sigmoid form; regression mixes the MSE to the teacher's outputs.
With ``α = 0`` the same loop trains the student from scratch, which is the fair comparison: same
initial weights (the seeded compile of :func:`~netbuilder.training.session.prepare`), batches,
optimiser and budget. The hard loss is the project's own (as the trainer would use).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from netbuilder.core.graph import Graph
from netbuilder.training.compression.prune import LAYERS, prunable_weights
from netbuilder.training.device import pick_threads
from netbuilder.training.errors import TrainingError
from netbuilder.training.losses import make_loss, prepare_targets
from netbuilder.training.metrics import accuracy, predict_classes
from netbuilder.training.optim import make_optimizer
from netbuilder.training.session import TrainingSetup

log = logging.getLogger(__name__)

Cancelled = Callable[[], bool]


class CompressionCancelled(Exception):
    """The person cancelled the computation (raised between steps)."""


@dataclass(frozen=True)
class DistillSettings:
    # On the digits MLP (students 64→16→16→10, 60 epochs, seeds 0–2), T=2 with α=0.9 beat the student
    # trained from scratch in 2 of 3 seeds; T=4/α=0.7 in 1 of 3 and never at 3–10 epochs.
    temperature: float = 2.0
    alpha: float = 0.9  # weight of the teacher's soft targets; 0 trains from scratch
    epochs: int = 20

    def __post_init__(self) -> None:
        if not self.temperature > 0:
            raise TrainingError(f"the temperature must be positive, got {self.temperature}")
        if not 0.0 <= self.alpha <= 1.0:
            raise TrainingError(f"alpha must be between 0 and 1, got {self.alpha}")
        if self.epochs < 1:
            raise TrainingError(f"the epochs must be at least 1, got {self.epochs}")


@dataclass
class LoopResult:
    history: list[dict[str, Any]] = field(default_factory=list)  # one record per epoch, as the trainer's
    seconds: float = 0.0
    steps: int = 0


def propose_student(graph: Graph, factor: float = 1 / 3) -> Graph:
    """A copy of ``graph`` whose hidden Dense layers and convolutions keep ``factor`` of their units (≥ 2)."""
    student = graph.copy()
    sink = graph.sinks()[0].id
    # The layer that produces the outputs keeps its size: the student must answer the same question.
    output_layer = sink
    while graph.node(output_layer).type not in LAYERS:
        inputs = graph.inputs_of(output_layer)
        if len(inputs) != 1:
            break
        output_layer = inputs[0].src
    for node in graph.nodes:
        if node.type in LAYERS and node.id != output_layer:
            units = int(node.params[LAYERS[node.type]])
            student.set_param(node.id, LAYERS[node.type], max(2, int(units * factor)))
    return student


def soft_loss(student: torch.Tensor, teacher: torch.Tensor, task: str, temperature: float) -> torch.Tensor:
    """The distillation term between student and teacher outputs (logits for classification)."""
    if task != "classification":
        return F.mse_loss(student, teacher)
    t = temperature
    if student.shape[-1] == 1:
        target = torch.sigmoid(teacher / t)
        return F.binary_cross_entropy_with_logits(student / t, target) * t * t
    return (
        F.kl_div(F.log_softmax(student / t, -1), F.log_softmax(teacher / t, -1), reduction="batchmean", log_target=True)
        * t
        * t
    )


def teacher_outputs(teacher: TrainingSetup, x: torch.Tensor) -> torch.Tensor:
    """The teacher's logits (the module the loss sees) on ``x``."""
    model = teacher.train_model.eval()
    with torch.inference_mode():
        return torch.cat([model(x[i : i + 4096]) for i in range(0, len(x), 4096)]).float()


def train_loop(
    setup: TrainingSetup,
    epochs: int,
    *,
    teacher: torch.Tensor | None = None,
    settings: DistillSettings | None = None,
    keep_zeros: bool = False,
    cancelled: Cancelled | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoopResult:
    """Train ``setup.model`` for ``epochs`` (distilling from ``teacher``'s outputs on the training split if given).

    ``keep_zeros``: weights that are zero now stay zero (fine-tuning after unstructured pruning).
    """
    config, data = setup.config, setup.data
    settings = settings or DistillSettings(alpha=0.0, epochs=epochs)
    alpha = settings.alpha if teacher is not None else 0.0
    model = setup.train_model
    x, y_raw = data.x_train, data.y_train
    with torch.no_grad():
        outputs = int(model.eval()(x[:2]).shape[-1])
    hard = make_loss(setup.loss, output_is_probability=setup.output_is_probability, huber_delta=config.huber_delta)
    y = prepare_targets(setup.loss, data.task, y_raw, outputs)
    x_val, y_val_raw = data.split("val")
    y_val = (
        prepare_targets(setup.loss, data.task, y_val_raw, outputs)
        if x_val is not None and y_val_raw is not None
        else None
    )
    masks = [(w, w != 0) for _, w in prunable_weights(setup.model)] if keep_zeros else []
    seed = config.seed if config.seed is not None else 0
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)  # dropout
    optimizer = make_optimizer(model.parameters(), config.optimizer)
    batch = min(config.batch_size, len(x))
    result = LoopResult()
    previous_threads = torch.get_num_threads()
    # As the trainer does: one thread is faster for tiny models, two for large ones.
    torch.set_num_threads(config.threads or pick_threads(sum(p.numel() for p in model.parameters())))
    try:
        start = time.perf_counter()
        for epoch in range(1, epochs + 1):
            model.train()
            order = torch.randperm(len(x), generator=generator)
            total, count = 0.0, 0
            for lo in range(0, len(x), batch):
                if cancelled is not None and cancelled():
                    raise CompressionCancelled
                index = order[lo : lo + batch]
                out = model(x[index])
                loss = hard(out, y[index])
                if teacher is not None and alpha > 0:
                    loss = (1 - alpha) * loss + alpha * soft_loss(out, teacher[index], data.task, settings.temperature)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()  # type: ignore[no-untyped-call]
                optimizer.step()
                if masks:
                    with torch.no_grad():
                        for weight, mask in masks:
                            weight.mul_(mask)
                total += float(loss.item()) * len(index)
                count += len(index)
                result.steps += 1
            record: dict[str, Any] = {"epoch": epoch, "train_loss": total / max(1, count), "val_loss": None}
            if x_val is not None and y_val is not None and len(x_val):
                model.eval()
                with torch.no_grad():
                    val_out = model(x_val)
                    record["val_loss"] = float(hard(val_out, y_val))
                    if data.task == "classification" and y_val_raw is not None:
                        predicted = predict_classes(val_out.numpy(), setup.output_is_probability)
                        record["val_accuracy"] = accuracy(y_val_raw.numpy(), predicted)
            record["seconds"] = round(time.perf_counter() - start, 4)
            if not math.isfinite(record["train_loss"]):
                raise TrainingError(f"the loss became {record['train_loss']} at epoch {epoch}: lower the learning rate")
            result.history.append(record)
            if progress is not None:
                progress(epoch, epochs)
    finally:
        torch.set_num_threads(previous_threads)
    model.eval()
    result.seconds = time.perf_counter() - start
    return result


__all__ = [
    "CompressionCancelled",
    "DistillSettings",
    "LoopResult",
    "propose_student",
    "soft_loss",
    "teacher_outputs",
    "train_loop",
]
