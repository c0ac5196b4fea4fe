"""Guide and lesson tests reuse tests/gui's fixtures (window, dialogs, no leaked threads)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# learn_helpers sits beside this file; make it importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).parent))

OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise|grabbing the (keyboard|mouse))"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Same offscreen-platform noise as tests/gui: the test platform talking, not NetBuilder.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))


@pytest.fixture
def chinese() -> Iterator[None]:
    """The application's locale is Simplified Chinese for the test (as after View ▸ Language ▸ 中文)."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(before)
