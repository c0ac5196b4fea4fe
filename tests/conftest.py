"""Test-wide settings: Qt runs offscreen, and every test sees a quiet, deterministic torch."""

from __future__ import annotations

import os

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
