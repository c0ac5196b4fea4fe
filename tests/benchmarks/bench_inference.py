"""Shape inference + compile time for chains and branching graphs of 10, 100 and 1000 nodes.

Goal (issue 2): <= 50 ms for 100 nodes and <= 500 ms for 1000 nodes on a 2-core machine.
Prints a table: cold inference (empty cache), warm re-inference after one parameter edit (what the
editor does), compile to a GraphModule, and cold inference + compile together. Medians of several runs.

    python tests/benchmarks/bench_inference.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import torch

from netbuilder.core.graph import Graph
from netbuilder.model.compiler import compile_graph
from netbuilder.model.inference import ShapeInferencer


def chain(n: int) -> Graph:
    """Input -> (Dense, ReLU) pairs: n nodes in all."""
    g = Graph()
    g.add_node("Input", {"shape": [32]}, node_id="x")
    previous = "x"
    for i in range(n - 1):
        node = g.add_node("Dense" if i % 2 == 0 else "ReLU", {"out_features": 32} if i % 2 == 0 else {})
        g.connect(previous, node.id)
        previous = node.id
    return g


def branching(n: int) -> Graph:
    """Residual blocks: x -> Dense -> ReLU -> Dense -> Add(x, .) -> ..., 4 nodes a block."""
    g = Graph()
    g.add_node("Input", {"shape": [32]}, node_id="x")
    trunk = "x"
    while len(g) + 4 <= n:
        a = g.add_node("Dense", {"out_features": 32})
        r = g.add_node("ReLU")
        b = g.add_node("Dense", {"out_features": 32})
        s = g.add_node("Add")
        g.connect(trunk, a.id)
        g.connect(a.id, r.id)
        g.connect(r.id, b.id)
        g.connect(trunk, s.id)
        g.connect(b.id, s.id)
        trunk = s.id
    while len(g) < n:
        node = g.add_node("ReLU")
        g.connect(trunk, node.id)
        trunk = node.id
    return g


def median_ms(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(graph: Graph, repeats: int, shape_edit: bool) -> tuple[float, float, float, float]:
    cold = median_ms(lambda: ShapeInferencer().infer(graph), repeats)
    inferencer = ShapeInferencer()
    inferencer.infer(graph)
    dense = next(n for n in graph.nodes[len(graph) // 2 :] if n.type == "Dense")
    # In a chain, change a width (every node downstream gets new shapes); in the residual graph,
    # a width change would break the Add, so toggle the bias (only that node changes).
    edits = iter(
        [("out_features", 31), ("out_features", 32)] * repeats
        if shape_edit
        else [("bias", False), ("bias", True)] * repeats
    )

    def edit_and_infer() -> None:
        graph.set_param(dense.id, *next(edits))
        inferencer.infer(graph)

    warm = median_ms(edit_and_infer, repeats)
    info = inferencer.infer(graph)
    compile_ms = median_ms(lambda: compile_graph(graph, info=info), repeats)
    total = median_ms(lambda: compile_graph(graph), repeats)
    return cold, warm, compile_ms, total


def main() -> None:
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    header = f"{'graph':<10} {'nodes':>6} {'infer cold':>11} {'re-infer':>9} {'compile':>9} {'infer+compile':>14}  goal"
    print(header)
    print("-" * len(header))
    goals = {10: None, 100: 50.0, 1000: 500.0}
    for n in (10, 100, 1000):
        for name, build in (("chain", chain), ("branching", branching)):
            graph = build(n)
            repeats = 15 if n < 1000 else 5
            cold, warm, comp, total = measure(graph, repeats, shape_edit=name == "chain")
            goal = goals[n]
            verdict = "" if goal is None else (f"<= {goal:.0f} ms " + ("ok" if total <= goal else "MISSED"))
            print(
                f"{name:<10} {len(graph):>6} {cold:>9.1f}ms {warm:>7.1f}ms {comp:>7.1f}ms {total:>12.1f}ms  {verdict}"
            )


if __name__ == "__main__":
    main()
