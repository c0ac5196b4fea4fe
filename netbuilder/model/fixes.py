"""One-click fixes that an error can offer (insert a Flatten, reshape to an image, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class QuickFix:
    """A suggested edit: insert a node of ``type_id`` before the failing node, or set one parameter."""

    label: str
    kind: Literal["insert_before", "set_param"]
    type_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    param: str | None = None
    value: Any = None
