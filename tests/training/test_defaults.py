"""Unset training settings suit the data: a reasonable hand-built network learns each built-in set."""

from __future__ import annotations

from typing import Any

import pytest

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.training.control import TrainControl
from netbuilder.training.defaults import effective_training, suggest
from netbuilder.training.events import Finished
from netbuilder.training.session import prepare
from netbuilder.training.trainer import final_event


def hand_built(inputs: int, hidden: list[int], outputs: int, activation: str) -> Graph:
    """What a person drags together: Input, Dense/activation pairs, an output Dense."""
    graph = Graph()
    previous = graph.add_node("Input", {"shape": [inputs]}, (0, 0)).id
    for i, units in enumerate([*hidden, outputs]):
        dense = graph.add_node("Dense", {"out_features": units}, (200 * (2 * i + 1), 0)).id
        graph.connect(previous, dense)
        previous = dense
        if i < len(hidden):
            act = graph.add_node(activation, {}, (200 * (2 * i + 2), 0)).id
            graph.connect(previous, act)
            previous = act
    return graph


@pytest.mark.parametrize(
    ("dataset", "graph", "metric", "goal"),
    [
        ({"kind": "spiral"}, hand_built(2, [16, 16], 2, "Tanh"), "accuracy", 0.9),
        ({"kind": "circle"}, hand_built(2, [8], 2, "ReLU"), "accuracy", 0.95),
        ({"kind": "xor"}, hand_built(2, [8], 2, "Tanh"), "accuracy", 0.95),
        ({"kind": "function", "function": "sine"}, hand_built(1, [32], 1, "Tanh"), "r2", 0.9),
        ({"kind": "digits"}, hand_built(64, [64], 10, "ReLU"), "accuracy", 0.9),
    ],
    ids=["spiral", "circle", "xor", "sine", "digits"],
)
def test_the_defaults_train_a_hand_built_network(
    dataset: dict[str, Any], graph: Graph, metric: str, goal: float
) -> None:
    project = Project(graph=graph, dataset=dataset, training={"seed": 0})  # nothing else set
    setup = prepare(project)
    suggestion = suggest(dataset)
    assert suggestion is not None and setup.config.optimizer.lr == suggestion.lr
    assert setup.config.epochs == suggestion.epochs
    event = final_event(setup.trainer(TrainControl()).run())
    assert isinstance(event, Finished)
    assert event.result.test_metrics[metric] >= goal, (event.result.test_metrics, suggestion)


def test_values_the_person_set_win() -> None:
    training = {"optimizer": {"type": "adam", "lr": 0.5}, "epochs": 3}
    effective = effective_training(training, {"kind": "spiral"})
    assert effective["optimizer"]["lr"] == 0.5 and effective["epochs"] == 3 and effective["batch_size"] == 32
    assert effective_training({"optimizer": "sgd"}, {"kind": "spiral"})["optimizer"] == "sgd"  # SGD's own rate
    assert effective_training({"epochs": 7}, {}) == {"epochs": 7}  # no dataset, nothing suggested
