"""Typed layer parameters: what a value may be, and checking a value against that.

The catalog describes each layer's parameters with a :class:`ParamSpec`; the graph checks every value
it stores through :meth:`ParamSpec.coerce`, so no invalid value ever reaches the model or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from netbuilder.core.errors import ParamError
from netbuilder.core.fields import FieldError, require_bool, require_choice, require_float, require_int

# A shape parameter never has more dimensions than this (torch allows 64; real networks use <= 5).
MAX_ITEMS = 64


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
        try:
            return self._coerce(value)
        except FieldError as error:
            raise ParamError(f"parameter '{self.name}' {error.problem}", node_id=node_id) from None

    def _coerce(self, value: Any) -> Any:
        if self.kind is ParamKind.BOOL:
            return require_bool(value, self.name)
        if self.kind is ParamKind.INT:
            return require_int(value, self.name, low=_bound(self.minimum), high=_bound(self.maximum))
        if self.kind is ParamKind.FLOAT:
            return require_float(value, self.name, low=self.minimum, high=self.maximum)
        if self.kind is ParamKind.CHOICE:
            return require_choice(value, self.name, self.choices)
        return self._coerce_ints(value)

    def _coerce_ints(self, value: Any) -> tuple[int, ...]:
        if not isinstance(value, (list, tuple)):
            raise FieldError(f"must be a list of whole numbers, got {value!r}", field=self.name)
        if len(value) > MAX_ITEMS:
            raise FieldError(f"must have at most {MAX_ITEMS} items, got {len(value)}", field=self.name)
        items: list[int] = []
        for item in value:
            number = require_int(item, self.name)
            if number == -1 and self.allow_minus_one:
                items.append(number)
                continue
            if number < 1:
                raise FieldError(f"sizes must be >= 1, got {number}", field=self.name)
            items.append(number)
        if self.length is not None and len(items) != self.length:
            raise FieldError(f"must have {self.length} items, got {len(items)}", field=self.name)
        if len(items) < self.min_items:
            raise FieldError(f"needs at least {self.min_items} item(s)", field=self.name)
        if self.allow_minus_one and items.count(-1) > 1:
            raise FieldError("may contain -1 at most once", field=self.name)
        return tuple(items)

    def to_json(self, value: Any) -> Any:
        """The JSON form of a canonical value (tuples become lists)."""
        return list(value) if self.kind is ParamKind.INTS else value


def _bound(limit: float | None) -> int | None:
    return None if limit is None else int(limit)


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
