"""Drive the training docks as a person would: type settings, click Train / Pause / Step / Resume / Stop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from gui_helpers import click, set_spin

from netbuilder.training.runner.messages import Progress
from netbuilder.training.runs.store import runs_folder_for

LONG = 120_000


def open_example(window: Any, name: str) -> Any:
    window.files.open_example(name)
    return window.training_docks


def test_spiral_trains_and_views_update(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "spiral")
    panel = docks.training_panel
    set_spin(qtbot, panel.epochs, 25)
    assert window.document.project.training["epochs"] == 25  # UI -> model, through the undo stack
    window.document.undo_stack.undo()
    assert panel.epochs.value() != 25  # model -> UI on undo
    window.document.undo_stack.redo()
    assert panel.epochs.value() == 25
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    counts = docks.loss_plot.point_counts()
    assert counts["steps"] > 200 and counts["train"] == 25 and counts["metric"] == 25
    assert docks.decision_plot.updates >= 2
    image = docks.decision_plot.image.image
    assert image is not None and image.shape[:2] == (100, 100) and image.std() > 0
    assert docks.tiles.items  # activation thumbnails on the hidden nodes
    assert docks.results.report is not None and docks.results.report.task == "classification"
    assert not panel.error.text()


def test_pause_step_resume_stop(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "spiral")
    panel = docks.training_panel
    set_spin(qtbot, panel.epochs, 100_000)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > 20, timeout=LONG)
    click(qtbot, panel.pause_button)
    qtbot.waitUntil(lambda: panel.resume_button.isEnabled())
    qtbot.wait(400)  # let the last batch arrive
    before = docks.loss_plot.point_counts()["steps"]
    qtbot.wait(300)
    assert docks.loss_plot.point_counts()["steps"] == before  # paused: no progress
    updates = docks.decision_plot.updates
    click(qtbot, panel.step_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: docks.decision_plot.updates > updates, timeout=5000)  # the step is shown
    qtbot.wait(300)
    assert docks.loss_plot.point_counts()["steps"] == before + 1  # exactly one step
    click(qtbot, panel.resume_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > before + 50, timeout=LONG)
    steps: list[Any] = []
    docks.controller.run_updated.connect(
        lambda reply: (
            steps.append(reply.batch.last_step) if isinstance(reply, Progress) and reply.batch.last_step else None
        )
    )
    set_spin(qtbot, panel.lr, 0.002)  # the learning rate can change mid-run: the training process obeys
    # Cosine over 100,000 epochs: the factor is still ~1, so the steps now report the new rate.
    qtbot.waitUntil(lambda: bool(steps) and abs(steps[-1].lr - 0.002) < 2e-5, timeout=5000)
    click(qtbot, panel.stop_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert "stopped" in panel.status.text()
    assert panel.train_button.isEnabled() and not panel.stop_button.isEnabled()


def test_relu_pieces_hinges_move_and_weights_round_trip(qtbot: Any, window: Any, tmp_path: Path) -> None:
    docks = open_example(window, "seed-relu-pieces")
    # Long enough (~2000 steps) that a probe arrives before the last one even with torch warmed up.
    set_spin(qtbot, docks.training_panel.epochs, 400)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.hinge_plot.updates >= 1, timeout=LONG)
    first = [c.getData()[1].copy() for c in docks.hinge_plot.hinge_curves]
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    last = [c.getData()[1] for c in docks.hinge_plot.hinge_curves]
    assert len(last) == 3
    assert any(not np.allclose(a, b) for a, b in zip(first, last, strict=True))  # the hinges moved
    assert docks.results.report is not None and "rmse" in docks.results.report.metrics
    # Hovering: a hinge highlights its unit's tile on the canvas, and a tile highlights its hinge.
    docks.hinge_plot.unit_hovered.emit(1)
    assert docks.tiles.items[docks._hinge_node].highlight == 1
    docks.tiles.unit_hovered.emit(docks._hinge_node, 2)
    assert docks.hinge_plot.highlighted == 2
    # Saving keeps the run beside the project; reopening brings its weights (and the curves) back.
    path = tmp_path / "relu.nbproj"
    window.document.save(path)
    assert (runs_folder_for(path) / "run-0001" / "weights.safetensors").exists()
    trained = {k: v.clone() for k, v in docks.controller.weights.items()}
    window.document.open(path)
    assert docks.controller.weights is not None
    assert all(np.allclose(trained[k], docks.controller.weights[k]) for k in trained)
    assert docks.loss_plot.point_counts()["train"] == 400


def test_diverging_run_shows_the_error(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "seed-relu-pieces")
    panel = docks.training_panel
    panel.optimizer.setCurrentText("sgd")
    panel.loss.setCurrentText("mse")
    set_spin(qtbot, panel.lr, 10)
    set_spin(qtbot, panel.epochs, 50)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert panel.error.isVisible() or panel.error.text()
    assert "non-finite" in panel.error.text().lower() or "nan" in panel.error.text().lower()
    assert window.scene.selected_node_ids()  # the node involved is revealed on the canvas


def test_closing_mid_run_leaves_no_thread(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "spiral")
    set_spin(qtbot, docks.training_panel.epochs, 100_000)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > 0, timeout=LONG)
    thread = docks.controller.session.thread
    window.document.undo_stack.setClean()
    window.document._extra_dirty = False
    window.close()
    assert thread is None or not thread.isRunning()


def test_a_crashed_training_process_is_reported_and_the_next_run_works(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "spiral")
    panel = docks.training_panel
    set_spin(qtbot, panel.epochs, 100_000)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > 0, timeout=LONG)
    docks.controller.session.thread.process.process.kill()  # as the out-of-memory killer would
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert "ended unexpectedly" in panel.error.text()
    assert panel.train_button.isEnabled()
    set_spin(qtbot, panel.epochs, 3)
    click(qtbot, panel.train_button)  # a fresh process takes the next run
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert docks.results.report is not None and not panel.error.text()


def test_no_training_process_is_a_message_not_a_traceback(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netbuilder.training.runner import pool

    def refuse() -> Any:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool, "acquire", refuse)
    docks = open_example(window, "xor")
    click(qtbot, docks.training_panel.train_button)
    assert "cannot start the training process" in docks.training_panel.error.text()
    assert docks.controller.state.value == "idle" and docks.training_panel.train_button.isEnabled()


def test_kept_weights_follow_a_renamed_node(qtbot: Any, window: Any) -> None:
    import torch

    docks = open_example(window, "seed-relu-pieces")
    set_spin(qtbot, docks.training_panel.epochs, 3)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    trained = dict(docks.controller.weights)
    assert {"fc1.weight", "fc1.bias"} <= set(trained)
    assert window.editor.rename_node("fc1", "hidden")
    assert set(docks.controller.weights) == {k.replace("fc1.", "hidden.") for k in trained}
    assert torch.equal(docks.controller.weights["hidden.weight"], trained["fc1.weight"])
    window.document.undo_stack.undo()
    assert set(docks.controller.weights) == set(trained)
    window.document.undo_stack.redo()
    # The renamed network continues from its weights: with a negligible learning rate they barely move
    # (a fresh start would have re-initialised them).
    set_spin(qtbot, docks.training_panel.lr, "0.000001")
    assert window.document.project.training["optimizer"]["lr"] == 1e-6
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert torch.allclose(docks.controller.weights["hidden.weight"], trained["fc1.weight"], atol=1e-3)


def test_a_node_renamed_mid_run_gets_the_weights_that_arrive_after(qtbot: Any, window: Any) -> None:
    docks = open_example(window, "spiral")
    set_spin(qtbot, docks.training_panel.epochs, 100_000)
    click(qtbot, docks.training_panel.train_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > 0, timeout=LONG)
    assert window.editor.rename_node("fc1", "first")  # the running job still calls it fc1
    click(qtbot, docks.training_panel.stop_button)
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert "first.weight" in docks.controller.weights and "fc1.weight" not in docks.controller.weights


def test_a_frozen_training_process_is_ended_after_stop_and_the_panel_recovers(qtbot: Any, window: Any) -> None:
    import os
    import signal

    docks = open_example(window, "spiral")
    panel = docks.training_panel
    set_spin(qtbot, panel.epochs, 100_000)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: docks.loss_plot.point_counts()["steps"] > 0, timeout=LONG)
    session = docks.controller.session
    session._stop_timer.setInterval(1500)  # the 5 s of real use, shortened for the test
    os.kill(session.thread.process.pid, signal.SIGSTOP)  # frozen: it will never read the Stop
    click(qtbot, panel.stop_button)
    assert panel.status.text() == "Stopping…" and not panel.train_button.isEnabled()
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert "did not respond to Stop" in panel.error.text()
    assert panel.train_button.isEnabled() and not panel.stop_button.isEnabled()
    set_spin(qtbot, panel.epochs, 3)
    click(qtbot, panel.train_button)  # a fresh process takes the next run
    qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
    assert docks.results.report is not None and not panel.error.text()
