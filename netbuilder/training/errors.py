"""Typed errors of the training package: each names what it concerns (a config field, a tensor, a node)."""

from __future__ import annotations

from netbuilder.core.errors import NetBuilderError


class TrainingError(NetBuilderError):
    """Training cannot start or continue (bad data/model combination, non-finite values)."""


class ConfigError(TrainingError):
    """A bad value or unknown key in the project's "training" section; ``field`` names it."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(f"training.{field}: {message}")
        self.field = field


class WeightsError(NetBuilderError):
    """A weights file that does not match the model: missing, extra or mis-shaped tensors."""
