"""Guide and lesson tests reuse tests/gui's fixtures (window, dialogs, no leaked threads)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# learn_helpers sits beside this file; make it importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def chinese() -> Iterator[None]:
    """The application's locale is Simplified Chinese for the test (as after View ▸ Language ▸ 中文)."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(before)
