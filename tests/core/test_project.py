"""Project files: round trip, errors naming the file, migrations, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from netbuilder.core import project as project_module
from netbuilder.core.errors import FileVersionError, ProjectFileError, UnknownLayerError
from netbuilder.core.examples import example_names, list_examples, load_example, open_project_arg
from netbuilder.core.graph import Graph
from netbuilder.core.project import Project, load_project, migrate, project_from_dict, save_project


def sample() -> Project:
    g = Graph()
    g.add_node("Input", {"shape": [2]}, (0, 0), node_id="x")
    g.add_node("Dense", {"out_features": 3}, (200, 10), node_id="fc")
    g.connect("x", "fc")
    return Project(g, "Sample", "desc", {"kind": "spiral"}, {"epochs": 3}, {"author": "me"})


def test_save_then_load_is_equal(tmp_path: Path) -> None:
    path = tmp_path / "p.nbproj"
    save_project(sample(), path)
    loaded = load_project(path)
    assert loaded == sample()
    assert loaded.graph.node("fc").position == (200.0, 10.0)
    assert json.loads(path.read_text())["version"] == project_module.FORMAT_VERSION


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ('{"format": "netbuilder-project", "vers', "not valid JSON"),
        ("[1, 2]", "top level"),
        ('{"format": "other"}', "not a NetBuilder project"),
        ('{"format": "netbuilder-project", "version": 99}', "newer NetBuilder"),
        ('{"format": "netbuilder-project", "version": "one"}', "whole number"),
        ('{"format": "netbuilder-project", "version": 1, "dataset": []}', "'dataset' must be an object"),
        ('{"format": "netbuilder-project", "version": 1, "name": 3}', "'name' must be text"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.nbproj"
    path.write_text(content)
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_future_version_is_its_own_error_and_unknown_types_name_node(tmp_path: Path) -> None:
    path = tmp_path / "f.nbproj"
    path.write_text('{"format": "netbuilder-project", "version": 2}')
    with pytest.raises(FileVersionError):
        load_project(path)
    path.write_text(
        json.dumps({"format": "netbuilder-project", "version": 1, "graph": {"nodes": [{"id": "n7", "type": "Wobble"}]}})
    )
    with pytest.raises(UnknownLayerError) as info:
        load_project(path)
    assert info.value.node_id == "n7" and str(path) in str(info.value)


def test_missing_file_and_binary_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such file"):
        load_project(tmp_path / "nope.nbproj")
    (tmp_path / "bin.nbproj").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProjectFileError, match="UTF-8"):
        load_project(tmp_path / "bin.nbproj")
    with pytest.raises(ProjectFileError, match="folder"):
        load_project(tmp_path)


def test_migrations_run_in_order() -> None:
    def v0_to_v1(doc: dict) -> dict:
        doc["graph"] = {"nodes": doc.pop("layers"), "edges": []}
        return doc

    old = {"format": "netbuilder-project", "version": 0, "layers": [{"id": "a", "type": "Dense"}]}
    project = project_from_dict(old, migrations={0: v0_to_v1})
    assert project.graph.node("a").type == "Dense"
    with pytest.raises(ProjectFileError, match="no migration"):
        migrate({"version": 0}, migrations={})


def test_a_crash_mid_save_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.nbproj"
    save_project(sample(), path)
    before = path.read_bytes()

    def crash(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(project_module.os, "fsync", crash)
    changed = sample()
    changed.name = "Changed"
    with pytest.raises(ProjectFileError, match="cannot write"):
        save_project(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.nbproj"]  # no temporary file left behind


def test_interrupt_mid_save_leaves_previous_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.nbproj"
    save_project(sample(), path)
    before = path.read_bytes()
    monkeypatch.setattr(project_module.os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_project(sample(), path)
    assert path.read_bytes() == before
    assert len(os.listdir(tmp_path)) == 1


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="cannot write"):
        save_project(sample(), tmp_path / "missing-folder" / "p.nbproj")


def test_bundled_examples_load_and_are_listed() -> None:
    names = example_names()
    for required in (
        "seed-linear-neuron",
        "seed-relu-pieces",
        "seed-digits-mlp",
        "seed-cnn",
        "seed-mlp-regression",
        "spiral",
        "xor",
        "circles",
        "residual-mlp",
        "lstm-sequence",
        "attention-sequence",
    ):
        assert required in names
    assert all(info.title and info.description for info in list_examples())
    assert open_project_arg("example:xor") == load_example("xor")
    with pytest.raises(ProjectFileError, match="no bundled example 'nope'"):
        open_project_arg("example:nope")
