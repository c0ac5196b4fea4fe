"""Typed errors of the export package: each says which format, layer or file it concerns, and why."""

from __future__ import annotations

from netbuilder.core.errors import NetBuilderError


class ExportError(NetBuilderError):
    """An export that cannot be written: unsupported layer for a format, unwritable path, bad options."""


class VerificationError(ExportError):
    """The exported file did not load in a fresh process, or its outputs differ from the model's."""
