from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from netbuilder.training.checkpoint import load_weights, read_weights, save_weights
from netbuilder.training.errors import WeightsError
from tests.training.helpers import mlp


def test_round_trip_with_metadata(tmp_path: Path) -> None:
    model = mlp()
    path = tmp_path / "w.safetensors"
    save_weights(model, path, {"epochs": 3, "project": "demo"})
    other = mlp()
    meta = load_weights(other, path)
    assert meta == {"epochs": "3", "project": "demo"}
    for a, b in zip(model.state_dict().values(), other.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    assert not path.read_bytes().startswith(b"\x80")  # not a pickle


def test_mismatches_name_the_tensors(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    save_weights(mlp(hidden=8), path)
    with pytest.raises(WeightsError, match=r"shape mismatch: 0\.weight \(file \(8, 2\), model \(4, 2\)\)"):
        load_weights(mlp(hidden=4), path)
    bigger = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2), nn.Linear(2, 2))
    with pytest.raises(WeightsError, match=r"missing tensors: 3\.weight, 3\.bias"):
        load_weights(bigger, path)
    with pytest.raises(WeightsError, match=r"unexpected tensors: 2\.(weight|bias), 2\.(weight|bias)"):
        load_weights(nn.Sequential(nn.Linear(2, 8)), path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="no such"):
        read_weights(tmp_path / "missing.safetensors")
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00hello")
    with pytest.raises(WeightsError, match="not a valid safetensors"):
        read_weights(bad)
