"""nn.Module -> graph: round trips of every example, user files, and ops that do not map."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from netbuilder.core.examples import example_names, load_example
from netbuilder.model.compiler import compile_graph
from netbuilder.model.importer import ModelImportError, import_module, load_module_from_file


def _structure(graph: object) -> list[tuple[str, dict[str, object], list[str]]]:
    return [
        (n.type, dict(n.params), [graph.node(e.src).type for e in graph.inputs_of(n.id)])  # type: ignore[attr-defined]
        for n in graph.topological_order()  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("name", example_names())
def test_compile_then_import_gives_the_same_graph(name: str) -> None:
    graph = load_example(name).graph
    module = compile_graph(graph)
    shapes = [n.params["shape"] for n in graph.topological_order() if n.type == "Input"]
    result = import_module(module, shapes)
    assert _structure(result.graph) == _structure(graph)
    assert [n.id for n in result.graph.topological_order()] == [n.id for n in graph.topological_order()]
    assert result.parameters == sum(p.numel() for p in compile_graph(result.graph).parameters())
    xs = [n.position[0] for n in result.graph.topological_order()]
    assert xs == sorted(xs) and xs[-1] > 0  # left to right


def test_user_file_with_functional_ops(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(
        "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.conv = nn.Conv2d(1, 4, 3)\n"
        "        self.fc = nn.Linear(4 * 26 * 26, 10)\n"
        "    def forward(self, x):\n"
        "        x = F.relu(self.conv(x))\n"
        "        return self.fc(torch.flatten(x, 1))\n",
        encoding="utf-8",
    )
    module = load_module_from_file(source, "Net")
    result = import_module(module, [(1, 28, 28)])
    assert [n.type for n in result.graph.topological_order()] == ["Input", "Conv2d", "ReLU", "Flatten", "Dense"]
    assert result.parameters == sum(p.numel() for p in compile_graph(result.graph).parameters())


def test_sequential_imports() -> None:
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2), nn.Softmax(dim=1))
    result = import_module(model, [(2,)])
    assert [n.type for n in result.graph.topological_order()] == ["Input", "Dense", "Tanh", "Dense", "Softmax"]
    assert result.graph.node("softmax1").params["dim"] == 0


def test_unmapped_ops_are_named() -> None:
    class Odd(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.norm = nn.GroupNorm(2, 4)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.clamp(self.norm(self.fc(x)), 0, 1)

    with pytest.raises(ModelImportError) as caught:
        import_module(Odd(), [(4,)])
    assert any("GroupNorm" in op for op in caught.value.unmapped)
    assert any("clamp" in op for op in caught.value.unmapped)
