"""Task-aware views: the view that fits the dataset is raised, the others say why they are empty."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabBar


def current_tabs(window: Any) -> set[str]:
    """Titles of the selected tab in each of the main window's dock tab bars."""
    return {bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.count()}


def test_views_follow_the_task(qtbot: Any, window: Any) -> None:
    window.files.open_example("spiral")
    docks = window.training_docks
    holders = docks.holders
    built = lambda: docks.controller.dataset is not None  # noqa: E731  (built off the GUI thread)
    qtbot.waitUntil(built)
    qtbot.waitUntil(lambda: "Decision boundary" in current_tabs(window))
    assert not holders["LossDock"].showing_view and "Press Train" in holders["LossDock"].label.text()
    assert not holders["DecisionDock"].showing_view and "Press Train" in holders["DecisionDock"].label.text()
    assert "one input and one output" in holders["HingeDock"].label.text()

    window.files.open_example("seed-relu-pieces", ask=False)
    qtbot.waitUntil(built)
    qtbot.waitUntil(lambda: "ReLU fit" in current_tabs(window))
    assert "2-D points" in holders["DecisionDock"].label.text()
    assert "Press Train" in holders["HingeDock"].label.text()

    window.files.open_example("seed-digits-mlp", ask=False)
    qtbot.waitUntil(built)
    qtbot.waitUntil(lambda: "Loss" in current_tabs(window))
    assert "these samples are 64" in holders["DecisionDock"].label.text()
    assert "these samples are 64" in holders["HingeDock"].label.text()


def test_training_replaces_the_empty_state(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-relu-pieces")
    docks = window.training_docks
    docks.training_panel.epochs.setValue(20)
    docks.train()
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=120_000)
    assert all(holder.showing_view for holder in docks.holders.values() if holder.view is not docks.decision_plot)
    assert not docks.holders["DecisionDock"].showing_view  # still not for 1-D data


def test_layers_palette_stays_readable(window: Any) -> None:
    assert window.docks["LayersDock"].widget().minimumWidth() >= 170
    assert window.docks["LayersDock"].width() >= 170
