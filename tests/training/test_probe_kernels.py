"""The probes' own kernels (fast tanh and softmax over a grid, the colour field, malloc settings) give
the values torch's kernels give, leave the model as it was, and stop a probe from faulting pages in."""

from __future__ import annotations

import resource

import numpy as np
import pytest
import torch
from torch import nn

from netbuilder.core.examples import load_example
from netbuilder.training.allocator import keep_freed_memory
from netbuilder.training.probes.capture import FAST_MIN_ROWS, capture_outputs, fast_inference, softmax_rows
from netbuilder.training.runner.colors import class_color, probabilities_to_rgb
from netbuilder.training.runner.views import ViewPlan, target_for
from netbuilder.training.session import prepare


def _net() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 3), nn.Softmax(dim=-1)).eval()


def _grid(rows: int = 10_000) -> torch.Tensor:
    return torch.randn(rows, 2, generator=torch.Generator().manual_seed(1)) * 4


def test_a_probe_reads_the_values_torchs_own_kernels_give() -> None:
    net, x = _net(), _grid()
    with torch.no_grad():
        expected = {"1": torch.tanh(net[0](x)), "3": torch.softmax(net[2](torch.tanh(net[0](x))), -1)}
    out, captured = capture_outputs(net, x, names=["1", "3"])
    assert torch.allclose(captured["1"], expected["1"], atol=1e-6, rtol=0)
    assert torch.allclose(out, expected["3"], atol=1e-6, rtol=0) and out.is_contiguous()
    assert torch.allclose(out.sum(1), torch.ones(len(x)), atol=1e-6)
    # Saturated and tiny inputs: the identity 2σ(2x) − 1 holds at both ends.
    edges = torch.tensor([[-1e4, 1e4], [1e-8, -1e-8], [20.0, -20.0]]).repeat(FAST_MIN_ROWS, 1)
    tanh = nn.Tanh()
    with torch.no_grad(), fast_inference(tanh):
        fast = tanh(edges)
    assert torch.allclose(fast, torch.tanh(edges), atol=2e-7, rtol=0)
    logits = torch.randn(FAST_MIN_ROWS * 4, 2)
    assert torch.allclose(softmax_rows(logits), torch.softmax(logits, 1), atol=1e-6)


def test_small_linear_layers_read_the_grid_the_other_way_round_with_the_same_values() -> None:
    # W·xᵀ over (features, points) is 5-9× faster than torch's Linear on (points, features) rows for
    # a few outputs; the result stays transposed (a view), and the next layer reads it as it is.
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 8), nn.Linear(8, 8, bias=False), nn.ReLU(), nn.Linear(8, 2), nn.Linear(2, 32))
    x = _grid()
    with torch.no_grad():
        expected = [x]
        for layer in net:
            expected.append(layer(expected[-1]))
    out, captured = capture_outputs(net.eval(), x, names=["0", "1", "2", "3"])
    for name, value in captured.items():
        assert torch.allclose(value, expected[int(name) + 1], atol=1e-5, rtol=1e-6), name
    assert captured["0"].stride() == (1, len(x))  # the fast product: (units, points) storage
    assert torch.allclose(out, expected[-1], atol=1e-5, rtol=1e-6)
    assert out.is_contiguous()  # 32 outputs: torch's own Linear
    assert "forward" not in net[0].__dict__


def test_the_fast_kernels_are_only_there_during_a_probe_and_never_with_gradients() -> None:
    net, x = _net(), _grid()
    with pytest.raises(RuntimeError, match="inside"), fast_inference(net):
        raise RuntimeError("a probe fails inside")
    assert all("forward" not in module.__dict__ for module in net.modules())  # put back after an error
    with fast_inference(net):
        x.requires_grad_(True)
        net(x).sum().backward()  # with gradients: torch's kernels, so autograd works as in training
    assert x.grad is not None and torch.isfinite(x.grad).all()
    capture_outputs(net, x.detach())
    assert all("forward" not in module.__dict__ for module in net.modules())
    assert not net.training  # the probe leaves an eval-mode model in eval mode...
    net.train()
    capture_outputs(net, x.detach())
    assert net.training  # ...and a training one in training mode


@pytest.mark.parametrize("classes", [1, 2, 3, 10])
def test_the_colour_field_is_the_palette_mix_paled_by_confidence(classes: int) -> None:
    rng = np.random.default_rng(classes)
    probs = rng.dirichlet(np.ones(max(classes, 2)), size=(20, 30)).astype(np.float32)
    if classes == 1:
        probs = probs[..., 1:]  # a single sigmoid output: the probability of class 1
    field = probabilities_to_rgb(probs)
    # The formula written out: the expected class colour, mixed with white by 0.15 + 0.55 · confidence.
    full = np.concatenate([1 - probs, probs], -1) if classes == 1 else probs
    count = full.shape[-1]
    palette = np.array([class_color(i) for i in range(count)], dtype=np.float64)
    confidence = np.clip((full.max(-1) - 1 / count) / (1 - 1 / count), 0, 1)[..., None]
    strength = 0.15 + 0.55 * confidence
    expected = 255 * (1 - strength) + (full @ palette) * strength
    assert field.dtype == np.uint8 and field.shape == (20, 30, 3)
    assert np.abs(field.astype(int) - np.clip(expected, 0, 255).astype(int)).max() <= 1


def test_with_malloc_keeping_freed_memory_a_probe_faults_no_pages_in() -> None:
    if not keep_freed_memory():
        pytest.skip("malloc's thresholds can only be set with glibc")
    project = load_example("spiral")
    setup = prepare(project)
    plan = ViewPlan(setup.dataset, project.graph, target_for(project))
    plan.plan_inside()
    model = setup.model.eval()
    for _ in range(3):  # the heap grows to the probe's peak once
        plan.frames(model)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        plan.frames(model)
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20
    # glibc's defaults: ~500 a probe (its 10,000-point tensors on fresh pages each time).
    assert faults < 25, f"{faults:.0f} page faults a probe"


@pytest.mark.parametrize("classes", [1, 2, 3])
def test_the_grid_knows_logits_from_probabilities_by_the_last_layer(classes: int) -> None:
    from netbuilder.core.graph import Graph
    from netbuilder.model.compiler import compile_graph
    from netbuilder.training.probes.grid import _to_probabilities, ends_in_probabilities

    graph = Graph()
    ids = [graph.add_node("Input", {"shape": [2]}, (0, 0)).id]
    for kind, params in (("Dense", {"out_features": 8}), ("Tanh", {}), ("Dense", {"out_features": classes})):
        ids.append(graph.add_node(kind, params, (0, 0)).id)
        graph.connect(ids[-2], ids[-1])
    logits = compile_graph(graph)
    ending = "Sigmoid" if classes == 1 else "Softmax"
    ids.append(graph.add_node(ending, {}, (0, 0)).id)
    graph.connect(ids[-2], ids[-1])
    probabilities = compile_graph(graph)
    assert ends_in_probabilities(logits) is False and ends_in_probabilities(probabilities) is True
    assert ends_in_probabilities(nn.Sequential(nn.Linear(2, 2))) is None  # no graph: the values decide
    z = torch.randn(4096, classes, generator=torch.Generator().manual_seed(classes)) * 5
    expected = torch.softmax(z, 1) if classes > 1 else torch.cat([1 - torch.sigmoid(z), torch.sigmoid(z)], 1)
    for told in (False, None):  # from the logits, told or found out
        assert torch.allclose(_to_probabilities(z, told), expected, atol=1e-6)
    given = expected if classes > 1 else expected[:, 1:]
    for told in (True, None):  # probabilities pass through
        assert torch.allclose(_to_probabilities(given, told), expected, atol=1e-7)
