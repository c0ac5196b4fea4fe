"""Diagnostics panels behind another dock's tab wait: they catch up when shown, and at the end of a run."""

from __future__ import annotations

from typing import Any

import numpy as np
from gui_helpers import click, set_spin

LONG = 120_000


def shown_x(panel: Any) -> np.ndarray:
    """The x values of the panel's first gradient-norm curve (empty before any reading)."""
    curves = list(panel.norms.curves.values())
    return np.asarray(curves[0].getOriginalDataset()[0], dtype=float) if curves else np.zeros(0)


def test_a_hidden_gradient_panel_catches_up_when_shown_and_when_the_run_ends(qtbot: Any, window: Any) -> None:
    window.files.open_example("spiral")
    docks = window.training_docks
    controller = docks.controller
    panel = docks.diagnostics.gradient_panel
    window.docks["TrainingDock"].raise_()
    window.docks["LossDock"].raise_()  # the gradient dock is a tab behind the loss plot
    set_spin(qtbot, docks.training_panel.epochs, 5000)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: controller.run is not None and len(controller.run.diagnostics) >= 3, timeout=LONG)
    click(qtbot, docks.training_panel.pause_button)
    qtbot.waitUntil(lambda: controller.state.value == "paused", timeout=LONG)
    qtbot.wait(300)  # the readings sent before the pause arrive
    history = controller.run.diagnostics
    assert len(shown_x(panel)) < len(history)  # hidden: not redrawn at every reading

    window.show_dock("GradientFlowDock")  # the person clicks its tab
    qtbot.waitUntil(lambda: len(shown_x(panel)) == len(history), timeout=5000)
    np.testing.assert_allclose(shown_x(panel), history.x)

    window.docks["LossDock"].raise_()
    click(qtbot, docks.training_panel.stop_button)
    qtbot.waitUntil(lambda: controller.run.is_over and controller.state.value == "idle", timeout=LONG)
    # Hidden again, but the finished run's readings are all drawn, the final one included.
    np.testing.assert_allclose(shown_x(panel), controller.run.diagnostics.x)
    health = docks.diagnostics.health_panel
    assert len(health.shares.curves) > 0
