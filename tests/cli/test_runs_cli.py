"""The command line and runs: `train` records one, `runs` lists them, `export --run` and `--format hf` use them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.core.project import load_project, save_project
from netbuilder.export.weights import fresh_module, load_weights_file
from netbuilder.model.compiler import example_inputs
from netbuilder.training.runs.store import RunStore


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "xor.nbproj"
    save_project(load_example("xor"), path)
    return path


def _json(capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_train_records_runs_that_runs_lists(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for lr in ("0.02", "0.2"):
        assert main(["train", str(project), "--epochs", "4", "--seed", "1", "--lr", lr, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["runs", str(project), "--json"]) == 0
    runs = _json(capsys)["runs"]
    assert [(r["id"], r["status"], r["epochs"]) for r in runs] == [
        ("run-0001", "finished", 4),
        ("run-0002", "finished", 4),
    ]
    assert [r["training"]["optimizer"]["lr"] for r in runs] == [0.02, 0.2]
    assert runs[0]["final"]["accuracy"] >= 0 and runs[0]["size_bytes"] > 0 and runs[0]["checkpoints"][-1] == 4
    assert main(["runs", str(project)]) == 0
    text = capsys.readouterr().out
    assert "run-0001" in text and "lr 0.2" in text
    # The headless run wrote TensorBoard files too.
    events = EventAccumulator(str(RunStore.beside(project).root / "run-0001" / "tb"))
    events.Reload()
    assert len(events.Scalars("loss/train")) == 4 and events.Tags()["histograms"]


def test_runs_lists_a_damaged_folder_without_failing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(project), "--epochs", "1", "--quiet"]) == 0
    broken = RunStore.beside(project).root / "run-0002"
    broken.mkdir()
    (broken / "run.json").write_bytes(b"\x00garbage")
    capsys.readouterr()
    assert main(["runs", str(project), "--json"]) == 0
    assert [r["status"] for r in _json(capsys)["runs"]] == ["finished", "damaged"]


def test_export_uses_the_latest_run_or_the_one_named(project: Path, tmp_path: Path) -> None:
    assert main(["train", str(project), "--epochs", "2", "--seed", "1", "--quiet"]) == 0
    assert main(["train", str(project), "--epochs", "2", "--seed", "2", "--quiet"]) == 0
    store = RunStore.beside(project)
    for run_id, args in (("run-0002", []), ("run-0001", ["--run", "run-0001"])):
        out = tmp_path / f"{run_id}.safetensors"
        assert main(["export", str(project), "-f", "safetensors", "-o", str(out), *args]) == 0
        exported = load_project(project)
        module = fresh_module(exported.graph, 0)
        load_weights_file(module, out)
        expected = store.final_weights(run_id)
        assert expected is not None
        assert all(torch.equal(module.state_dict()[k], v) for k, v in expected.items())
    assert main(["export", str(project), "-f", "pt", "-o", str(tmp_path / "x.pt"), "--run", "run-7"]) == 1


def test_hf_export_reloads_and_matches_the_app(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", str(project), "--epochs", "3", "--seed", "1", "--quiet"]) == 0
    out = tmp_path / "hf"
    assert main(["export", str(project), "--format", "hf", "--out", str(out)]) == 0
    assert "verified in a fresh process" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "config.json", "model.py", "model.safetensors"]
    config = json.loads((out / "config.json").read_text())
    saved = load_project(project)
    assert config["graph"] == saved.graph.to_dict() and config["model_type"] == "netbuilder"
    card = (out / "README.md").read_text()
    entry = RunStore.beside(project).entries()[0]
    assert f"| accuracy | {entry.final_metrics['accuracy']:.4g} |" in card and "| epochs | 3 |" in card
    spec = importlib.util.spec_from_file_location("hf_model", out / "model.py")
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    net = loaded.load()
    app = fresh_module(saved.graph, 0)
    weights = RunStore.beside(project).final_weights("run-0001")
    assert weights is not None
    app.load_state_dict(weights)
    app.eval()
    inputs = example_inputs(saved.graph, batch=16, seed=3)
    with torch.no_grad():
        torch.testing.assert_close(net(*inputs), app(*inputs), rtol=0, atol=1e-6)
    # A folder that is not empty is refused with one line, not overwritten.
    assert main(["export", str(project), "--format", "hf", "--out", str(out)]) == 1
    assert "new or empty folder" in capsys.readouterr().err
