"""``TrainConfig``: the typed form of a project's "training" JSON section.

``TrainConfig.from_dict`` checks every key and value and raises :class:`ConfigError` naming the field
(``training.optimizer.lr``); ``to_dict`` writes the full section back, so a saved project always
records every setting it was trained with. Sub-sections accept a bare string as shorthand
(``"optimizer": "adam"`` means Adam with its defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from netbuilder.core.fields import FieldError, require_bool, require_float, require_int, require_text
from netbuilder.training.device import DEVICES
from netbuilder.training.errors import ConfigError

OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "step", "cosine", "plateau")
LOSSES = ("auto", "mse", "mae", "huber", "cross_entropy", "bce")
INITS = ("default", "xavier", "kaiming", "normal", "spread_kinks")

# Spellings people type (and Keras/PyTorch names) mapped to the canonical ids.
_LOSS_ALIASES = {
    "l1": "mae",
    "l2": "mse",
    "crossentropy": "cross_entropy",
    "categorical_crossentropy": "cross_entropy",
    "sparse_categorical_crossentropy": "cross_entropy",
    "binary_cross_entropy": "bce",
    "binary_crossentropy": "bce",
    "smooth_l1": "huber",
}
_DEFAULT_LR = {"sgd": 0.01, "adam": 0.001, "adamw": 0.001, "rmsprop": 0.001}


def _checked(check: Callable[..., Any], value: Any, name: str, **limits: Any) -> Any:
    """Run a :mod:`netbuilder.core.fields` check, reporting a failure as a ``ConfigError`` on ``name``."""
    try:
        return check(value, name, **limits)
    except FieldError as error:
        raise ConfigError(error.problem, field=name) from None


def _number(
    value: Any, name: str, *, low: float | None = None, high: float | None = None, low_open: bool = False
) -> float:
    return float(_checked(require_float, value, name, low=low, high=high, low_open=low_open))


def _integer(value: Any, name: str, *, low: int = 0, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    return int(_checked(require_int, value, name, low=low))


def _boolean(value: Any, name: str) -> bool:
    return bool(_checked(require_bool, value, name))


def _choice(value: Any, name: str, choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"must be text, got {value!r}", field=name)
    key = value.strip().lower().replace("-", "_")
    key = (aliases or {}).get(key, key)
    if key not in choices:
        raise ConfigError(f"unknown value '{value}' (choose from {', '.join(choices)})", field=name)
    return key


def _text(value: Any, name: str) -> str:
    return str(_checked(require_text, value, name))


def _section(value: Any, name: str, kind_key: str = "type") -> dict[str, Any]:
    if isinstance(value, str):
        return {kind_key: value}
    if not isinstance(value, dict):
        raise ConfigError(f"must be an object or a name, got {value!r}", field=name)
    return dict(value)


def _reject_unknown(data: dict[str, Any], known: set[str], prefix: str) -> None:
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown setting (known: {', '.join(sorted(known))})", field=f"{prefix}{key}")


@dataclass(frozen=True)
class OptimizerConfig:
    type: str = "adam"
    lr: float = 0.001
    momentum: float = 0.0  # sgd, rmsprop
    nesterov: bool = False  # sgd
    beta1: float = 0.9  # adam, adamw
    beta2: float = 0.999
    eps: float = 1e-8  # adam, adamw, rmsprop
    alpha: float = 0.99  # rmsprop smoothing
    weight_decay: float = 0.0  # decoupled for adamw, coupled (L2 in the gradient) for the others

    @classmethod
    def from_dict(cls, value: Any) -> OptimizerConfig:
        data = _section(value, "optimizer")
        _reject_unknown(data, {f.name for f in fields(cls)}, "optimizer.")
        kind = _choice(data.get("type", "adam"), "optimizer.type", OPTIMIZERS)
        default_decay = 0.01 if kind == "adamw" else 0.0
        config = cls(
            type=kind,
            lr=_number(data.get("lr", _DEFAULT_LR[kind]), "optimizer.lr", low=0.0, high=10.0, low_open=True),
            momentum=_number(data.get("momentum", 0.0), "optimizer.momentum", low=0.0, high=0.9999),
            nesterov=_boolean(data.get("nesterov", False), "optimizer.nesterov"),
            beta1=_number(data.get("beta1", 0.9), "optimizer.beta1", low=0.0, high=0.9999),
            beta2=_number(data.get("beta2", 0.999), "optimizer.beta2", low=0.0, high=0.999999),
            eps=_number(data.get("eps", 1e-8), "optimizer.eps", low=0.0, high=1.0, low_open=True),
            alpha=_number(data.get("alpha", 0.99), "optimizer.alpha", low=0.0, high=0.9999),
            weight_decay=_number(data.get("weight_decay", default_decay), "optimizer.weight_decay", low=0.0, high=1.0),
        )
        if config.nesterov and (config.type != "sgd" or config.momentum <= 0):
            raise ConfigError("Nesterov needs SGD with momentum > 0", field="optimizer.nesterov")
        return config


@dataclass(frozen=True)
class ScheduleConfig:
    """Learning-rate schedule; ``cosine`` decays per step from lr to ``min_lr`` over the whole run."""

    type: str = "constant"
    step_size: int = 10  # step: epochs between decays
    gamma: float = 0.1  # step: multiplier at each decay
    min_lr: float = 0.0  # cosine floor, plateau floor
    factor: float = 0.5  # plateau: multiplier when validation loss stalls
    patience: int = 5  # plateau: epochs without improvement before reducing
    warmup_epochs: int = 0  # linear warm-up before any schedule

    @classmethod
    def from_dict(cls, value: Any) -> ScheduleConfig:
        data = _section(value, "schedule")
        _reject_unknown(data, {f.name for f in fields(cls)}, "schedule.")
        return cls(
            type=_choice(data.get("type", "constant"), "schedule.type", SCHEDULES, {"reduce_on_plateau": "plateau"}),
            step_size=int(_integer(data.get("step_size", 10), "schedule.step_size", low=1) or 1),
            gamma=_number(data.get("gamma", 0.1), "schedule.gamma", low=0.0, high=1.0, low_open=True),
            min_lr=_number(data.get("min_lr", 0.0), "schedule.min_lr", low=0.0),
            factor=_number(data.get("factor", 0.5), "schedule.factor", low=0.0, high=1.0, low_open=True),
            patience=int(_integer(data.get("patience", 5), "schedule.patience", low=0) or 0),
            warmup_epochs=int(_integer(data.get("warmup_epochs", 0), "schedule.warmup_epochs", low=0) or 0),
        )


@dataclass(frozen=True)
class EarlyStoppingConfig:
    patience: int = 10
    min_delta: float = 0.0
    restore_best: bool = True

    @classmethod
    def from_dict(cls, value: Any) -> EarlyStoppingConfig | None:
        if value is None or value is False:
            return None
        if value is True:
            return cls()
        if not isinstance(value, dict):
            raise ConfigError(f"must be an object, true/false or null, got {value!r}", field="early_stopping")
        _reject_unknown(value, {f.name for f in fields(cls)}, "early_stopping.")
        return cls(
            patience=int(_integer(value.get("patience", 10), "early_stopping.patience", low=1) or 1),
            min_delta=_number(value.get("min_delta", 0.0), "early_stopping.min_delta", low=0.0),
            restore_best=_boolean(value.get("restore_best", True), "early_stopping.restore_best"),
        )


@dataclass(frozen=True)
class InitConfig:
    """Weight initialisation; ``spread_kinks`` spreads a 1-D first layer's ReLU kinks over the data range."""

    type: str = "default"
    std: float = 0.05  # normal
    gain: float = 1.0  # xavier

    @classmethod
    def from_dict(cls, value: Any) -> InitConfig:
        data = _section(value, "init")
        _reject_unknown(data, {f.name for f in fields(cls)}, "init.")
        return cls(
            type=_choice(data.get("type", "default"), "init.type", INITS, {"he": "kaiming", "glorot": "xavier"}),
            std=_number(data.get("std", 0.05), "init.std", low=0.0, high=10.0, low_open=True),
            gain=_number(data.get("gain", 1.0), "init.gain", low=0.0, high=10.0, low_open=True),
        )


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 20
    batch_size: int = 32
    loss: str = "auto"  # auto: cross-entropy for classes (BCE for one output), MSE for regression
    huber_delta: float = 1.0
    optimizer: OptimizerConfig = field(default_factory=OptimizerConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    l1: float = 0.0  # penalty λ·Σ|w| over weights (not biases)
    l2: float = 0.0  # penalty λ·Σw² over weights (not biases)
    early_stopping: EarlyStoppingConfig | None = None
    init: InitConfig = field(default_factory=InitConfig)
    seed: int | None = 0  # None: a fresh random seed each run
    device: str = "auto"
    threads: int = 0  # 0: chosen from the model size
    shuffle: bool = True
    note: str = ""  # free text shown with the settings (e.g. how to run the article's original setting)

    @classmethod
    def from_dict(cls, data: Any) -> TrainConfig:
        """Parse a project's "training" section; missing keys take defaults, unknown keys raise."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(f"must be an object, got {type(data).__name__}", field="(section)")
        _reject_unknown(data, {f.name for f in fields(cls)}, "")
        seed = data.get("seed", 0)
        return cls(
            epochs=int(_integer(data.get("epochs", 20), "epochs", low=1) or 1),
            batch_size=int(_integer(data.get("batch_size", 32), "batch_size", low=1) or 1),
            loss=_choice(data.get("loss", "auto"), "loss", LOSSES, _LOSS_ALIASES),
            huber_delta=_number(data.get("huber_delta", 1.0), "huber_delta", low=0.0, low_open=True),
            optimizer=OptimizerConfig.from_dict(data.get("optimizer", {})),
            schedule=ScheduleConfig.from_dict(data.get("schedule", {})),
            l1=_number(data.get("l1", 0.0), "l1", low=0.0),
            l2=_number(data.get("l2", 0.0), "l2", low=0.0),
            early_stopping=EarlyStoppingConfig.from_dict(data.get("early_stopping")),
            init=InitConfig.from_dict(data.get("init", {})),
            seed=_integer(seed, "seed", low=0, allow_none=True),
            device=_choice(data.get("device", "auto"), "device", DEVICES),
            threads=int(_integer(data.get("threads", 0), "threads", low=0) or 0),
            shuffle=_boolean(data.get("shuffle", True), "shuffle"),
            note=_text(data.get("note", ""), "note"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The full "training" section (every setting written out, so a file says what it ran with)."""
        return {
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "loss": self.loss,
            "huber_delta": self.huber_delta,
            "optimizer": {f.name: getattr(self.optimizer, f.name) for f in fields(self.optimizer)},
            "schedule": {f.name: getattr(self.schedule, f.name) for f in fields(self.schedule)},
            "l1": self.l1,
            "l2": self.l2,
            "early_stopping": (
                None
                if self.early_stopping is None
                else {f.name: getattr(self.early_stopping, f.name) for f in fields(self.early_stopping)}
            ),
            "init": {f.name: getattr(self.init, f.name) for f in fields(self.init)},
            "seed": self.seed,
            "device": self.device,
            "threads": self.threads,
            "shuffle": self.shuffle,
            "note": self.note,
        }

    def with_overrides(self, **changes: Any) -> TrainConfig:
        """A copy with some top-level fields replaced (the CLI's --epochs/--seed/--device/...)."""
        return replace(self, **changes)
