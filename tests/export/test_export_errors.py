"""Bad input gives one clear error and leaves nothing half-written behind."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.export import ExportError, ExportOptions, VerificationError, export_model, fresh_module
from netbuilder.export import verify as verify_module
from netbuilder.export.verify import CheckResult
from netbuilder.export.weights import load_weights_file
from netbuilder.training.errors import WeightsError


class _Payload:
    """Unpickling this runs code: it creates ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_crafted_pickle_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.pt"
    with evil.open("wb") as handle:
        pickle.dump({"fc1.weight": _Payload(marker)}, handle)
    module = fresh_module(load_example("xor").graph)
    with pytest.raises(WeightsError, match="refused to load"):
        load_weights_file(module, evil)
    assert not marker.exists()


def test_mismatched_weights_are_named(tmp_path: Path) -> None:
    weights = tmp_path / "spiral.pt"
    torch.save(fresh_module(load_example("spiral").graph).state_dict(), weights)
    with pytest.raises(WeightsError) as caught:
        export_model(load_example("xor"), ExportOptions("pt", tmp_path / "x.pt", weights=weights))
    message = str(caught.value)
    assert "unexpected tensors: fc3.weight" in message
    assert "fc1.weight (file (16, 2), model (8, 2))" in message
    assert not (tmp_path / "x.pt").exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ExportError, match="folder does not exist"):
        export_model(load_example("xor"), ExportOptions("pt", blocker / "x.pt"))


def test_failed_check_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(jobs: list[object]) -> list[CheckResult]:
        return [CheckResult("pt x.pt", False, 0.5)]

    monkeypatch.setattr("netbuilder.export.exporter.run_checks", failing)
    with pytest.raises(VerificationError, match=r"max \|diff\| = 0\.5"):
        export_model(load_example("xor"), ExportOptions("py", tmp_path / "x.py"))
    assert list(tmp_path.iterdir()) == []
    assert verify_module.DEFAULT_TOLERANCE == 1e-5


def test_quantisation_is_refused_for_traced_formats(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot be exported as onnx"):
        export_model(load_example("xor"), ExportOptions("onnx", tmp_path / "x.onnx", quantize=True))


def test_quantised_and_pruned_pt_export_verifies(tmp_path: Path) -> None:
    result = export_model(load_example("xor"), ExportOptions("pt", tmp_path / "q.pt", quantize=True, prune=0.5))
    assert result.ok
    assert [r.metric_name for r in result.compression] == ["accuracy", "accuracy"]
    assert "pruning" in result.compression[0].method
    assert (tmp_path / "q.pt").exists()


def test_trained_weights_export_and_notes(tmp_path: Path) -> None:
    project = load_example("lstm-sequence")
    weights = tmp_path / "w.pt"
    torch.save(fresh_module(project.graph, seed=3).state_dict(), weights)
    result = export_model(project, ExportOptions("pt2", tmp_path / "m.pt2", weights=weights))
    assert result.ok and result.max_abs_diff is not None and result.max_abs_diff <= 1e-5
    assert any("sequence length" in note for note in result.notes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pt2", "w.pt"]
