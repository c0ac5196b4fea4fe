"""From a project to a ready trainer: build the dataset, compile the graph, fold a final activation.

``prepare(project)`` is what the CLI and the GUI worker call. A graph ending in Softmax (or Sigmoid)
trained with cross-entropy (or BCE) is trained on the module that stops *before* the activation,
sharing its weights with the inference module, so the loss applies log-softmax itself exactly once;
the inference module (saved, exported, probed) keeps the activation. The user is told so by a
``Notice``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from netbuilder.core.project import Project
from netbuilder.data import Dataset, build_dataset
from netbuilder.model.compiler import compile_graph, final_activation
from netbuilder.model.inference import ShapeInferencer
from netbuilder.model.memory import check_model_memory
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.data_fit import input_problem, output_problem
from netbuilder.training.defaults import effective_training
from netbuilder.training.errors import TrainingError
from netbuilder.training.events import Notice
from netbuilder.training.losses import resolve_loss
from netbuilder.training.tensors import TrainData
from netbuilder.training.trainer import Trainer

log = logging.getLogger(__name__)

_FOLDS = {("Softmax", "cross_entropy"), ("Sigmoid", "bce")}


@dataclass
class TrainingSetup:
    """Everything a run needs; ``model`` is the inference module, ``train_model`` what the loss sees."""

    project: Project
    config: TrainConfig
    dataset: Dataset
    data: TrainData
    model: nn.Module
    train_model: nn.Module
    loss: str
    output_is_probability: bool
    node_order: list[str]
    input_id: str
    notices: list[Notice] = field(default_factory=list)

    def trainer(self, control: TrainControl | None = None, **options: Any) -> Trainer:
        """A :class:`Trainer` for this setup; ``options`` are the snapshot/pause options of ``Trainer``."""
        return Trainer(
            self.model,
            self.data,
            self.config,
            train_model=self.train_model,
            control=control,
            output_is_probability=self.output_is_probability,
            node_order=self.node_order,
            notices=self.notices,
            **options,
        )


def _input_node(project: Project) -> str:
    inputs = [n for n in project.graph.topological_order() if n.type == "Input"]
    if len(inputs) != 1:
        raise TrainingError(f"training needs exactly one Input node (this network has {len(inputs)})")
    return inputs[0].id


def _check_shapes(project: Project, dataset: Dataset, model: nn.Module) -> int:
    """Check the data fits the network (:mod:`data_fit`'s rule); returns the number of outputs per sample."""
    problem = input_problem(project.graph, dataset)
    if problem is not None:
        raise TrainingError(problem.message + " (change the Input shape or the dataset)", node_id=problem.node_id)
    sink = project.graph.sinks()[0].id
    with torch.no_grad():
        out = model.eval()(dataset.x_train[:2])
    if out.ndim != 2:
        raise TrainingError(
            f"the network's output has shape {tuple(out.shape[1:])} per sample; training needs a vector"
            " (add Flatten or pick the last step)",
            node_id=sink,
        )
    produced = int(out.shape[-1])
    problem = output_problem(produced, dataset, sink)
    if problem is not None:
        raise TrainingError(problem.message, node_id=sink)
    return produced


def prepare(
    project: Project,
    config: TrainConfig | None = None,
    *,
    dataset: Dataset | None = None,
    base_dir: str | Path | None = None,
) -> TrainingSetup:
    """Build dataset and modules for ``project``; every problem is a :class:`NetBuilderError`."""
    # Unset settings take the values that suit the data (defaults.py), as in the Training panel.
    config = (
        config if config is not None else TrainConfig.from_dict(effective_training(project.training, project.dataset))
    )
    if dataset is None:
        dataset = build_dataset(project.dataset, base_dir=Path(base_dir) if base_dir is not None else None)
    # The model learns on standardised inputs: keep the statistics with the project, so that exports
    # and later inference use exactly these even if the data file changes or is gone.
    if dataset.normalization is not None:
        project.metadata["normalization"] = dataset.normalization
    else:
        project.metadata.pop("normalization", None)
    graph = project.graph
    input_id = _input_node(project)
    # Refuse, with the node to blame, a model whose training at this batch size cannot fit in memory,
    # before anything is allocated (a 4 TB request otherwise ends as a traceback or the OOM killer).
    info = ShapeInferencer().infer(graph)
    if not info.problems:
        check_model_memory(info, batch_size=min(config.batch_size, max(1, len(dataset.x_train))))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed or 0)
        model = compile_graph(graph, info=info)
    produced = _check_shapes(project, dataset, model)
    loss = resolve_loss(config.loss, dataset.task, produced)
    kind, pre_id = final_activation(graph)
    notices: list[Notice] = []
    train_model: nn.Module = model
    output_is_probability = False
    if kind is not None and pre_id is not None and (kind, loss) in _FOLDS:
        train_model = compile_graph(graph, output=pre_id, reuse=model)
        sink = graph.sinks()[0].id
        label = "cross-entropy" if loss == "cross_entropy" else "binary cross-entropy"
        notices.append(
            Notice(
                f"'{sink}' ({kind}) is folded into the {label} loss during training (no double {kind.lower()}); "
                "predictions and exports keep it",
                node_id=sink,
            )
        )
    elif kind is not None:
        output_is_probability = True  # e.g. Softmax + BCE: the loss takes the log of probabilities itself
    return TrainingSetup(
        project=project,
        config=config,
        dataset=dataset,
        data=TrainData.from_dataset(dataset),
        model=model,
        train_model=train_model,
        loss=loss,
        output_is_probability=output_is_probability,
        node_order=[n.id for n in graph.topological_order()],
        input_id=input_id,
        notices=notices,
    )
