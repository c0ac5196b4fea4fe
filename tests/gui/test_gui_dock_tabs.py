"""Each tabbed dock group shows exactly one tab bar, lined up with its docks (no stray bars)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar


def visible_bars(window: Any) -> list[tuple[str, ...]]:
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [tuple(b.tabText(i) for i in range(b.count())) for b in bars if b.isVisible() and b.count()]


def test_first_start_shows_one_bar_per_tab_group(window: Any, qtbot: Any) -> None:
    window.files.open_example("spiral", ask=False)
    window.resize(1400, 900)
    qtbot.wait(200)
    counts = Counter(visible_bars(window))
    assert counts, "the window has tabbed dock groups"
    assert all(n == 1 for n in counts.values()), counts


def test_restoring_a_layout_leaves_no_stray_bars(window: Any, qtbot: Any) -> None:
    qtbot.wait(100)
    window.restoreState(window.saveState())
    qtbot.wait(200)
    counts = Counter(visible_bars(window))
    assert all(n == 1 for n in counts.values()), counts
    # The bar that stays is the one lined up with its docks, where a person looks for it.
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    (bar,) = [b for b in bars if b.isVisible() and b.count() and b.tabText(0) == "Problems"]
    dock = window.docks["ProblemsDock"]
    assert abs(bar.x() - dock.x()) <= 3 and abs(bar.width() - dock.width()) <= 3
