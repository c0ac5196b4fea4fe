"""Run folders on disk: listing, loading, damaged folders, renaming and deleting, comparing two runs."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from netbuilder.training.runs.compare import comparison_rows, differences, legend_labels, run_settings
from netbuilder.training.runs.store import RunStore, runs_folder_for
from tests.training.runs.conftest import record_run


def test_two_runs_with_different_learning_rates_are_listed_and_their_difference_named(store: RunStore) -> None:
    first = record_run(store, "xor", epochs=6, seed=1, optimizer={"type": "adam", "lr": 0.02})
    second = record_run(store, "xor", epochs=6, seed=1, optimizer={"type": "adam", "lr": 0.2})
    entries = store.entries()
    assert [e.id for e in entries] == ["run-0001", "run-0002"]
    assert [e.status for e in entries] == ["finished", "finished"]
    assert [len(e.epochs) for e in entries] == [6, 6]
    assert entries[1].final_metrics == second.result.test_metrics  # type: ignore[union-attr]
    assert entries[0].size > 0 and entries[0].checkpoints[0] == 0 and entries[0].checkpoints[-1] == 6
    settings = [run_settings(e.project) for e in entries]
    assert differences(settings[0], settings[1]) == ["lr 0.02 → 0.2"]
    assert legend_labels(["a", "b"], settings) == ["a", "b: lr 0.02 → 0.2"]
    rows = {row.name: row for row in comparison_rows(settings, [{}, {}])}
    assert rows["lr"].differs and rows["lr"].values == ("0.02", "0.2")
    assert not rows["epochs"].differs
    loaded = store.load_run("run-0001")
    assert loaded.outcome == "finished" and [e.epoch for e in loaded.epochs] == [e.epoch for e in first.epochs]
    assert loaded.weights is not None and first.weights is not None
    assert all(torch.equal(loaded.weights[k], first.weights[k]) for k in first.weights)
    assert loaded.report is not None and loaded.report.metrics == first.report.metrics  # type: ignore[union-attr]


def test_a_damaged_folder_is_listed_as_damaged_and_the_others_still_open(store: RunStore) -> None:
    record_run(store, "xor", epochs=2, seed=1)
    broken = store.root / "run-0002"
    broken.mkdir()
    (broken / "run.json").write_text("{ not json", encoding="utf-8")
    bad_record = store.root / "run-0003"
    bad_record.mkdir()
    entries = {e.id: e for e in store.entries()}
    assert entries["run-0001"].status == "finished"
    assert entries["run-0002"].status == "damaged" and "run.json" in entries["run-0002"].error
    assert entries["run-0003"].status == "damaged" and "missing" in entries["run-0003"].error
    assert store.load_run("run-0001").weights is not None


def test_rename_star_delete(store: RunStore) -> None:
    record_run(store, "xor", epochs=2, seed=1)
    store.update_meta("run-0001", name="baseline", starred=True)
    entry = store.entries()[0]
    assert (entry.name, entry.starred) == ("baseline", True)
    assert json.loads((store.root / "run-0001" / "run.json").read_text())["name"] == "baseline"
    store.delete("run-0001")
    assert store.entries() == [] and not (store.root / "run-0001").exists()


def test_runs_live_beside_the_project_under_its_name(tmp_path: Path) -> None:
    assert runs_folder_for(tmp_path / "spiral.nbproj") == tmp_path / "runs" / "spiral"
    assert RunStore.beside(tmp_path / "spiral.nbproj").entries() == []  # no folder yet: nothing listed
