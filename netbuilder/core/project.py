"""The project file: versioned JSON holding the graph, node positions, dataset, training and metadata.

Reading parses into typed records and migrates old versions step by step; every problem is a
:class:`ProjectFileError` naming the file (and the node, where one is concerned). Saving is atomic:
write a temporary file beside the target, fsync it, then rename over the target, so a crash mid-save
never leaves a half-written project.

The ``dataset`` and ``training`` sections are kept as plain JSON objects here: ``data/`` and
``training/`` own their typed forms, which keeps this package free of numpy and torch. Editors change
them with :meth:`Project.set_section`, which tells the project's subscribers (a
:class:`~netbuilder.core.events.SectionChanged`), as the graph tells its own of every graph edit.
"""

from __future__ import annotations

import copy
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbuilder.core.errors import FileVersionError, NetBuilderError, ProjectFileError
from netbuilder.core.events import SectionChanged
from netbuilder.core.files import atomic_write_bytes as atomic_write_bytes  # the GUI autosave imports it here
from netbuilder.core.files import read_regular_file
from netbuilder.core.graph import Graph
from netbuilder.core.schema import check_depth, check_project_document, parse_json

log = logging.getLogger(__name__)

FORMAT_NAME = "netbuilder-project"
FORMAT_VERSION = 1
FILE_SUFFIX = ".nbproj"
# Projects are a few KB; an inline table dataset may be a few MB. 64 MiB bounds a hostile file's read.
MAX_PROJECT_BYTES = 64 * 2**20

SECTIONS = ("dataset", "training", "metadata")
SectionListener = Callable[[SectionChanged], None]

# MIGRATIONS[v] turns a version-v document into a version-(v + 1) document.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


@dataclass
class Project:
    graph: Graph = field(default_factory=Graph)
    name: str = "Untitled"
    description: str = ""
    dataset: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    _listeners: list[SectionListener] = field(default_factory=list, init=False, repr=False, compare=False)

    # ---- sections ------------------------------------------------------------------------------
    def set_section(self, section: str, value: dict[str, Any]) -> None:
        """Replace the ``dataset``, ``training`` or ``metadata`` section and tell the subscribers.

        Nothing happens (and nobody is told) when the new value equals the current one.
        """
        if section not in SECTIONS:
            raise ValueError(f"unknown project section {section!r}")
        if not isinstance(value, dict):
            raise TypeError(f"the {section} section must be a dict, got {type(value).__name__}")
        old = getattr(self, section)
        if value == old:
            return
        setattr(self, section, copy.deepcopy(value))
        event = SectionChanged(section, copy.deepcopy(old), copy.deepcopy(value))
        for listener in list(self._listeners):
            listener(event)

    def subscribe(self, listener: SectionListener) -> Callable[[], None]:
        """Call ``listener`` with every section change; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "graph": self.graph.to_dict(),
            "dataset": copy.deepcopy(self.dataset),
            "training": copy.deepcopy(self.training),
            "metadata": copy.deepcopy(self.metadata),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Project) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


def migrate(document: dict[str, Any], migrations: dict[int, Migration] | None = None) -> dict[str, Any]:
    """Bring ``document`` up to :data:`FORMAT_VERSION`, one version step at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ProjectFileError(f"'version' must be a whole number, got {version!r}")
    if version > FORMAT_VERSION:
        raise FileVersionError(
            f"written by a newer NetBuilder (file version {version}, this one reads up to {FORMAT_VERSION});"
            " please update NetBuilder"
        )
    while version < FORMAT_VERSION:
        if version not in steps:
            raise ProjectFileError(f"file version {version} is not supported (no migration to {version + 1})")
        document = steps[version](document)
        version += 1
        document["version"] = version
        log.info("migrated project document to version %d", version)
    return document


def _section(document: dict[str, Any], name: str) -> dict[str, Any]:
    value = document.get(name, {})
    if not isinstance(value, dict):
        raise ProjectFileError(f"'{name}' must be an object, got {type(value).__name__}")
    return value


def _text(document: dict[str, Any], name: str, default: str) -> str:
    value = document.get(name, default)
    if not isinstance(value, str):
        raise ProjectFileError(f"'{name}' must be text, got {type(value).__name__}")
    return value


def project_from_dict(document: Any, migrations: dict[int, Migration] | None = None) -> Project:
    """Parse a JSON document into a :class:`Project`; raises :class:`NetBuilderError` subclasses."""
    if not isinstance(document, dict):
        raise ProjectFileError("not a NetBuilder project (the top level must be a JSON object)")
    if document.get("format") != FORMAT_NAME:
        raise ProjectFileError(f"not a NetBuilder project ('format' must be \"{FORMAT_NAME}\")")
    check_depth(document)  # before deepcopy, which recurses
    document = migrate(copy.deepcopy(document), migrations)
    check_project_document(document)
    graph = Graph.from_dict(_section(document, "graph"))
    return Project(
        graph=graph,
        name=_text(document, "name", "Untitled"),
        description=_text(document, "description", ""),
        dataset=_section(document, "dataset"),
        training=_section(document, "training"),
        metadata=_section(document, "metadata"),
    )


def parse_project(text: str, source: str = "<text>") -> Project:
    try:
        return project_from_dict(parse_json(text))
    except NetBuilderError as error:
        raise error.with_path(source) from None


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project file; every failure is a :class:`NetBuilderError` naming the file."""
    path = Path(path)
    raw = read_regular_file(path, MAX_PROJECT_BYTES, what="project file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProjectFileError("not a text file (not UTF-8)", path=str(path)) from None
    if not text.strip():
        raise ProjectFileError("the file is empty", path=str(path))
    return parse_project(text, str(path))


def save_project(project: Project, path: str | os.PathLike[str]) -> None:
    atomic_write_bytes(path, project.to_json().encode("utf-8"))
    log.info("saved project to %s", path)
