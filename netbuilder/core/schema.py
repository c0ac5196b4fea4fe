"""The project file's JSON structure, checked before anything interprets it.

A project file comes from anywhere, so reading it is bounded in every direction before a value is used:

- :func:`parse_json` refuses nesting deeper than :data:`MAX_DEPTH` (CPython's parser and
  ``copy.deepcopy`` recurse and die with ``RecursionError`` a few hundred to a few thousand levels
  down) and integers longer than :data:`MAX_INT_DIGITS` digits (Python refuses to parse more than
  4,300 and numpy/torch cannot hold more than 19);
- :func:`check_project_document` checks the type of every field the project format defines (graph,
  nodes, edges, positions, names), and that the free-form sections are JSON objects, so that the
  graph reader and the dataset and training parsers only ever see the types they expect.

Every problem is a :class:`ProjectFileError` whose message starts with the JSON path of the value,
(``'graph.nodes[2].type' must be text, got ['Tanh']``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.fields import FieldError, require_float, require_int, require_text

# Real projects nest 6 levels (graph.nodes[i].params.shape[j]); 64 leaves room for any metadata.
MAX_DEPTH = 64
# int64 holds 19 digits; anything longer is not a size, a seed or a count that NetBuilder can use.
MAX_INT_DIGITS = 20
MAX_NODES = 10_000
MAX_EDGES = 100_000

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep() -> ProjectFileError:
    return ProjectFileError(f"JSON nested more than {MAX_DEPTH} levels deep (the limit for a project file)")


def check_text_depth(text: str) -> None:
    """Raise unless the JSON ``text`` nests at most :data:`MAX_DEPTH` arrays/objects (strings skipped)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep()
        elif token in "]}":
            depth -= 1


def check_depth(value: Any) -> None:
    """The same bound for an already-parsed value, walked without recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise _too_deep()
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ProjectFileError(f"a whole number of {len(text)} digits (the limit is {MAX_INT_DIGITS})")
    return int(text)


def _parse_constant(name: str) -> float:
    raise ProjectFileError(f"{name} is not a JSON number (numbers must be finite)")


def parse_json(text: str, *, allow_nan: bool = False) -> Any:
    """``json.loads`` bounded in depth and number size; every failure is a :class:`ProjectFileError`.

    ``allow_nan`` accepts Python's ``NaN``/``Infinity`` extension (a diverged loss is recorded as NaN).
    """
    check_text_depth(text)
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=float if allow_nan else _parse_constant)
    except json.JSONDecodeError as error:
        raise ProjectFileError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); the file may be truncated"
        ) from None
    except RecursionError:  # pragma: no cover - check_text_depth stops this first
        raise _too_deep() from None


# --- the structure of a version-current project document -------------------------------------------

Check = Callable[[Any, str], None]


def _fail(path: str, problem: str) -> ProjectFileError:
    return ProjectFileError(f"'{path}' {problem}")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _text(value: Any, path: str) -> None:
    try:
        require_text(value, path)
    except FieldError as error:
        raise _fail(path, error.problem) from None


def _object(value: Any, path: str) -> None:
    if not isinstance(value, dict):
        raise _fail(path, f"must be an object, got {_kind(value)}")


def _finite_numbers(value: Any, path: str) -> None:
    """Every number anywhere inside ``value`` is finite (1e999 parses as inf)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise _fail(path, f"holds a number too large to represent ({item})")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _section(value: Any, path: str) -> None:
    _object(value, path)
    _finite_numbers(value, path)


def _list(value: Any, path: str, limit: int) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, f"must be a list, got {_kind(value)}")
    if len(value) > limit:
        raise _fail(path, f"has {len(value)} items; the limit is {limit}")
    return value


def _position(value: Any, path: str) -> None:
    if not isinstance(value, list) or len(value) != 2:
        raise _fail(path, "must be [x, y]")
    for i, coordinate in enumerate(value):
        try:
            require_float(coordinate, f"{path}[{i}]")
        except FieldError as error:
            raise _fail(error.field, error.problem) from None


def _object_with_texts(value: Any, path: str, keys: tuple[str, ...]) -> None:
    """An object holding every one of ``keys``, each text."""
    _object(value, path)
    for key in keys:
        if key not in value:
            raise _fail(path, f"has no '{key}'")
        _text(value[key], f"{path}.{key}")


def _node(value: Any, path: str) -> None:
    _object_with_texts(value, path, ("id", "type"))
    _fields(value, path, {"params": _section, "position": _position})


def _edge(value: Any, path: str) -> None:
    _object_with_texts(value, path, ("src", "dst"))
    if "port" in value:
        try:
            require_int(value["port"], f"{path}.port", low=0, high=1_000)
        except FieldError as error:
            raise _fail(error.field, error.problem) from None


def _graph(value: Any, path: str) -> None:
    _object(value, path)
    for i, node in enumerate(_list(value.get("nodes", []), f"{path}.nodes", MAX_NODES)):
        _node(node, f"{path}.nodes[{i}]")
    for i, edge in enumerate(_list(value.get("edges", []), f"{path}.edges", MAX_EDGES)):
        _edge(edge, f"{path}.edges[{i}]")


def _fields(document: Mapping[str, Any], prefix: str, checks: Mapping[str, Check]) -> None:
    for key, check in checks.items():
        if key in document:
            check(document[key], f"{prefix}.{key}" if prefix else key)


_PROJECT: dict[str, Check] = {
    "name": _text,
    "description": _text,
    "graph": _graph,
    "dataset": _section,
    "training": _section,
    "metadata": _section,
}


def check_project_document(document: Any) -> None:
    """Raise :class:`ProjectFileError` naming the first field of ``document`` with a wrong type."""
    if not isinstance(document, dict):
        raise ProjectFileError("not a NetBuilder project (the top level must be a JSON object)")
    check_depth(document)
    _fields(document, "", _PROJECT)
