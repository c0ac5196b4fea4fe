"""Small hand-made datasets and models for the training tests (no graph compiler needed)."""

from __future__ import annotations

import torch
from torch import nn

from netbuilder.training.tensors import TrainData


def blobs(n: int = 200, seed: int = 0) -> TrainData:
    """Two separable 2-D classes, split 60/20/20."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=g)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    a, b = int(n * 0.6), int(n * 0.8)
    return TrainData.from_arrays("classification", x[:a], y[:a], x[a:b], y[a:b], x[b:], y[b:], 2)


def line(n: int = 100, seed: int = 0) -> TrainData:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=g) * 4 - 2
    y = 3 * x - 1
    return TrainData.from_arrays("regression", x[:80], y[:80], x[80:], y[80:], x[80:], y[80:])


def mlp(inputs: int = 2, hidden: int = 8, outputs: int = 2) -> nn.Sequential:
    return nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, outputs))
