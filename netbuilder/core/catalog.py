"""The layer catalog: every layer type a graph node can have, with its typed parameters and docs.

The registry fails loudly: an unknown id raises :class:`UnknownLayerError`, a second registration of an
id raises :class:`DuplicateLayerError`. The standard types are registered in ``core/layers.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.errors import DuplicateLayerError, ParamError, UnknownLayerError
from netbuilder.core.params import ParamSpec

# Category names, in the order the palette shows them.
CATEGORIES: tuple[str, ...] = (
    "Input",
    "Dense",
    "Convolution",
    "Pooling",
    "Recurrent",
    "Attention",
    "Normalization",
    "Activation",
    "Merge",
    "Shape",
    "Regularization",
)


@dataclass(frozen=True)
class LayerType:
    """A kind of node: id, palette category, docs, parameters and how many inputs it takes."""

    id: str
    category: str
    label: str
    doc: str
    params: tuple[ParamSpec, ...] = ()
    min_inputs: int = 1
    # None means "any number" (merges such as Add and Concat).
    max_inputs: int | None = 1
    # The prefix for generated node ids (e.g. "dense" -> dense1, dense2).
    id_prefix: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    # A shorter name for a node card's header, where the node's id needs most of the room.
    short_label: str = ""

    @property
    def card_label(self) -> str:
        return self.short_label or self.label

    @property
    def is_variadic(self) -> bool:
        return self.max_inputs is None

    @property
    def is_source(self) -> bool:
        return self.max_inputs == 0

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise ParamError(f"{self.label} has no parameter '{name}'")

    def defaults(self) -> dict[str, Any]:
        return {spec.name: spec.default for spec in self.params}

    def validate_params(self, params: Mapping[str, Any], *, node_id: str | None = None) -> dict[str, Any]:
        """Complete ``params`` with defaults and check every value; unknown names raise."""
        names = {spec.name for spec in self.params}
        for name in params:
            if name not in names:
                known = ", ".join(sorted(names)) or "none"
                raise ParamError(f"{self.label} has no parameter '{name}' (known: {known})", node_id=node_id)
        result: dict[str, Any] = {}
        for spec in self.params:
            value = params.get(spec.name, spec.default)
            result[spec.name] = spec.coerce(value, node_id=node_id)
        return result

    def short_description(self, params: Mapping[str, Any]) -> str:
        """The key parameters as a short string for a node face, e.g. ``64, k3 s1``."""
        parts = []
        for spec in self.params[:3]:
            value = params.get(spec.name, spec.default)
            if isinstance(value, tuple):
                value = "×".join(str(v) for v in value)
            elif isinstance(value, bool):
                if not value:
                    continue
                value = spec.name
            elif isinstance(value, float):
                value = f"{value:g}"
            parts.append(f"{spec.name}={value}")
        return ", ".join(parts)


class Catalog:
    """A registry of layer types, keyed by id."""

    def __init__(self) -> None:
        self._types: dict[str, LayerType] = {}

    def register(self, layer_type: LayerType) -> LayerType:
        if layer_type.id in self._types:
            raise DuplicateLayerError(f"layer type '{layer_type.id}' is already registered")
        if layer_type.category not in CATEGORIES:
            raise ValueError(f"unknown category {layer_type.category!r} for {layer_type.id}")
        self._types[layer_type.id] = layer_type
        return layer_type

    def get(self, type_id: str, *, node_id: str | None = None) -> LayerType:
        try:
            return self._types[type_id]
        except KeyError:
            raise UnknownLayerError(f"unknown layer type '{type_id}'", node_id=node_id) from None

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types

    def __iter__(self) -> Iterator[LayerType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def ids(self) -> list[str]:
        return list(self._types)

    def by_category(self) -> dict[str, list[LayerType]]:
        groups: dict[str, list[LayerType]] = {c: [] for c in CATEGORIES}
        for layer_type in self._types.values():
            groups[layer_type.category].append(layer_type)
        return {c: types for c, types in groups.items() if types}

    def search(self, text: str) -> list[LayerType]:
        """Types whose id, label, category, keywords or doc contain ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        if not needle:
            return list(self._types.values())
        ranked: list[tuple[int, LayerType]] = []
        for t in self._types.values():
            names = [t.id.lower(), t.label.lower(), *(k.lower() for k in t.keywords)]
            if any(n.startswith(needle) for n in names):
                ranked.append((0, t))
            elif any(needle in n for n in names) or needle in t.category.lower():
                ranked.append((1, t))
            elif needle in t.doc.lower():
                ranked.append((2, t))
        ranked.sort(key=lambda pair: pair[0])
        return [t for _, t in ranked]
