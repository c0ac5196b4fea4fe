"""Typed layer parameters: what a value may be, and checking a value against that.

The catalog describes each layer's parameters with a :class:`ParamSpec`; the graph checks every value
it stores through :meth:`ParamSpec.coerce`, so no invalid value ever reaches the model or a file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from netbuilder.core.errors import ParamError


class ParamKind(StrEnum):
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    CHOICE = "choice"
    INTS = "ints"  # a tuple of ints, e.g. a shape


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a layer type: its kind, default, allowed range and a one-line doc."""

    name: str
    kind: ParamKind
    default: Any
    doc: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    # For INTS: how many items (None = any number >= min_items).
    length: int | None = None
    min_items: int = 1
    # The items of INTS may be -1 (Reshape's "infer this dimension").
    allow_minus_one: bool = False

    def coerce(self, value: Any, *, node_id: str | None = None) -> Any:
        """Return ``value`` in canonical form, or raise :class:`ParamError` saying what is wrong."""
        where = f"parameter '{self.name}'"
        if self.kind is ParamKind.BOOL:
            if not isinstance(value, bool):
                raise ParamError(f"{where} must be true or false, got {value!r}", node_id=node_id)
            return value
        if self.kind is ParamKind.INT:
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise ParamError(f"{where} must be a whole number, got {value!r}", node_id=node_id)
            self._check_range(value, where, node_id)
            return value
        if self.kind is ParamKind.FLOAT:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ParamError(f"{where} must be a number, got {value!r}", node_id=node_id)
            value = float(value)
            if not math.isfinite(value):
                raise ParamError(f"{where} must be finite, got {value!r}", node_id=node_id)
            self._check_range(value, where, node_id)
            return value
        if self.kind is ParamKind.CHOICE:
            if value not in self.choices:
                options = ", ".join(self.choices)
                raise ParamError(f"{where} must be one of {options}; got {value!r}", node_id=node_id)
            return value
        return self._coerce_ints(value, where, node_id)

    def _coerce_ints(self, value: Any, where: str, node_id: str | None) -> tuple[int, ...]:
        if not isinstance(value, (list, tuple)):
            raise ParamError(f"{where} must be a list of whole numbers, got {value!r}", node_id=node_id)
        items: list[int] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int):
                raise ParamError(f"{where} must hold whole numbers, got {item!r}", node_id=node_id)
            if item == -1 and self.allow_minus_one:
                items.append(item)
                continue
            if item < 1:
                raise ParamError(f"{where} sizes must be >= 1, got {item}", node_id=node_id)
            items.append(item)
        if self.length is not None and len(items) != self.length:
            raise ParamError(f"{where} must have {self.length} items, got {len(items)}", node_id=node_id)
        if len(items) < self.min_items:
            raise ParamError(f"{where} needs at least {self.min_items} item(s)", node_id=node_id)
        if self.allow_minus_one and items.count(-1) > 1:
            raise ParamError(f"{where} may contain -1 at most once", node_id=node_id)
        return tuple(items)

    def _check_range(self, value: float, where: str, node_id: str | None) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ParamError(f"{where} must be >= {self.minimum:g}, got {value:g}", node_id=node_id)
        if self.maximum is not None and value > self.maximum:
            raise ParamError(f"{where} must be <= {self.maximum:g}, got {value:g}", node_id=node_id)

    def to_json(self, value: Any) -> Any:
        """The JSON form of a canonical value (tuples become lists)."""
        return list(value) if self.kind is ParamKind.INTS else value


def int_param(name: str, default: int, doc: str, minimum: int | None = None, maximum: int | None = None) -> ParamSpec:
    return ParamSpec(name, ParamKind.INT, default, doc, minimum, maximum)


def float_param(
    name: str, default: float, doc: str, minimum: float | None = None, maximum: float | None = None
) -> ParamSpec:
    return ParamSpec(name, ParamKind.FLOAT, default, doc, minimum, maximum)


def bool_param(name: str, default: bool, doc: str) -> ParamSpec:
    return ParamSpec(name, ParamKind.BOOL, default, doc)


def choice_param(name: str, default: str, doc: str, choices: tuple[str, ...]) -> ParamSpec:
    return ParamSpec(name, ParamKind.CHOICE, default, doc, choices=choices)


def ints_param(
    name: str, default: tuple[int, ...], doc: str, *, length: int | None = None, allow_minus_one: bool = False
) -> ParamSpec:
    return ParamSpec(name, ParamKind.INTS, default, doc, length=length, allow_minus_one=allow_minus_one)
