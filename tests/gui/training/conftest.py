"""Training-dock tests reuse tests/gui's fixtures (window, dialogs, no leaked threads)."""

from __future__ import annotations

from pathlib import Path

import pytest

OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise|grabbing the (keyboard|mouse))"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Same offscreen-platform noise as tests/gui: the test platform talking, not NetBuilder.
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))
