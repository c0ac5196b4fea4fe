"""Convolution probes equal a direct torch computation on the same weights."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import fx, nn

from netbuilder.training.probes import conv


def small_cnn() -> fx.GraphModule:
    torch.manual_seed(0)
    root = nn.Module()
    root.add_module("conv1", nn.Conv2d(1, 4, 3, padding=1))
    root.add_module("relu1", nn.ReLU())
    root.add_module("pool1", nn.MaxPool2d(2))
    root.add_module("conv2", nn.Conv2d(4, 6, 3, stride=2))
    root.add_module("flat", nn.Flatten())
    root.add_module("fc", nn.Linear(6 * 2 * 2, 3))
    root.add_module("soft", nn.Softmax(dim=-1))
    graph = fx.Graph()
    x = graph.placeholder("x")
    for name in ("conv1", "relu1", "pool1", "conv2", "flat", "fc", "soft"):
        x = graph.call_module(name, (x,))
    graph.output(x)
    return fx.GraphModule(root, graph)


def test_feature_maps_are_conv2d_of_the_input_and_pooling_of_that() -> None:
    model = small_cnn()
    x = torch.randn(5, 1, 12, 12)
    probe = conv.image_probe(model, x, conv.map_layers(model))
    c1 = model.get_submodule("conv1")
    direct1 = F.conv2d(x, c1.weight, c1.bias, padding=1)
    np.testing.assert_allclose(probe.maps["conv1"], direct1.detach().numpy(), atol=1e-6)
    pooled = F.max_pool2d(F.relu(direct1), 2)
    np.testing.assert_allclose(probe.maps["pool1"], pooled.detach().numpy(), atol=1e-6)
    c2 = model.get_submodule("conv2")
    np.testing.assert_allclose(
        probe.maps["conv2"], F.conv2d(pooled, c2.weight, c2.bias, stride=2).detach().numpy(), atol=1e-5
    )
    np.testing.assert_allclose(probe.output, model(x).detach().numpy(), atol=1e-6)
    assert conv.map_layers(model) == ["conv1", "pool1", "conv2"] and conv.conv_layers(model) == ["conv1", "conv2"]


def test_saliency_is_gradient_times_input_of_each_samples_predicted_class() -> None:
    model = small_cnn()
    x = torch.randn(3, 1, 12, 12)
    probe = conv.image_probe(model, x, [])
    assert all(p.grad is None for p in model.parameters())  # the probe leaves the trainer's gradients alone
    assert probe.saliency is not None
    for i in range(3):
        xi = x[i : i + 1].clone().requires_grad_(True)
        out = model(xi)
        out[0, out[0].argmax()].backward()
        assert xi.grad is not None
        np.testing.assert_allclose(probe.saliency[i], (xi.grad * xi).sum(1)[0].detach().numpy(), atol=1e-6)


def test_maps_without_saliency_are_the_same_maps() -> None:
    """Without the saliency the probe skips autograd; the maps and output are those of the full probe."""
    model = small_cnn()
    x = torch.randn(4, 1, 12, 12)
    full = conv.image_probe(model, x, ["conv1", "pool1", "conv2"])
    light = conv.image_probe(model, x, ["conv1", "pool1", "conv2"], saliency=False)
    assert light.saliency is None and set(light.maps) == set(full.maps)
    for name, maps in full.maps.items():
        np.testing.assert_allclose(light.maps[name], maps, atol=1e-6)
    np.testing.assert_allclose(light.output, full.output, atol=1e-6)
    c1 = model.get_submodule("conv1")
    direct = F.conv2d(x, c1.weight, c1.bias, padding=1).detach().numpy()
    np.testing.assert_allclose(light.maps["conv1"], direct, atol=1e-5)


def test_one_output_value_is_the_sum_of_kernel_times_patch_plus_bias() -> None:
    model = small_cnn()
    x = torch.randn(1, 1, 12, 12)
    probe = conv.image_probe(model, x, ["conv1", "conv2"])
    for layer, (ch, r, c) in (("conv1", (2, 0, 5)), ("conv1", (1, 11, 11)), ("conv2", (5, 1, 0))):
        step = conv.conv_output_step(model, layer, x, ch, r, c)
        assert abs(step.total - float(probe.maps[layer][0, ch, r, c])) < 1e-5
        assert abs(float(step.products.sum()) + step.bias - step.total) < 1e-5
        assert step.patch.shape == step.kernel.shape
    filters = conv.conv_filters(model, "conv2")
    assert filters.shape == (6, 4, 3, 3)
    np.testing.assert_array_equal(filters, model.get_submodule("conv2").weight.detach().numpy())


def test_predictions_are_the_argmax_of_the_output() -> None:
    model = small_cnn()
    x = torch.randn(40, 1, 12, 12)
    np.testing.assert_array_equal(conv.predictions(model, x, batch=7), model(x).argmax(1).numpy())
