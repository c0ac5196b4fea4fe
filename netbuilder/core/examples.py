"""The bundled example projects (``resources/examples/*.nbproj``), and ``example:NAME`` arguments."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.project import FILE_SUFFIX, Project, load_project, parse_project

EXAMPLE_PREFIX = "example:"


@dataclass(frozen=True)
class ExampleInfo:
    name: str
    title: str
    description: str


def _folder() -> Traversable:
    return resources.files("netbuilder.resources") / "examples"


def _files() -> dict[str, Traversable]:
    return {
        entry.name.removesuffix(FILE_SUFFIX): entry for entry in _folder().iterdir() if entry.name.endswith(FILE_SUFFIX)
    }


def list_examples() -> list[ExampleInfo]:
    """Every bundled example, sorted by name, with its title and one-paragraph description."""
    infos = []
    for name, entry in sorted(_files().items()):
        document = json.loads(entry.read_text(encoding="utf-8"))
        infos.append(ExampleInfo(name, document.get("name", name), document.get("description", "")))
    return infos


def example_names() -> list[str]:
    return sorted(_files())


def load_example(name: str) -> Project:
    files = _files()
    if name not in files:
        known = ", ".join(sorted(files))
        raise ProjectFileError(f"no bundled example '{name}' (examples: {known})", path=f"{EXAMPLE_PREFIX}{name}")
    return parse_project(files[name].read_text(encoding="utf-8"), f"{EXAMPLE_PREFIX}{name}")


def open_project_arg(text: str) -> Project:
    """Open ``text``: a project file path, or ``example:NAME`` for a bundled example."""
    if text.startswith(EXAMPLE_PREFIX):
        return load_example(text[len(EXAMPLE_PREFIX) :])
    return load_project(text)
