"""The graph model: edits, undo data, events, structure checks, serialisation."""

from __future__ import annotations

import pytest

from netbuilder.core.errors import CycleError, GraphError, NetBuilderError, ParamError, UnknownLayerError
from netbuilder.core.events import (
    EdgeAdded,
    EdgeRemoved,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    NodeRenamed,
    ParamChanged,
)
from netbuilder.core.graph import Edge, Graph


def mlp() -> Graph:
    g = Graph()
    g.add_node("Input", {"shape": [2]}, node_id="x")
    g.add_node("Dense", {"out_features": 4}, node_id="fc1")
    g.add_node("ReLU", node_id="act")
    g.add_node("Dense", {"out_features": 1}, node_id="fc2")
    g.connect("x", "fc1")
    g.connect("fc1", "act")
    g.connect("act", "fc2")
    return g


def test_add_node_fills_defaults_and_generates_readable_ids() -> None:
    g = Graph()
    first = g.add_node("Dense")
    second = g.add_node("Dense", {"out_features": 3})
    assert (first.id, second.id) == ("fc1", "fc2")
    assert first.params == {"out_features": 16, "bias": True}
    assert second.params["out_features"] == 3


def test_add_node_rejects_unknown_type_bad_params_and_duplicate_ids() -> None:
    g = Graph()
    with pytest.raises(UnknownLayerError, match="Densse"):
        g.add_node("Densse")
    with pytest.raises(ParamError, match="out_features"):
        g.add_node("Dense", {"out_features": 0})
    with pytest.raises(ParamError, match="no parameter 'units'"):
        g.add_node("Dense", {"units": 3})
    g.add_node("Dense", node_id="a")
    with pytest.raises(GraphError, match="already exists"):
        g.add_node("Dense", node_id="a")
    with pytest.raises(GraphError, match="identifier"):
        g.add_node("Dense", node_id="3bad")
    with pytest.raises(GraphError, match="identifier"):
        g.add_node("Dense", node_id="class")


def test_remove_and_restore_put_node_and_edges_back_in_place() -> None:
    g = mlp()
    before = g.to_dict()
    removed = g.remove_node("fc1")
    assert not g.has_node("fc1")
    assert all("fc1" not in (e.src, e.dst) for e in g.edges)
    g.restore_node(removed)
    assert g.to_dict() == before


def test_rename_keeps_place_params_position_and_connections() -> None:
    g = Graph()
    g.add_node("Input", {"shape": [3]}, node_id="x")
    g.add_node("Dense", {"out_features": 3}, node_id="a")
    g.add_node("Dense", {"out_features": 3}, (50.0, 60.0), node_id="b")
    g.add_node("Add", node_id="sum")
    for src, dst in (("x", "a"), ("x", "b"), ("a", "sum"), ("b", "sum")):
        g.connect(src, dst)
    before = g.to_dict()
    events: list[object] = []
    g.subscribe(events.append)
    g.rename_node("b", "skip")
    assert [n.id for n in g.nodes] == ["x", "a", "skip", "sum"]
    assert g.node("skip").params == {"out_features": 3, "bias": True} and g.node("skip").position == (50.0, 60.0)
    assert [(e.src, e.dst, e.port) for e in g.edges] == [
        ("x", "a", 0),
        ("x", "skip", 0),
        ("a", "sum", 0),
        ("skip", "sum", 1),  # still the Add's second input
    ]
    assert events[-1] == NodeRenamed("b", "skip")
    g.rename_node("skip", "b")
    assert g.to_dict() == before


def test_rename_refuses_bad_and_taken_names_and_changes_nothing() -> None:
    g = mlp()
    before = g.to_dict()
    with pytest.raises(GraphError, match="already exists"):
        g.rename_node("fc1", "fc2")
    with pytest.raises(GraphError, match="identifier"):
        g.rename_node("fc1", "hidden layer")
    with pytest.raises(GraphError, match="no node"):
        g.rename_node("nope", "x2")
    g.rename_node("fc1", "fc1")  # no-op
    assert g.to_dict() == before


def test_connect_rejects_cycles_self_loops_used_ports_and_inputs_into_sources() -> None:
    g = mlp()
    with pytest.raises(GraphError, match="already has its input connected"):
        g.connect("fc2", "fc1")
    g.disconnect(Edge("x", "fc1"))
    with pytest.raises(CycleError) as info:
        g.connect("fc2", "fc1")
    assert info.value.node_id == "fc1"
    with pytest.raises(GraphError, match="own output"):
        g.connect("act", "act")
    with pytest.raises(GraphError, match="already connected"):
        g.connect("x", "fc2", port=0)
    with pytest.raises(GraphError, match="has no input port 1"):
        g.connect("x", "act", port=1)
    with pytest.raises(GraphError, match="takes no inputs"):
        g.connect("fc2", "x")


def test_merges_take_several_ordered_inputs() -> None:
    g = mlp()
    g.add_node("Concat", node_id="cat")
    g.connect("fc1", "cat")
    g.connect("act", "cat")
    assert [e.src for e in g.inputs_of("cat")] == ["fc1", "act"]
    assert [e.port for e in g.inputs_of("cat")] == [0, 1]
    g.disconnect(Edge("fc1", "cat", 0))
    g.connect("x", "cat")
    assert [e.src for e in g.inputs_of("cat")] == ["act", "x"]


def test_disconnect_returns_index_for_undo() -> None:
    g = mlp()
    edge = g.edges[1]
    index = g.disconnect(edge)
    g.connect(edge.src, edge.dst, edge.port, index=index)
    assert g.edges[1] == edge
    with pytest.raises(GraphError):
        g.disconnect(Edge("nope", "fc2"))


def test_set_param_validates_and_returns_old_value() -> None:
    g = mlp()
    assert g.set_param("fc1", "out_features", 8) == 4
    assert g.node("fc1").params["out_features"] == 8
    with pytest.raises(ParamError, match="whole number"):
        g.set_param("fc1", "out_features", "eight")
    with pytest.raises(ParamError, match=">= 1"):
        g.set_param("fc1", "out_features", -2)
    assert g.node("fc1").params["out_features"] == 8


def test_every_change_emits_one_event_and_unsubscribe_stops_them() -> None:
    g = Graph()
    events: list[object] = []
    unsubscribe = g.subscribe(events.append)
    g.add_node("Input", {"shape": [2]}, node_id="x")
    g.add_node("Dense", node_id="d")
    edge = g.connect("x", "d")
    g.set_param("d", "out_features", 5)
    g.set_param("d", "out_features", 5)  # unchanged: no event
    g.move("d", (10, 20))
    g.disconnect(edge)
    g.remove_node("d")
    kinds = [type(e) for e in events]
    assert kinds == [NodeAdded, NodeAdded, EdgeAdded, ParamChanged, NodeMoved, EdgeRemoved, NodeRemoved]
    assert events[3] == ParamChanged("d", "out_features", 16, 5)
    unsubscribe()
    g.add_node("Dense")
    assert len(events) == 7


def test_topological_order_and_structural_problems() -> None:
    g = mlp()
    assert [n.id for n in g.topological_order()] == ["x", "fc1", "act", "fc2"]
    assert g.structural_problems() == []
    g.add_node("Dense", node_id="lonely")
    problems = g.structural_problems()
    messages = " | ".join(p.message for p in problems)
    assert "'lonely' needs an input" in messages
    assert "2 outputs" in messages
    assert {p.node_id for p in problems} >= {"lonely"}


def test_dict_round_trip_and_subgraph() -> None:
    g = mlp()
    g.move("fc1", (100, 50))
    again = Graph.from_dict(g.to_dict())
    assert again == g
    assert again.node("fc1").position == (100.0, 50.0)
    part = g.subgraph_dict(["fc1", "act"])
    assert [n["id"] for n in part["nodes"]] == ["fc1", "act"]
    assert part["edges"] == [{"src": "fc1", "dst": "act", "port": 0}]


@pytest.mark.parametrize(
    ("data", "message", "node_id"),
    [
        ({"nodes": [{"id": "a", "type": "Nope"}]}, "unknown layer type 'Nope'", "a"),
        ({"nodes": [{"id": "a", "type": "Dense", "params": {"out_features": "x"}}]}, "whole number", "a"),
        ({"nodes": [{"id": "a", "type": "Dense", "position": "left"}]}, "position", "a"),
        ({"nodes": [{"id": "a", "type": "Dense"}], "edges": [{"src": "a", "dst": "b"}]}, "missing node 'b'", "b"),
        (
            {
                "nodes": [{"id": "a", "type": "Dense"}, {"id": "b", "type": "Dense"}],
                "edges": [{"src": "a", "dst": "b"}, {"src": "b", "dst": "a"}],
            },
            "cycle",
            "a",
        ),
        ({"nodes": [{"type": "Dense"}]}, "node #1", None),
    ],
)
def test_from_dict_errors_name_the_node(data: dict, message: str, node_id: str | None) -> None:
    with pytest.raises(NetBuilderError) as info:
        Graph.from_dict(data)
    assert message in str(info.value)
    assert info.value.node_id == node_id
    if "unknown" in message:
        assert isinstance(info.value, UnknownLayerError)


def test_from_dict_param_error_is_a_param_error() -> None:
    with pytest.raises(ParamError):
        Graph.from_dict({"nodes": [{"id": "a", "type": "Dropout", "params": {"p": 1.5}}]})
