"""The bundled examples reproduce the seed networks exactly (parameter counts of hand-written models)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from netbuilder.core.examples import example_names, load_example
from netbuilder.model.codegen import generate_code
from netbuilder.model.compiler import compile_graph, example_inputs
from netbuilder.model.inference import infer_graph


def count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


HAND_WRITTEN = {
    "seed-linear-neuron": nn.Linear(2, 1),
    "seed-relu-pieces": nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 1)),
    "seed-digits-mlp": nn.Sequential(nn.Linear(64, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(), nn.Linear(50, 10)),
    # Keras' summary of seed 003's CNN reports 93,322 parameters.
    "seed-cnn": nn.Sequential(
        nn.Conv2d(1, 32, 3),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3),
        nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3),
        nn.Flatten(),
        nn.Linear(576, 64),
        nn.Linear(64, 10),
    ),
    "seed-mlp-regression": nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1)),
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_seed_examples_match_hand_written_models(name: str) -> None:
    project = load_example(name)
    info = infer_graph(project.graph)
    assert info.total_params == count(HAND_WRITTEN[name])
    assert count(compile_graph(project.graph)) == count(HAND_WRITTEN[name])


def test_seed_cnn_matches_the_article() -> None:
    info = infer_graph(load_example("seed-cnn").graph)
    assert info.total_params == 93_322
    shapes = [n.output_shape for n in info.nodes.values() if n.node_id.startswith(("conv", "maxpool"))]
    assert shapes == [(32, 26, 26), (32, 13, 13), (64, 11, 11), (64, 5, 5), (64, 3, 3)]


@pytest.mark.parametrize("name", example_names())
def test_every_example_compiles_runs_and_its_generated_code_matches(name: str) -> None:
    project = load_example(name)
    info = infer_graph(project.graph)
    assert info.ok, info.problems
    torch.manual_seed(0)
    module = compile_graph(project.graph).eval()
    inputs = example_inputs(project.graph, batch=4)
    expected = module(*inputs)
    assert tuple(expected.shape[1:]) == info.nodes[project.graph.sinks()[0].id].output_shape
    namespace: dict[str, object] = {}
    exec(compile(generate_code(project.graph), f"<{name}>", "exec"), namespace)
    standalone = namespace["Net"]().eval()  # type: ignore[operator]
    assert standalone.state_dict().keys() == module.state_dict().keys()
    standalone.load_state_dict(module.state_dict())
    assert torch.allclose(standalone(*inputs), expected, atol=1e-6)
