"""The model summary: one row per node with output shape, parameters and MACs (Keras style)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netbuilder.core.graph import Graph
from netbuilder.model.inference import GraphInfo, ShapeInferencer
from netbuilder.model.specs import fmt


@dataclass(frozen=True)
class SummaryRow:
    id: str
    type: str
    output_shape: tuple[int, ...] | None
    params: int
    macs: int
    error: str | None = None


def summary_rows(graph: Graph, info: GraphInfo | None = None) -> list[SummaryRow]:
    info = info if info is not None else ShapeInferencer().infer(graph)
    try:
        order = graph.topological_order()
    except Exception:
        order = graph.nodes
    rows = []
    for node in order:
        node_info = info.nodes.get(node.id)
        rows.append(
            SummaryRow(
                node.id,
                node.type,
                node_info.output_shape if node_info else None,
                node_info.params if node_info else 0,
                node_info.macs if node_info else 0,
                node_info.error.message if node_info and node_info.error else None,
            )
        )
    return rows


def summary_dict(graph: Graph, info: GraphInfo | None = None) -> dict[str, Any]:
    info = info if info is not None else ShapeInferencer().infer(graph)
    rows = summary_rows(graph, info)
    return {
        "nodes": [
            {
                "id": r.id,
                "type": r.type,
                "output_shape": list(r.output_shape) if r.output_shape is not None else None,
                "params": r.params,
                "macs": r.macs,
            }
            for r in rows
        ],
        "total_params": info.total_params,
        "trainable_params": info.trainable_params,
        "total_macs": info.total_macs,
    }


def format_summary(graph: Graph, info: GraphInfo | None = None, title: str = "") -> str:
    info = info if info is not None else ShapeInferencer().infer(graph)
    rows = summary_rows(graph, info)
    table = [("Node (type)", "Output shape", "Params", "MACs")]
    for r in rows:
        shape = fmt(r.output_shape) if r.output_shape is not None else "?"
        table.append((f"{r.id} ({r.type})", shape, f"{r.params:,}", f"{r.macs:,}"))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    rule = "=" * (sum(widths) + 6)

    def line(row: tuple[str, str, str, str]) -> str:
        return f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}"

    out = [title] if title else []
    out += [rule, line(table[0]), rule.replace("=", "-")]
    out += [line(row) for row in table[1:]]
    out += [
        rule,
        f"Total params: {info.total_params:,}",
        f"Trainable params: {info.trainable_params:,}",
        f"Non-trainable params: {info.total_params - info.trainable_params:,}",
        f"Total MACs: {info.total_macs:,}",
    ]
    return "\n".join(out)
