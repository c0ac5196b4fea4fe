"""Checking one user-supplied value (a JSON field, a parameter, a setting) against its type and range.

One rule for every package, so a value valid in one place is valid in all:

- ``True``/``False`` are never numbers (``bool`` is an ``int`` subclass in Python, not in JSON);
- a whole number may be written as an integral float (``3.0``), as JSON writers in other languages do;
- every number is finite, and whole numbers stay within ``±MAX_INT`` (int64) unless a range says less,
  so that no 5,000-digit integer reaches numpy, torch or a loop bound;
- choices are exact strings (callers normalise spelling before checking, if they allow aliases).

Each function returns the value in canonical form or raises :class:`FieldError` with ``field`` set and a
``problem`` phrased to follow the field's name ("must be a whole number, got 'x'"); callers wrap it in
their own error type (``ParamError``, ``DatasetError``, ``ConfigError``) with their own prefix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from netbuilder.core.errors import NetBuilderError

MAX_INT = 2**63 - 1
# Text fields are names, paths, notes and formulas: a megabyte is far beyond any real one.
MAX_TEXT = 1_000_000


class FieldError(NetBuilderError):
    """A value of the wrong type or out of range; ``field`` names it, ``problem`` says what is wrong."""

    def __init__(self, problem: str, *, field: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _shown(value: Any) -> str:
    # A hostile value can be huge: show its start only (a 5,000-digit int cannot even be repr()'d).
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        return f"a {value.bit_length()}-bit integer"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_range(value: float, name: str, low: float | None, high: float | None, low_open: bool) -> None:
    if low is not None and (value < low or (low_open and value == low)):
        raise FieldError(f"must be {'>' if low_open else '>='} {low:g}, got {_shown(value)}", field=name)
    if high is not None and value > high:
        raise FieldError(f"must be <= {high:g}, got {_shown(value)}", field=name)


def require_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """A whole number in ``[low, high]`` (and within ±:data:`MAX_INT`); ``3.0`` counts as ``3``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"must be a whole number, got {_shown(value)}", field=name)
    if abs(value) > MAX_INT:
        raise FieldError(f"must be a whole number between {-MAX_INT} and {MAX_INT}, got {_shown(value)}", field=name)
    _check_range(value, name, low, high, False)
    return value


def require_float(
    value: Any, name: str, *, low: float | None = None, high: float | None = None, low_open: bool = False
) -> float:
    """A finite number in ``[low, high]`` (``(low, high]`` with ``low_open``), as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(f"must be a number, got {_shown(value)}", field=name)
    try:
        number = float(value)
    except OverflowError:
        raise FieldError(f"must be a finite number, got {_shown(value)}", field=name) from None
    if not math.isfinite(number):
        raise FieldError(f"must be a finite number, got {_shown(value)}", field=name)
    _check_range(number, name, low, high, low_open)
    return number


def require_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"must be true or false, got {_shown(value)}", field=name)
    return value


def require_text(value: Any, name: str, *, max_length: int = MAX_TEXT) -> str:
    """A string without NUL characters (no path or name may hold one) and at most ``max_length`` long."""
    if not isinstance(value, str):
        raise FieldError(f"must be text, got {_shown(value)}", field=name)
    if len(value) > max_length:
        raise FieldError(f"is {len(value)} characters long; the limit is {max_length}", field=name)
    if "\x00" in value:
        raise FieldError("must not contain a NUL character (\\u0000)", field=name)
    return value


def require_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    """One of ``choices`` exactly (a hashable, unhashable or non-string value gets the same message)."""
    if not isinstance(value, str) or value not in choices:
        raise FieldError(f"must be one of {', '.join(choices)}; got {_shown(value)}", field=name)
    return value
