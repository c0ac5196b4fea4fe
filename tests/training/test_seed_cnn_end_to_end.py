"""Acceptance: ``netbuilder train example:seed-cnn`` trains the real seed CNN offline on the built-in 28×28
digits to ≥ 95% test accuracy within a minute; the same network on MNIST-format files found in the per-user
datasets folder (small synthetic ones here) runs end to end, and says what to do without them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.core.project import save_project
from netbuilder.data.locations import DATA_DIR_ENV
from tests.data.test_idx import NAMES, write_idx_folder


def mnist_project(folder: Path) -> str:
    """The seed CNN reading MNIST from the datasets folder (the example itself uses the built-in digits)."""
    project = load_example("seed-cnn")
    project.dataset = {"kind": "idx", "folder": "mnist", "layout": "image"}
    folder.mkdir(exist_ok=True)
    path = folder / "seed-cnn-mnist.nbproj"
    save_project(project, path)
    return str(path)


def test_seed_cnn_trains_offline_to_95_percent_within_a_minute(capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    code = main(["train", "example:seed-cnn", "--json", "--device", "cpu", "--seed", "0"])
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert code == 0, err
    metrics = json.loads(out.strip().splitlines()[-1])
    assert metrics["test"]["accuracy"] >= 0.95, metrics["test"]
    assert metrics["seconds"] <= 60 and elapsed <= 90, (metrics["seconds"], elapsed)


def synthetic_mnist(n_train: int, n_test: int, seed: int = 0) -> dict[str, np.ndarray]:
    """28×28 uint8 images whose class k is a bright 8×8 block at cell k of a 5×2 grid, plus noise."""
    rng = np.random.default_rng(seed)

    def images(n: int) -> tuple[np.ndarray, np.ndarray]:
        labels = (np.arange(n) % 10).astype(np.uint8)
        rng.shuffle(labels)
        pixels = rng.integers(0, 60, (n, 28, 28)).astype(np.uint8)
        for i, k in enumerate(labels):
            row, col = 2 + 13 * (k // 5), 1 + 5 * (k % 5)
            pixels[i, row : row + 8, col : col + 5] = rng.integers(180, 256, (8, 5))
        return pixels, labels

    train_x, train_y = images(n_train)
    test_x, test_y = images(n_test)
    return dict(zip(NAMES, (train_x, train_y, test_x, test_y), strict=True))


def test_seed_cnn_trains_from_the_datasets_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    write_idx_folder(tmp_path / "data" / "mnist", synthetic_mnist(256, 64), gz=True)
    start = time.perf_counter()
    code = main(["train", mnist_project(tmp_path), "--epochs", "1", "--json", "--device", "cpu", "--seed", "0"])
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert code == 0, err
    metrics = json.loads(out.strip().splitlines()[-1])
    assert metrics["epochs"] == 1 and metrics["device"] == "cpu"
    assert set(metrics["test"]) == {"accuracy", "precision", "recall", "f1"}
    assert np.isfinite(metrics["train_loss"]) and 0.0 <= metrics["test"]["accuracy"] <= 1.0
    assert "epoch 1/1" in err and "error" not in err
    assert elapsed < 15, f"seed-cnn end to end took {elapsed:.1f}s"


def test_seed_cnn_without_data_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    assert main(["train", mnist_project(tmp_path / "project"), "--epochs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: MNIST files not found (looked in {tmp_path / 'project' / 'mnist'} and {tmp_path / 'data' / 'mnist'}). "
        "Download them with: netbuilder download mnist — or set the dataset's folder to one holding "
        "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), "
        "t10k-labels-idx1-ubyte(.gz)."
    ]
