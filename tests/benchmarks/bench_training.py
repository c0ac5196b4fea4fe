"""Benchmark: training steps/s of the engine vs a hand-written PyTorch loop vs the DataLoader idiom.

Same model, batch size, optimiser (Adam), data (in-memory tensors) and thread count for all three;
best of ``--repeats`` runs each, interleaved so that load from other processes hits all alike.
Run: ``python tests/benchmarks/bench_training.py``. Not a test: prints a table.
"""

from __future__ import annotations

import argparse
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from netbuilder.training.config import TrainConfig
from netbuilder.training.device import pick_threads
from netbuilder.training.tensors import TrainData
from netbuilder.training.trainer import Trainer, final_event


def make_mlp(sizes: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def engine(sizes: list[int], x: torch.Tensor, y: torch.Tensor, batch: int, epochs: int) -> float:
    data = TrainData.from_arrays("classification", x, y, num_classes=sizes[-1])
    config = TrainConfig.from_dict(
        {"epochs": epochs, "batch_size": batch, "loss": "cross_entropy", "device": "cpu", "seed": 0}
    )
    end = final_event(Trainer(make_mlp(sizes), data, config).run())
    return end.result.steps / end.result.seconds


def hand_loop(sizes: list[int], x: torch.Tensor, y: torch.Tensor, batch: int, epochs: int) -> float:
    model = make_mlp(sizes)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    n, steps = x.shape[0], 0
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for lo in range(0, n, batch):
            idx = perm[lo : lo + batch]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()  # every real loop reads the loss (to log or plot it)
            steps += 1
    return steps / (time.perf_counter() - start)


def dataloader_loop(sizes: list[int], x: torch.Tensor, y: torch.Tensor, batch: int, epochs: int) -> float:
    """Seed 004's idiom: TensorDataset + DataLoader(shuffle=True)."""
    model = make_mlp(sizes)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True)
    steps = 0
    start = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in loader:
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()
            steps += 1
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    cases = [
        ("2-16-16-2, batch 32", [2, 16, 16, 2], 4000, 32, 10),
        ("784-512-512-10, batch 256", [784, 512, 512, 10], 5120, 256, 2),
    ]
    Trainer  # noqa: B018 - imported above; warm up torch.optim/dynamo imports before timing
    torch.optim.Adam(nn.Linear(1, 1).parameters())
    print(f"{'model':<28}{'engine':>10}{'hand loop':>11}{'DataLoader':>12}{'eng/hand':>10}{'eng/DL':>8}  (steps/s)")
    for label, sizes, n, batch, epochs in cases:
        x = torch.randn(n, sizes[0])
        y = torch.randint(0, sizes[-1], (n,))
        threads = pick_threads(sum(p.numel() for p in make_mlp(sizes).parameters()))
        best = {"engine": 0.0, "hand": 0.0, "dl": 0.0}
        for _ in range(args.repeats):
            best["engine"] = max(best["engine"], engine(sizes, x, y, batch, epochs))
            torch.set_num_threads(threads)  # the engine restores the caller's count; match its choice
            best["hand"] = max(best["hand"], hand_loop(sizes, x, y, batch, epochs))
            best["dl"] = max(best["dl"], dataloader_loop(sizes, x, y, batch, epochs))
        print(
            f"{label:<28}{best['engine']:>10.0f}{best['hand']:>11.0f}{best['dl']:>12.0f}"
            f"{best['engine'] / best['hand']:>10.2f}{best['engine'] / best['dl']:>8.2f}   threads={threads}"
        )
    playground_spiral()


def playground_spiral() -> None:
    """TensorFlow Playground's spiral setting (architecture.md: 33 epochs/s there), with live views on."""
    from netbuilder.data import build_dataset
    from netbuilder.training.events import EpochStats, Finished, Snapshot
    from netbuilder.training.probes import decision_grid, plane_featurizer

    dataset = build_dataset({"kind": "spiral", "samples": 500, "split": [0.5, 0.0, 0.5], "seed": 1})
    to_inputs, extent = plane_featurizer(dataset)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))
    config = TrainConfig.from_dict(
        {"epochs": 300, "batch_size": 10, "optimizer": {"type": "sgd", "lr": 0.03}, "device": "cpu", "seed": 1}
    )
    trainer = Trainer(model, TrainData.from_dataset(dataset), config, snapshot_every_seconds=0.2)
    grids = 0
    first_below = None
    for event in trainer.run():
        if isinstance(event, Snapshot):
            decision_grid(event.model, extent, 100, featurize=to_inputs)
            grids += 1
        elif isinstance(event, EpochStats) and first_below is None and event.val_loss is not None:
            if event.val_loss < 0.05:
                first_below = event.elapsed
        elif isinstance(event, Finished):
            result = event.result
    rate = result.epochs / result.seconds
    print(
        f"\nPlayground spiral (2-8-8-2 tanh, SGD lr 0.03, batch 10, 250 train points): {rate:.0f} epochs/s with a"
        f" 100×100 decision grid {grids / result.seconds:.1f}×/s; test accuracy"
        f" {result.test_metrics['accuracy']:.3f} after {result.epochs} epochs ({result.seconds:.1f} s)"
    )


if __name__ == "__main__":
    main()
