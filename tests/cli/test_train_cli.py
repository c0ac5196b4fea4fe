from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.core.project import save_project
from netbuilder.training.checkpoint import load_weights


def test_json_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "example:xor", "--epochs", "3", "--json", "--seed", "1", "--device", "cpu"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out.strip().splitlines()[-1])
    assert {"train_loss", "val_loss", "test", "epochs", "seconds", "device"} <= set(data)
    assert set(data["test"]) == {"accuracy", "precision", "recall", "f1"}
    assert data["epochs"] == 3 and data["device"] == "cpu"
    assert "epoch 3/3" in err  # plain progress lines when stderr is not a terminal


def test_regression_json_and_out_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    assert main(["train", "example:seed-mlp-regression", "--epochs", "2", "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(data["test"]) == {"mse", "rmse", "mae", "r2"}
    assert sorted(p.name for p in out.iterdir()) == ["metrics.json", "project.nbproj", "weights.safetensors"]
    metrics = json.loads((out / "metrics.json").read_text())
    assert len(metrics["history"]) == 2 and metrics["final"]["epochs"] == 2
    from netbuilder.core.project import load_project
    from netbuilder.model.compiler import compile_graph

    copy = load_project(out / "project.nbproj")
    assert copy.training["epochs"] == 2
    load_weights(compile_graph(copy.graph), out / "weights.safetensors")


def test_overrides_for_the_seed_002_setting(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["train", "example:seed-digits-mlp", "--optimizer", "sgd", "--lr", "0.01", "--batch-size", "32"]
    assert main([*args, "--epochs", "1", "--json", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out.strip().splitlines()[-1])["epochs"] == 1 and err == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.training.update(optimizer={"type": "lbfgs"}), "training.optimizer.type"),
        (lambda p: p.training.update(batch_size=0), "training.batch_size"),
        (lambda p: p.dataset.update(kind="nonsense"), "kind"),
        (lambda p: p.graph.set_param("input1", "shape", [3]), "input1"),
    ],
)
def test_bad_inputs_give_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object, message: str
) -> None:
    project = load_example("xor")
    change(project)  # type: ignore[operator]
    path = tmp_path / "bad.nbproj"
    save_project(project, path)
    assert main(["train", str(path), "--epochs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_missing_project(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "/nonexistent/x.nbproj"]) == 1
    assert "error:" in capsys.readouterr().err


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_writes_outputs(tmp_path: Path) -> None:
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "netbuilder",
            "train",
            "example:spiral",
            "--epochs",
            "100000",
            "--json",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until training is under way
        line = proc.stderr.readline()
        if line.startswith("epoch 2/"):
            break
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "stopped" in stderr
    data = json.loads(stdout.strip().splitlines()[-1])
    assert data["epochs"] >= 2 and data["test"]["accuracy"] > 0
    assert sorted(p.name for p in out.iterdir()) == ["metrics.json", "project.nbproj", "weights.safetensors"]
    assert json.loads((out / "metrics.json").read_text())["status"] == "stopped"
