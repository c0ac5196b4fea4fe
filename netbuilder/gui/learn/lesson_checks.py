"""When is a lesson step done? Each step's ``check`` (from ``resources/lessons/lessons.json``) is
matched against the events the lesson panel sees: plain records, so this logic needs no Qt.

Check types: ``example_opened`` {example}, ``node_selected`` {node}, ``node_added`` {layer},
``node_removed`` {node}, ``edge_added`` {src, dst}, ``param_changed`` {node, name, op, value},
``training_set`` {key, op, value}, ``trained`` {key?, op?, value?}, ``guide_opened`` {page}.
``key`` is a dotted path in the training settings with every default filled in ("optimizer.lr").
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class LessonEvent:
    """Something the person did: ``kind`` is a check type, ``data`` what it concerns."""

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)


def lookup(values: Mapping[str, Any], key: str) -> Any:
    """The value at the dotted path ``key`` (None when any part is missing)."""
    value: Any = values
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def compare(value: Any, op: str, target: Any = None) -> bool:
    """``value op target``; ``set`` means "not None"; a comparison of mismatched types is False."""
    if op == "set":
        return value is not None
    if value is None:
        return False
    try:
        return bool(OPS[op](value, target))
    except TypeError:
        return False


def _condition(check: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    key = check.get("key")
    return key is None or compare(lookup(values, key), check.get("op", "set"), check.get("value"))


def step_done(check: Mapping[str, Any], event: LessonEvent) -> bool:
    """Whether ``event`` completes a step whose check is ``check``."""
    kind, data = check.get("type"), event.data
    if kind != event.kind:
        return False
    if kind == "example_opened":
        return bool(data.get("example") == check["example"])
    if kind == "node_selected":
        return check["node"] in data.get("nodes", ())
    if kind == "node_added":
        return bool(data.get("layer") == check["layer"])
    if kind == "node_removed":
        return bool(data.get("node") == check["node"])
    if kind == "edge_added":
        return bool(data.get("src") == check["src"] and data.get("dst") == check["dst"])
    if kind == "param_changed":
        return (
            data.get("node") == check["node"]
            and data.get("name") == check["name"]
            and compare(data.get("value"), check.get("op", "set"), check.get("value"))
        )
    if kind == "training_set":
        return _condition(check, data.get("training", {}))
    if kind == "trained":
        return data.get("outcome") == "finished" and _condition(check, data.get("training", {}))
    if kind == "guide_opened":
        return bool(data.get("page") == check["page"])
    raise ValueError(f"unknown lesson check type {kind!r}")
