"""Parameter and activation memory are estimated from inferred shapes; too-big models are refused unbuilt."""

from __future__ import annotations

import pytest

from netbuilder.core.examples import load_example
from netbuilder.core.limits import MemoryLimitError
from netbuilder.model.compiler import compile_graph
from netbuilder.model.inference import infer_graph
from netbuilder.model.memory import check_model_memory, parameter_bytes, training_bytes


def test_estimates_follow_the_summary_counts() -> None:
    info = infer_graph(load_example("spiral").graph)
    assert parameter_bytes(info) == info.total_params * 4
    assert training_bytes(info, 32) > training_bytes(info, 1) > 4 * parameter_bytes(info)


def test_a_trillion_parameter_model_is_refused_before_allocation() -> None:
    graph = load_example("spiral").graph
    for node in graph.nodes:
        if node.type == "Dense" and node.params["out_features"] > 2:
            graph.set_param(node.id, "out_features", 10**6)
    with pytest.raises(MemoryLimitError, match=r"1,000,\d{3},\d{3},\d{3} parameters \(largest: node") as caught:
        compile_graph(graph)  # before: a 4 TB allocation
    assert caught.value.node_id is not None


def test_training_memory_counts_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    info = infer_graph(load_example("spiral").graph)
    monkeypatch.setenv("NETBUILDER_MEMORY_LIMIT", str(training_bytes(info, 32)))
    check_model_memory(info, batch_size=32)
    with pytest.raises(MemoryLimitError, match="batch 64"):
        check_model_memory(info, batch_size=64)
