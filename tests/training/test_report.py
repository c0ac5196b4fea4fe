"""One prediction rule: the final report is the trainer's own evaluation, for logits and probabilities."""

from __future__ import annotations

import numpy as np
import torch

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.training.control import TrainControl
from netbuilder.training.events import Finished
from netbuilder.training.metrics import predict_classes
from netbuilder.training.report import Report, classification_report
from netbuilder.training.session import prepare
from netbuilder.training.trainer import final_event


def one_output(final: str | None) -> Graph:
    graph = Graph()
    graph.add_node("Input", {"shape": [2]}, (0, 0))
    graph.add_node("Dense", {"out_features": 1}, (200, 0))
    graph.connect("input1", "fc1")
    if final is not None:
        graph.add_node(final, {}, (400, 0))
        graph.connect("fc1", graph.nodes[-1].id)
    return graph


def run(final: str | None, loss: str, bias: float) -> Finished:
    training = {"optimizer": {"type": "sgd", "lr": 1e-9}, "epochs": 1, "loss": loss, "seed": 0}
    setup = prepare(Project(graph=one_output(final), dataset={"kind": "xor", "samples": 400}, training=training))
    trainer = setup.trainer(TrainControl(), init_weights=False)
    with torch.no_grad():  # every output the same: 0.25 (a logit, or a probability after the Sigmoid)
        setup.model.get_submodule("fc1").weight.zero_()
        setup.model.get_submodule("fc1").bias.fill_(bias)
    event = final_event(trainer.run())
    assert isinstance(event, Finished)
    return event


def test_logits_all_positive_are_class_one_in_the_report_too() -> None:
    event = run(None, "bce", 0.25)  # logits in (0, 0.5): a guessed 0.5 threshold would call them class 0
    report = event.result.report
    assert report is not None and report.metrics == event.result.test_metrics
    predicted_one = report.confusion[:, 1].sum()
    assert predicted_one == report.confusion.sum()  # every sample predicted as class 1 (logit > 0)
    assert predict_classes(np.full((3, 1), 0.25), output_is_probability=False).tolist() == [1, 1, 1]


def test_probabilities_use_one_half() -> None:
    event = run("Sigmoid", "mse", -2.0)  # sigmoid(-2) = 0.12: a probability below one half
    report = event.result.report
    assert report is not None and report.metrics == event.result.test_metrics
    assert report.confusion[:, 0].sum() == report.confusion.sum()  # every sample predicted as class 0
    assert predict_classes(np.full((3, 1), 0.12), output_is_probability=True).tolist() == [0, 0, 0]


def test_cell_samples_follow_the_report() -> None:
    """A saved report keeps the per-sample classes: a cell's samples survive the JSON round trip."""
    truth = np.array([0, 1, 1, 2, 1, 0])
    guess = np.array([0, 2, 1, 2, 2, 1])
    report = classification_report("test", truth, guess, {"accuracy": 0.5}, 3, ["a", "b", "c"])
    assert report.cell_samples(1, 2).tolist() == [1, 4]
    assert report.cell_samples(2, 0).tolist() == []
    again = Report.from_json(report.to_json())
    assert again.cell_samples(1, 2).tolist() == [1, 4] and again.cell_samples(0, 1).tolist() == [5]
    old = Report.from_json({**report.to_json(), "y_true": None, "y_pred": None})  # saved before it kept them
    assert old.cell_samples(1, 2).tolist() == []
