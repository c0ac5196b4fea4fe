"""Hostile weights files: one WeightsError (no RecursionError, AttributeError or endless read), and
``weights_mismatch`` names every tensor that does not fit."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as st_save

from netbuilder.training.checkpoint import (
    read_history,
    read_weights,
    save_weights,
    weights_mismatch,
)
from netbuilder.training.errors import WeightsError
from tests.special_files import endless_files
from tests.training.helpers import mlp


def _file(tmp_path: Path, metadata: dict[str, str]) -> Path:
    path = tmp_path / "w.safetensors"
    path.write_bytes(st_save({"a": torch.zeros(2)}, metadata=metadata))
    return path


@pytest.mark.parametrize(
    "history",
    [
        "[" * 100_000 + "]" * 100_000,  # RecursionError in json.loads before
        '{"a":1}',  # a dict: list() of it gave its keys, then .get on a str raised AttributeError
        "not json",
        "[1, 2]",
        '[{"epoch": "three"}]',
        '[{"epoch": 1, "train_loss": [0.1]}]',
        "[" + "9" * 5000 + "]",
    ],
)
def test_hostile_history_metadata_is_one_weights_error(tmp_path: Path, history: str) -> None:
    with pytest.raises(WeightsError, match="history"):
        read_weights(_file(tmp_path, {"history": history}))


def test_a_real_history_reads_back_with_nan_losses(tmp_path: Path) -> None:
    history = [{"epoch": 1, "train_loss": 0.5, "val_loss": None, "lr": 0.01}, {"epoch": 2, "train_loss": float("nan")}]
    path = tmp_path / "w.safetensors"
    save_weights(mlp(), path, {"history": history})
    _tensors, metadata = read_weights(path)
    read = read_history(metadata)
    assert read[0] == history[0] and read[1]["train_loss"] != read[1]["train_loss"]


def test_a_deeply_nested_header_is_refused(tmp_path: Path) -> None:
    header = json.dumps({"__metadata__": {"x": "y"}}).replace('"y"', "[" * 5000 + "]" * 5000).encode()
    path = tmp_path / "w.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header)
    with pytest.raises(WeightsError, match="not a valid safetensors file"):
        read_weights(path)


def test_a_header_longer_than_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    path.write_bytes(struct.pack("<Q", 2**60) + b"{}")
    with pytest.raises(WeightsError, match="a header of"):
        read_weights(path)


def test_devices_and_fifos_are_not_read(tmp_path: Path) -> None:
    for path in endless_files(tmp_path, "w.safetensors"):
        with pytest.raises(WeightsError, match="not a regular file"):
            read_weights(path)


def test_weights_mismatch_names_every_missing_unexpected_and_misshaped_tensor() -> None:
    model = mlp(hidden=4)
    expected = {k: v.shape for k, v in model.state_dict().items()}
    weights = dict(model.state_dict())
    del weights["0.bias"]
    weights["0.weight"] = torch.zeros(8, 2)
    weights["extra"] = torch.zeros(1)
    problems = weights_mismatch(expected, weights)
    assert len(problems) == 3
    assert any("missing" in p and "0.bias" in p for p in problems)
    assert any("unexpected" in p and "extra" in p for p in problems)
    assert any("0.weight" in p and "(8, 2)" in p and "(4, 2)" in p for p in problems)
    assert weights_mismatch(expected, model.state_dict()) == []


def test_saved_weights_keep_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "w.safetensors"
        save_weights(mlp(), path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
