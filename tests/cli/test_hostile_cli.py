"""Hostile projects on the command line: one `error:` line and exit 1, never a traceback."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example

BASE = load_example("xor").to_dict()


def _project(tmp_path: Path, change: Any, text: str | None = None) -> str:
    document = copy.deepcopy(BASE)
    if change is not None:
        change(document)
    path = tmp_path / "p.nbproj"
    path.write_text(text if text is not None else json.dumps(document), encoding="utf-8")
    return str(path)


def _one_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) >= 1 and all(line.startswith("error: ") for line in lines), err
    assert "Traceback" not in err
    return err


def _dataset(**spec: Any) -> Any:
    return lambda d: d.update(dataset=spec)


NESTED = json.dumps(BASE)[:-1] + ', "metadata": {"x": ' + "[" * 10_000 + "]" * 10_000 + "}}"
HOSTILE: dict[str, tuple[Any, str | None, str]] = {
    "unhashable type": (lambda d: d["graph"]["nodes"][1].update(type=["Tanh"]), None, "must be text"),
    "5000-digit int": (None, json.dumps(BASE).replace('"version": 1', '"version": ' + "9" * 5000), "5000 digits"),
    "10000 deep": (None, NESTED, "nested more than"),
    "optimizer list": (lambda d: d.update(training={"optimizer": [1]}), None, "training.optimizer"),
    "NUL in a path": (_dataset(kind="csv", path="a\x00b.csv"), None, "NUL"),
    "unknown ~user": (_dataset(kind="csv", path="~nosuchuser17/x.csv"), None, "no user"),
    "/dev/zero": (_dataset(kind="csv", path="/dev/zero"), None, "not a regular file"),
    "745 GiB dataset": (_dataset(kind="random-regression", samples=10**6, features=10**5), None, "would need"),
    "empty graph": (lambda d: d.update(graph={"nodes": [], "edges": []}), None, "one Input node"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_train_gives_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    change, text, message = HOSTILE[case]
    assert message in _one_error(capsys, "train", _project(tmp_path, change, text), "--epochs", "1", "--quiet")


@pytest.mark.parametrize(
    "case", ["unhashable type", "10000 deep", "optimizer list", "745 GiB dataset", "empty graph", "NUL in a path"]
)
def test_validate_reports_what_train_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    change, text, message = HOSTILE[case]
    assert message in _one_error(capsys, "validate", _project(tmp_path, change, text))


def test_validate_reports_a_model_too_big_for_the_machine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def huge(document: dict[str, Any]) -> None:
        for node in document["graph"]["nodes"]:
            if node["type"] == "Dense":
                node["params"]["out_features"] = 10**6

    path = _project(tmp_path, huge)
    for command in ("validate", "train", "export"):
        extra = ["-f", "pt", "-o", str(tmp_path / "m.pt")] if command == "export" else []
        err = _one_error(capsys, command, path, *extra)
        assert "parameters (largest: node" in err and "would need about" in err


def test_npz_with_an_empty_feature_axis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.savez(tmp_path / "d.npz", x=np.zeros((40, 0), np.float32), y=np.zeros(40, np.int64))
    path = _project(tmp_path, _dataset(kind="npz", path="d.npz"))
    assert "no values" in _one_error(capsys, "train", path, "--epochs", "1")


def test_train_checks_the_output_folder_before_training(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_error(capsys, "train", "example:xor", "--epochs", "1000000", "--out", "/proc/x")
    assert "--out: cannot write" in err  # at once: a million epochs were not trained first


def test_a_seed_beyond_int64_is_one_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "training.seed" in _one_error(capsys, "train", "example:xor", "--seed", "1180591620717411303424")


def test_export_weights_from_a_fifo_does_not_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "w.safetensors"
    os.mkfifo(fifo)
    err = _one_error(capsys, "export", "example:xor", "-f", "pt", "-o", str(tmp_path / "m.pt"), "-w", str(fifo))
    assert "not a regular file" in err


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    path = _project(tmp_path, None, NESTED)
    completed = subprocess.run(
        [sys.executable, "-m", "netbuilder.cli.main", "validate", path],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("error: ") and completed.stderr.count("\n") == 1


def test_download_refuses_unknown_users_and_endless_checksum_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "no user" in _one_error(capsys, "download", "mnist", "--folder", "~nosuchuser17/x")
    err = _one_error(capsys, "download", "mnist", "--checksums", "/dev/zero", "--folder", str(tmp_path))
    assert "not a regular file" in err


def test_code_refuses_a_class_name_that_would_inject(capsys: pytest.CaptureFixture[str]) -> None:
    assert "identifier" in _one_error(capsys, "code", "example:xor", "--class-name", "X(nn.Module): pass\nimport os")


def test_one_error_stays_one_line_whatever_it_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, lambda d: d.update(training={"optimizer": {"\x85\n\x1b[31m": 1}}))
    err = _one_error(capsys, "train", path)
    assert err.count("\n") == 1 and "\x1b" not in err
