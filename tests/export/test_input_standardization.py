"""An exported model takes raw data: the app's input standardisation travels inside it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.data import build_dataset
from netbuilder.export import ExportOptions, export_model
from netbuilder.training import prepare


def accuracy(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return float((model(x).argmax(-1) == y).float().mean())


@pytest.fixture(scope="module")
def trained() -> tuple[object, torch.nn.Module]:
    project = load_example("seed-digits-mlp")
    assert project.dataset.get("normalize") is True
    project.training["epochs"] = 5
    setup = prepare(project)
    for _event in setup.trainer().run():
        pass
    return project, setup.model.eval()


def test_py_export_scores_the_same_on_raw_pixels(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, model = trained
    normalized = build_dataset(project.dataset)
    raw = build_dataset({**project.dataset, "normalize": False})
    assert torch.equal(raw.y_test, normalized.y_test)  # same seeded split either way
    in_app = accuracy(model, normalized.x_test, normalized.y_test)
    assert in_app > 0.9

    result = export_model(project, ExportOptions(format="py", out=tmp_path / "digits.py"), module=model)
    assert result.ok and any("raw data" in note for note in result.notes)
    spec = importlib.util.spec_from_file_location("exported_digits", tmp_path / "digits.py")
    assert spec is not None and spec.loader is not None
    exported = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exported)
    standalone = exported.load()
    assert accuracy(standalone, raw.x_test, raw.y_test) == pytest.approx(in_app)
    # Without the standardisation the raw pixels would be misread: the check above is not vacuous.
    assert accuracy(model, raw.x_test, raw.y_test) < in_app - 0.05


def test_onnx_export_scores_the_same_on_raw_pixels(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, model = trained
    raw = build_dataset({**project.dataset, "normalize": False})
    normalized = build_dataset(project.dataset)
    in_app = accuracy(model, normalized.x_test, normalized.y_test)
    export_model(project, ExportOptions(format="onnx", out=tmp_path / "digits.onnx"), module=model)
    import numpy as np

    np.save(tmp_path / "x.npy", raw.x_test.numpy())
    code = (
        "import numpy as np, onnxruntime as ort;"
        f"s = ort.InferenceSession(r'{tmp_path / 'digits.onnx'}');"
        f"x = np.load(r'{tmp_path / 'x.npy'}');"
        "print(' '.join(map(str, s.run(None, {s.get_inputs()[0].name: x})[0].argmax(-1))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    predicted = torch.tensor([int(v) for v in out.stdout.split()])
    assert float((predicted == raw.y_test).float().mean()) == pytest.approx(in_app)


def test_training_stores_the_statistics_and_exports_use_them(tmp_path: Path) -> None:
    from netbuilder.cli.main import main
    from netbuilder.core.project import load_project

    out = tmp_path / "run"
    assert main(["train", "example:seed-linear-neuron", "--epochs", "3", "--out", str(out), "--quiet"]) == 0
    saved = load_project(out / "project.nbproj")
    stats = saved.metadata["normalization"]
    assert stats["mean"] == pytest.approx([3.0, 4.0])  # inputs [[1, 2], [3, 4], [5, 6]]
    # An export takes the stored statistics, not new ones: make them recognisable and check.
    saved.metadata["normalization"] = {**stats, "mean": [10.0, 20.0]}
    result = export_model(saved, ExportOptions(format="pt", out=tmp_path / "m.pt", weights=out / "weights.safetensors"))
    assert result.ok
    state = torch.load(tmp_path / "m.pt", weights_only=True)
    assert state["input_norm.mean"].tolist() == [10.0, 20.0]
