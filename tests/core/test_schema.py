"""The project file's structure is checked, bounded, before anything interprets it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.examples import load_example
from netbuilder.core.project import load_project, parse_project, project_from_dict
from tests.special_files import endless_files


def _document() -> dict:  # type: ignore[type-arg]
    return load_example("spiral").to_dict()


def _text_with(**changes: object) -> str:
    document = _document()
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["graph"]["nodes"][1].update(type=["Tanh"]), r"'graph.nodes\[1\].type' must be text"),
        (lambda d: d["graph"]["nodes"][1].update(id={"a": 1}), r"'graph.nodes\[1\].id' must be text"),
        (lambda d: d["graph"]["nodes"][1].update(params=[1]), r"'graph.nodes\[1\].params' must be an object"),
        (lambda d: d["graph"]["nodes"][1].update(position=[1, "x"]), r"position\[1\]"),
        (lambda d: d["graph"]["edges"][0].update(port=5000), r"'graph.edges\[0\].port'"),
        (lambda d: d["graph"]["edges"][0].pop("src"), r"has no 'src'"),
        (lambda d: d.update(graph=[]), r"'graph' must be an object"),
        (lambda d: d.update(training=[1]), r"'training' must be an object"),
        (lambda d: d.update(name="a\x00b"), r"'name' must not contain a NUL"),
    ],
)
def test_wrong_types_anywhere_are_one_clean_error(mutate, message) -> None:  # type: ignore[no-untyped-def]
    document = _document()
    mutate(document)
    with pytest.raises(ProjectFileError, match=message):
        parse_project(json.dumps(document), "p.nbproj")


def test_a_5000_digit_integer_is_refused_without_a_traceback() -> None:
    text = _text_with(metadata={"x": 0}).replace('"x": 0', '"x": ' + "9" * 5000)
    with pytest.raises(ProjectFileError, match="5000 digits"):
        parse_project(text)


def test_huge_float_literals_are_refused() -> None:
    text = _text_with(dataset={"kind": "spiral", "noise": 0}).replace('"noise": 0', '"noise": 1e999')
    with pytest.raises(ProjectFileError, match="too large"):
        parse_project(text)


@pytest.mark.parametrize("depth", [900, 10_000, 200_000])
def test_deep_nesting_is_refused_in_text_and_in_dicts(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    text = _text_with(metadata={}).replace('"metadata": {}', f'"metadata": {{"x": {nested}}}')
    with pytest.raises(ProjectFileError, match="nested more than"):
        parse_project(text)
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    document = _document()
    document["metadata"] = {"x": value}
    with pytest.raises(ProjectFileError, match="nested more than"):
        project_from_dict(document)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    project = parse_project(_text_with(description="[" * 1000 + '"\\"{'))
    assert project.description.startswith("[[[")


def test_every_bundled_example_passes_the_schema() -> None:
    from netbuilder.core.examples import example_names

    for name in example_names():
        load_example(name)


def test_load_project_refuses_devices_fifos_and_huge_files(tmp_path: Path) -> None:
    for path in endless_files(tmp_path, "pipe.nbproj"):
        with pytest.raises(ProjectFileError, match="not a regular file"):
            load_project(path)
    big = tmp_path / "big.nbproj"
    with big.open("wb") as handle:
        handle.truncate(65 * 2**20)  # sparse: no disk used
    with pytest.raises(ProjectFileError, match="at most 64 MiB"):
        load_project(big)
    with pytest.raises(ProjectFileError, match="NUL"):
        load_project("a\x00b.nbproj")
