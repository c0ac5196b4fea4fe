"""Re-initialising dead units from the ReLU-fit dock: the unit comes back, the view changes, undo restores."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from PySide6.QtCore import Qt

from netbuilder.core.project import project_from_dict
from netbuilder.gui.training.plot_style import unit_color
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.session import prepare


def _weights_with_a_dead_unit(project: Any) -> dict[str, torch.Tensor]:
    """Fresh weights in which fc1's unit 0 has w = 1, b = -100: never active on standardised inputs."""
    setup = prepare(project_from_dict(project.to_dict()))
    state = state_to_cpu(setup.model)
    state["fc1.weight"][:] = torch.tensor([[1.0], [0.5], [-0.7]])
    state["fc1.bias"][:] = torch.tensor([-100.0, 0.1, 0.2])
    return state


def test_reinit_revives_a_dead_unit(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-relu-pieces")
    docks = window.training_docks
    plot = docks.hinge_plot
    assert not plot.reinit_button.isEnabled() and not docks.reinit_action.isEnabled()  # nothing trained yet
    docks.controller.use_weights(_weights_with_a_dead_unit(window.document.project))
    qtbot.waitUntil(lambda: plot.dead.tolist() == [True, False, False])  # drawn from the weights, off-thread
    assert "1 dead" in plot.info.text()
    assert plot.reinit_button.isEnabled() and docks.reinit_action.isEnabled()
    before_curve = plot.hinge_curves[0].getData()[1].copy()
    assert np.allclose(before_curve, 0.0)  # a dead hinge is flat zero over the data
    old_bias = docks.controller.weights["fc1.bias"].clone()
    assert len(plot.kink_points.data["x"]) == 2  # the dead unit's kink lies far outside the data

    qtbot.mouseClick(plot.reinit_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: plot.dead.tolist() == [False, False, False])  # model -> view: the unit is alive again
    assert not plot.reinit_button.isEnabled()
    pen = plot.hinge_curves[0].opts["pen"]
    assert pen.color().getRgb()[:3] == unit_color(0) and pen.style() == Qt.PenStyle.SolidLine  # coloured again
    kinks = plot.kink_points.data["x"]
    assert len(kinks) == 3  # its kink moved into the data range (w·x + b = 0 at a training sample)
    bias = docks.controller.weights["fc1.bias"]
    assert bias[0] != old_bias[0] and torch.equal(bias[1:], old_bias[1:])  # only the dead unit changed
    assert float(docks.controller.weights["fc2.weight"][0, 0]) == 0.0  # output unchanged at first
    assert "Re-initialise 1 dead unit" in window.statusBar().currentMessage()

    window.document.undo_stack.undo()
    assert torch.equal(docks.controller.weights["fc1.bias"], old_bias)
    qtbot.waitUntil(lambda: plot.dead.tolist() == [True, False, False])
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: plot.dead.tolist() == [False, False, False])


def test_reinit_is_refused_while_training(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-relu-pieces")
    docks = window.training_docks
    docks.controller.use_weights(_weights_with_a_dead_unit(window.document.project))
    qtbot.waitUntil(lambda: docks.hinge_plot.reinit_button.isEnabled())
    docks.hinge_plot.set_idle(False)  # as the session does while a run is active
    assert not docks.hinge_plot.reinit_button.isEnabled()
    assert "Stop training first" in docks.hinge_plot.reinit_button.toolTip()
    docks.hinge_plot.set_idle(True)
    assert docks.hinge_plot.reinit_button.isEnabled()
