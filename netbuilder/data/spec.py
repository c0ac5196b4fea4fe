"""Typed dataset specs: the JSON object a project stores under "dataset", parsed and validated.

``DatasetSpec.from_dict({"kind": "spiral"})`` returns a ``ToySpec`` with every default filled in;
``to_dict()`` writes the full spec back as plain JSON. Every problem raises ``DatasetError`` naming the
field, so that the GUI can highlight it.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from netbuilder.core.fields import FieldError, require_bool, require_choice, require_float, require_int, require_text
from netbuilder.data.errors import DatasetError

log = logging.getLogger(__name__)

TOY_KINDS = ("circle", "xor", "gaussians", "spiral", "moons")
TOY_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
FUNCTIONS = ("relu-pieces", "sine", "abs", "step", "sawtooth", "cubic", "formula")
SEQUENCE_KINDS = ("sine-next", "sequence-sum")
MAX_SAMPLES = 1_000_000
# Generated data exists at once as float64 arrays, their float32 splits and the tensors: ~4 copies.
BUILD_COPIES = 4


@dataclass(frozen=True)
class DatasetSpec:
    """Fields shared by every kind. Use ``DatasetSpec.from_dict`` to get the right subclass."""

    kind: str = ""
    seed: int = 0
    normalize: bool = False

    KINDS: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        if self.KINDS and self.kind not in self.KINDS:
            raise DatasetError(f"field 'kind': {self.kind!r} is not one of {', '.join(self.KINDS)}")
        self.validate()

    def validate(self) -> None:
        """Check ranges and choices; subclasses extend it."""

    def generated_values(self) -> int:
        """How many numbers building this spec generates (0 for kinds read from files or bundled)."""
        return 0

    def estimated_bytes(self) -> int:
        """Peak memory of building the dataset: float64 generation plus the split and tensor copies."""
        return self.generated_values() * 8 * BUILD_COPIES

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DatasetSpec:
        """Parse a JSON object into the spec class of its "kind", with defaults for missing fields."""
        if not isinstance(data, Mapping):
            raise DatasetError(f"the dataset spec must be a JSON object, not {type(data).__name__}")
        kind = data.get("kind")
        if not isinstance(kind, str):
            raise DatasetError(f"field 'kind' is missing or not text; kinds are {', '.join(all_kinds())}")
        spec_class = _spec_class_for(kind)
        fields = {f.name: f for f in dataclasses.fields(spec_class)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in fields:
                known = ", ".join(sorted(fields))
                raise DatasetError(f"field {name!r} is not known for kind {kind!r}; fields are {known}")
            values[name] = _coerce(name, str(fields[name].type), value)
        return spec_class(**values)

    def to_dict(self) -> dict[str, Any]:
        """The full spec as a JSON-ready dict (tuples become lists)."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def replace(self, **changes: Any) -> DatasetSpec:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class SplitSpec(DatasetSpec):
    """A kind whose rows are split by fractions: [train, val, test], "auto", or "none"."""

    split: tuple[float, float, float] | str = "auto"

    def validate(self) -> None:
        super().validate()
        if isinstance(self.split, str):
            if self.split not in ("auto", "none"):
                raise DatasetError(f"field 'split': {self.split!r} is not 'auto', 'none' or three fractions")
            return
        if len(self.split) != 3 or any(not (0.0 <= f <= 1.0) for f in self.split):
            raise DatasetError("field 'split': give three fractions between 0 and 1 (train, val, test)")
        if abs(sum(self.split) - 1.0) > 1e-6 or self.split[0] <= 0:
            raise DatasetError(f"field 'split': fractions {list(self.split)} must sum to 1 with train > 0")


@dataclass(frozen=True)
class ToySpec(SplitSpec):
    """2-D classification in the style of TensorFlow Playground."""

    kind: str = "spiral"
    samples: int = 500
    noise: float = 0.1
    features: tuple[str, ...] = ("x1", "x2")
    KINDS: ClassVar[tuple[str, ...]] = TOY_KINDS

    def validate(self) -> None:
        super().validate()
        _check_range("samples", self.samples, 2, MAX_SAMPLES)
        _check_range("noise", self.noise, 0.0, 1.0)
        if not self.features:
            raise DatasetError("field 'features': choose at least one feature")
        for name in self.features:
            if name not in TOY_FEATURES:
                raise DatasetError(f"field 'features': {name!r} is not one of {', '.join(TOY_FEATURES)}")
        if len(set(self.features)) != len(self.features):
            raise DatasetError("field 'features': a feature is listed twice")

    def generated_values(self) -> int:
        return self.samples * (len(self.features) + 3)


@dataclass(frozen=True)
class FunctionSpec(SplitSpec):
    """1-D regression on a named target function or a user formula of x."""

    kind: str = "function"
    function: str = "relu-pieces"
    formula: str = "sin(x) + 0.5*x**2"
    samples: int = 200
    noise: float = 0.0
    x_min: float | None = None
    x_max: float | None = None
    KINDS: ClassVar[tuple[str, ...]] = ("function",)

    def validate(self) -> None:
        super().validate()
        if self.function not in FUNCTIONS:
            raise DatasetError(f"field 'function': {self.function!r} is not one of {', '.join(FUNCTIONS)}")
        _check_range("samples", self.samples, 1, MAX_SAMPLES)
        _check_range("noise", self.noise, 0.0, 1e6)
        for name in ("x_min", "x_max"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise DatasetError(f"field {name!r}: must be a finite number")
        if self.x_min is not None and self.x_max is not None and self.x_min >= self.x_max:
            raise DatasetError(f"field 'x_max': {self.x_max:g} must be greater than x_min {self.x_min:g}")

    def generated_values(self) -> int:
        return self.samples * 3


@dataclass(frozen=True)
class DigitsSpec(SplitSpec):
    """The bundled 8×8 handwritten digits (1797 samples, 10 classes)."""

    kind: str = "digits"
    layout: str = "vector"
    KINDS: ClassVar[tuple[str, ...]] = ("digits",)

    def validate(self) -> None:
        super().validate()
        _check_choice("layout", self.layout, ("vector", "image"))


@dataclass(frozen=True)
class Digits28Spec(SplitSpec):
    """The bundled digits as 28×28 images (built offline; ``copies`` adds shifted copies to train on)."""

    kind: str = "digits28"
    layout: str = "image"
    copies: int = 3
    KINDS: ClassVar[tuple[str, ...]] = ("digits28",)

    def validate(self) -> None:
        super().validate()
        _check_choice("layout", self.layout, ("vector", "image"))
        _check_range("copies", self.copies, 1, 20)


@dataclass(frozen=True)
class IdxSpec(DatasetSpec):
    """MNIST-style IDX files in a folder: the train files give train+val, the t10k files give test."""

    kind: str = "idx"
    folder: str = "mnist"
    variant: str = "mnist"
    layout: str = "image"
    limit: int | None = None
    val_fraction: float = 0.1
    KINDS: ClassVar[tuple[str, ...]] = ("idx",)

    def validate(self) -> None:
        super().validate()
        _check_choice("variant", self.variant, ("mnist", "fashion-mnist"))
        _check_choice("layout", self.layout, ("vector", "image"))
        if self.limit is not None:
            _check_range("limit", self.limit, 1, 10**8)
        _check_range("val_fraction", self.val_fraction, 0.0, 0.9)


@dataclass(frozen=True)
class TableSpec(SplitSpec):
    """A small table stored inline in the project (seed 000's example by default)."""

    kind: str = "table"
    inputs: tuple[tuple[float, ...], ...] = ((1.0, 2.0), (3.0, 4.0), (5.0, 6.0))
    targets: tuple[tuple[float, ...], ...] = ((0.0,), (1.0,), (0.0,))
    task: str = "regression"
    feature_names: tuple[str, ...] | None = None
    class_names: tuple[str, ...] | None = None
    KINDS: ClassVar[tuple[str, ...]] = ("table",)

    def validate(self) -> None:
        super().validate()
        _check_choice("task", self.task, ("regression", "classification"))


@dataclass(frozen=True)
class SequenceSpec(SplitSpec):
    """Sequences for recurrent and attention models."""

    kind: str = "sine-next"
    samples: int = 1000
    length: int = 20
    noise: float = 0.05
    tokens: bool = False
    KINDS: ClassVar[tuple[str, ...]] = SEQUENCE_KINDS

    def validate(self) -> None:
        super().validate()
        _check_range("samples", self.samples, 1, MAX_SAMPLES)
        _check_range("length", self.length, 1, 10_000)
        _check_range("noise", self.noise, 0.0, 10.0)
        if self.tokens and self.kind != "sequence-sum":
            raise DatasetError("field 'tokens': only 'sequence-sum' has a token-id variant")

    def generated_values(self) -> int:
        return self.samples * (self.length + 1) * 3


@dataclass(frozen=True)
class RandomRegressionSpec(SplitSpec):
    """Seed 004's random data: y = X·w + b + noise with a fixed random w, so that a net can learn it."""

    kind: str = "random-regression"
    samples: int = 100
    features: int = 10
    outputs: int = 1
    noise: float = 0.1
    KINDS: ClassVar[tuple[str, ...]] = ("random-regression",)

    def validate(self) -> None:
        super().validate()
        _check_range("samples", self.samples, 1, MAX_SAMPLES)
        _check_range("features", self.features, 1, 100_000)
        _check_range("outputs", self.outputs, 1, 10_000)
        _check_range("noise", self.noise, 0.0, 1e6)

    def generated_values(self) -> int:
        return self.samples * (self.features + 2 * self.outputs) + self.features * self.outputs


@dataclass(frozen=True)
class CsvSpec(SplitSpec):
    """A CSV file with a header row; ``path`` may be relative to the project file's folder."""

    kind: str = "csv"
    path: str = ""
    inputs: tuple[str, ...] | None = None
    target: str = ""
    target_type: str = "auto"
    KINDS: ClassVar[tuple[str, ...]] = ("csv",)

    def validate(self) -> None:
        super().validate()
        _check_choice("target_type", self.target_type, ("auto", "numeric", "categorical"))


@dataclass(frozen=True)
class NpzSpec(SplitSpec):
    """A NumPy ``.npz`` archive with an input array and a target array."""

    kind: str = "npz"
    path: str = ""
    x_key: str = "x"
    y_key: str = "y"
    task: str = "auto"
    KINDS: ClassVar[tuple[str, ...]] = ("npz",)

    def validate(self) -> None:
        super().validate()
        _check_choice("task", self.task, ("auto", "classification", "regression"))


SPEC_CLASSES: tuple[type[DatasetSpec], ...] = (
    ToySpec,
    FunctionSpec,
    DigitsSpec,
    IdxSpec,
    TableSpec,
    SequenceSpec,
    RandomRegressionSpec,
    CsvSpec,
    NpzSpec,
    Digits28Spec,
)


def all_kinds() -> list[str]:
    """Every "kind" string, in the order the GUI lists them."""
    return [kind for spec_class in SPEC_CLASSES for kind in spec_class.KINDS]


def _spec_class_for(kind: str) -> type[DatasetSpec]:
    for spec_class in SPEC_CLASSES:
        if kind in spec_class.KINDS:
            return spec_class
    raise DatasetError(f"field 'kind': {kind!r} is not a dataset kind; kinds are {', '.join(all_kinds())}")


def spec_from(spec: DatasetSpec | Mapping[str, Any]) -> DatasetSpec:
    """Accept a spec object or its JSON dict."""
    return spec if isinstance(spec, DatasetSpec) else DatasetSpec.from_dict(spec)


# --- field coercion: JSON values -> typed values, by the field's annotation --------------------------


def _field(check: Callable[..., Any], name: str, value: Any, **limits: Any) -> Any:
    """Run a :mod:`netbuilder.core.fields` check, reporting a failure as a ``DatasetError`` on ``name``."""
    try:
        return check(value, name, **limits)
    except FieldError as error:
        raise DatasetError(f"field {name!r}: {error.problem}") from None


def _number(name: str, value: Any) -> float:
    return float(_field(require_float, name, value))


def _integer(name: str, value: Any) -> int:
    return int(_field(require_int, name, value))


def _boolean(name: str, value: Any) -> bool:
    return bool(_field(require_bool, name, value))


def _text(name: str, value: Any) -> str:
    return str(_field(require_text, name, value))


def _texts(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise DatasetError(f"field {name!r}: expected a list of names")
    return tuple(_text(name, item) for item in value)


def _split(name: str, value: Any) -> tuple[float, float, float] | str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise DatasetError(f"field {name!r}: expected three fractions [train, val, test], 'auto' or 'none'")
    a, b, c = (_number(name, v) for v in value)
    return (a, b, c)


def _rows(name: str, value: Any) -> tuple[tuple[float, ...], ...]:
    """A table: a list of rows of numbers (a flat list of numbers is one column)."""
    if not isinstance(value, list | tuple):
        raise DatasetError(f"field {name!r}: expected a list of rows")
    rows = []
    for i, row in enumerate(value):
        cells = row if isinstance(row, list | tuple) else [row]
        try:
            rows.append(tuple(_number(name, cell) for cell in cells))
        except DatasetError:
            raise DatasetError(f"field {name!r}: row {i} {row!r} is not a list of numbers") from None
    return tuple(rows)


def _optional(convert: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    return lambda name, value: None if value is None else convert(name, value)


_COERCERS: dict[str, Callable[[str, Any], Any]] = {
    "str": _text,
    "int": _integer,
    "float": _number,
    "bool": _boolean,
    "int | None": _optional(_integer),
    "float | None": _optional(_number),
    "tuple[str, ...]": _texts,
    "tuple[str, ...] | None": _optional(_texts),
    "tuple[float, float, float] | str": _split,
    "tuple[tuple[float, ...], ...]": _rows,
}


def _coerce(name: str, annotation: str, value: Any) -> Any:
    return _COERCERS[annotation](name, value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, int):
        _field(require_int, name, value, low=int(low), high=int(high))
    else:
        _field(require_float, name, value, low=low, high=high)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    _field(require_choice, name, value, choices=choices)
