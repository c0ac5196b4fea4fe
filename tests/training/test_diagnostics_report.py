"""The end-of-run diagnostics of ``netbuilder train --json`` against the probes and direct computations."""

from __future__ import annotations

import json
import math

import pytest
import torch

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.training import probes
from netbuilder.training.config import TrainConfig
from netbuilder.training.diagnostics import REGION_RESOLUTION, diagnostics_report, is_plane_classifier
from netbuilder.training.events import Finished
from netbuilder.training.session import TrainingSetup, prepare
from netbuilder.training.trainer import final_event


def _trained(name: str, epochs: int = 3) -> TrainingSetup:
    project = load_example(name)
    setup = prepare(project, TrainConfig.from_dict({**project.training, "epochs": epochs, "seed": 0}))
    assert isinstance(final_event(setup.trainer().run()), Finished)
    return setup


def test_relu_classifier_on_the_plane() -> None:
    setup = _trained("circles")
    report = diagnostics_report(setup)
    layers = report["layers"]
    assert set(layers) == {"fc1", "relu1", "fc2"}
    for node in ("fc1", "fc2"):
        module = setup.model.get_submodule(node)
        direct = math.sqrt(sum(float(p.grad.norm()) ** 2 for p in module.parameters()))  # type: ignore[union-attr]
        assert layers[node]["grad_norm"] == pytest.approx(direct, rel=1e-6)
    with torch.no_grad():
        hidden = setup.model.get_submodule("relu1")(setup.model.get_submodule("fc1")(setup.data.x_train))
    assert layers["relu1"]["dead_share"] == pytest.approx(float((hidden <= 0).all(0).float().mean()))
    featurize, extent = probes.plane_featurizer(setup.dataset)
    count = probes.region_map(setup.model, extent, REGION_RESOLUTION, featurize).count
    assert report["linear_regions"] == {"count": count, "extent": extent, "resolution": REGION_RESOLUTION}
    assert count > 1


def test_tanh_network_reports_saturation_and_no_regions() -> None:
    setup = _trained("xor", epochs=2)
    report = diagnostics_report(setup)
    assert is_plane_classifier(setup.dataset)
    assert report["linear_regions"] is None  # no ReLU: the plane is one region, nothing to count
    assert 0.0 <= report["layers"]["tanh1"]["saturated_share"] <= 1.0
    assert not is_plane_classifier(_trained("seed-mlp-regression", epochs=1).dataset)


def test_train_json_carries_the_diagnostics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "example:circles", "--epochs", "2", "--json", "--quiet", "--seed", "0"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    diagnostics = data["diagnostics"]
    assert diagnostics["layers"]["fc1"]["grad_norm"] > 0
    assert 0.0 <= diagnostics["layers"]["relu1"]["dead_share"] <= 1.0
    assert diagnostics["linear_regions"]["count"] >= 1 and diagnostics["linear_regions"]["resolution"] == 200
