"""Each lesson can be completed by doing its steps as a person would; the panel advances at each one."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import click, drag, drop_mime, press, release, set_spin
from learn_helpers import click_link
from PySide6.QtCore import Qt

from netbuilder.gui.learn.content import load_lessons
from netbuilder.gui.learn.language import LANGUAGES
from netbuilder.gui.learn.lesson_checks import LessonEvent, step_done
from netbuilder.gui.mime import layer_mime

LONG = 180_000


def start(qtbot: Any, window: Any, lesson_id: str) -> Any:
    """Help ▸ Lessons, pick the lesson, Start."""
    window.learning.act_lessons.trigger()
    panel = window.learning.lessons
    assert window.docks["LessonDock"].isVisible()
    panel.choice.setCurrentIndex(panel.choice.findData(lesson_id))
    click(qtbot, panel.start_button)
    assert panel.lesson_id == lesson_id and panel.index == 0
    return panel


def expect_step(panel: Any, index: int) -> None:
    assert panel.index == index, f"on step {panel.index + 1}, expected step {index + 1}"
    count = len(panel.lesson.steps)
    if index < count:
        assert panel.progress_label.text() == f"Step {index + 1} of {count}"
        assert panel.lesson.steps[index].do.split("<")[0][:20] in panel.text.toPlainText()
    else:
        assert panel.complete and "✓" in panel.progress_label.text()


def click_node(window: Any, node_id: str) -> None:
    window.show_canvas()
    item = window.scene.node_items[node_id]
    window.view.ensureVisible(item)
    center = item.sceneBoundingRect().center()
    press(window.view, center)
    release(window.view, center)


def train(qtbot: Any, window: Any, reset: bool = False) -> None:
    window.show_dock("TrainingDock")
    panel = window.training_docks.training_panel
    if reset:
        click(qtbot, panel.reset_button)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: window.training.state.value == "idle" and window.training.run.is_over, timeout=LONG)
    assert window.training.run.outcome == "finished", window.training.run.finish_reason


def set_epochs(qtbot: Any, window: Any, epochs: int) -> None:
    window.show_dock("TrainingDock")
    set_spin(qtbot, window.training_docks.training_panel.epochs, epochs)


def test_lesson_texts_exist_in_both_languages_with_5_to_8_steps() -> None:
    english, chinese = (load_lessons(language) for language in LANGUAGES)
    assert [x.id for x in english] == [x.id for x in chinese] == ["neuron", "relu", "overfitting", "cnn", "optimizers"]
    for a, b in zip(english, chinese, strict=True):
        assert 5 <= len(a.steps) <= 8 and a.title != b.title
        for sa, sb in zip(a.steps, b.steps, strict=True):
            assert sa.check == sb.check and sa.do != sb.do and sa.why != sb.why


def test_checks_match_only_their_event() -> None:
    check = {"type": "training_set", "key": "optimizer.lr", "op": "<=", "value": 0.02}
    assert step_done(check, LessonEvent("training_set", {"training": {"optimizer": {"lr": 0.01}}}))
    assert not step_done(check, LessonEvent("training_set", {"training": {"optimizer": {"lr": 0.1}}}))
    assert not step_done(
        check, LessonEvent("trained", {"outcome": "finished", "training": {"optimizer": {"lr": 0.01}}})
    )
    trained = {"type": "trained"}
    assert step_done(trained, LessonEvent("trained", {"outcome": "finished", "training": {}}))
    assert not step_done(trained, LessonEvent("trained", {"outcome": "failed", "training": {}}))
    early = {"type": "training_set", "key": "early_stopping", "op": "set"}
    assert not step_done(early, LessonEvent("training_set", {"training": {"early_stopping": None}}))
    assert step_done(early, LessonEvent("training_set", {"training": {"early_stopping": {"patience": 10}}}))
    with pytest.raises(ValueError, match="unknown lesson check"):
        step_done({"type": "nonsense"}, LessonEvent("nonsense"))


def test_single_neuron_lesson_with_back_and_skip(qtbot: Any, window: Any) -> None:
    panel = start(qtbot, window, "neuron")
    expect_step(panel, 0)
    assert panel.open_button.isVisible()
    click(qtbot, panel.open_button)  # step 1: open the example
    expect_step(panel, 1)
    click_node(window, "input1")  # not the node the step asks for
    expect_step(panel, 1)
    click_node(window, "fc1")
    expect_step(panel, 2)
    click(qtbot, panel.back_button)  # Back shows the previous step again, which can be done again
    expect_step(panel, 1)
    click_node(window, "input1")
    click_node(window, "fc1")
    expect_step(panel, 2)
    set_epochs(qtbot, window, 200)
    train(qtbot, window)
    expect_step(panel, 3)
    set_spin(qtbot, window.training_docks.training_panel.lr, 0.01)
    expect_step(panel, 4)
    train(qtbot, window, reset=True)
    expect_step(panel, 5)
    assert panel.status == ["done"] * 5
    # Skip: a fresh start, skipping every step, also ends complete and says how many were skipped.
    click(qtbot, panel.start_button)
    for _ in range(5):
        click(qtbot, panel.skip_button)
    expect_step(panel, 5)
    assert panel.status == ["skipped"] * 5 and "5" in panel.text.toPlainText()


def test_relu_hinges_lesson(qtbot: Any, window: Any) -> None:
    panel = start(qtbot, window, "relu")
    click(qtbot, panel.open_button)
    expect_step(panel, 1)
    set_epochs(qtbot, window, 20)
    train(qtbot, window)
    expect_step(panel, 2)
    click_node(window, "fc1")
    window.show_inspector()
    set_spin(qtbot, window.inspector.widgets["out_features"], 6)
    assert window.document.graph.node("fc1").params["out_features"] == 6
    expect_step(panel, 3)
    train(qtbot, window, reset=True)
    expect_step(panel, 4)
    click_node(window, "relu1")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not window.document.graph.has_node("relu1")
    expect_step(panel, 5)
    window.document.undo_stack.undo()  # second thoughts: relu1 is back, the lesson does not go back
    assert window.document.graph.has_node("relu1")
    expect_step(panel, 5)
    window.document.undo_stack.redo()
    assert not window.document.graph.has_node("relu1")
    expect_step(panel, 5)  # the redone delete does not count twice
    src = window.scene.node_items["fc1"].output_port
    dst = window.scene.node_items["fc2"].input_ports[0]
    drag(window.view, src.scenePos(), dst.scenePos())
    expect_step(panel, 6)
    train(qtbot, window, reset=True)
    expect_step(panel, 7)


def test_overfitting_lesson(qtbot: Any, window: Any) -> None:
    panel = start(qtbot, window, "overfitting")
    click(qtbot, panel.open_button)
    expect_step(panel, 1)
    set_epochs(qtbot, window, 3)
    train(qtbot, window)
    expect_step(panel, 2)
    set_spin(qtbot, window.training_docks.training_panel.l2, 0.001)
    expect_step(panel, 3)
    a = window.scene.node_items["relu1"].output_port.scenePos()
    b = window.scene.node_items["fc2"].input_ports[0].scenePos()
    window.show_canvas()
    drop_mime(window.view, layer_mime("Dropout"), (a + b) / 2)  # the palette drag, dropped on the edge
    dropouts = [n for n in window.document.graph.nodes if n.type == "Dropout"]
    assert len(dropouts) == 1
    expect_step(panel, 4)
    window.show_dock("TrainingDock")
    click(qtbot, window.training_docks.training_panel.early_stopping)
    expect_step(panel, 5)
    train(qtbot, window, reset=True)
    expect_step(panel, 6)


def test_cnn_lesson(qtbot: Any, window: Any) -> None:
    panel = start(qtbot, window, "cnn")
    click(qtbot, panel.open_button)
    expect_step(panel, 1)
    click_node(window, "conv1")
    expect_step(panel, 2)
    click_node(window, "maxpool1")
    expect_step(panel, 3)
    click_node(window, "conv1")
    window.show_inspector()
    set_spin(qtbot, window.inspector.widgets["kernel_size"], 5)
    expect_step(panel, 4)
    set_epochs(qtbot, window, 1)
    expect_step(panel, 5)
    train(qtbot, window)
    expect_step(panel, 6)


def test_optimizers_lesson(qtbot: Any, window: Any) -> None:
    panel = start(qtbot, window, "optimizers")
    click(qtbot, panel.open_button)
    expect_step(panel, 1)
    click_link(qtbot, panel.text, "Adam")  # the step's link opens the guide at Adam
    assert window.learning.guide.current_page.id == "adam"
    expect_step(panel, 2)
    set_epochs(qtbot, window, 5)
    train(qtbot, window)
    expect_step(panel, 3)
    combo = window.training_docks.training_panel.optimizer
    combo.setFocus()
    qtbot.keyClicks(combo, "s")  # keyboard search in the combo picks "sgd"
    assert window.document.project.training["optimizer"]["type"] == "sgd"
    expect_step(panel, 4)
    train(qtbot, window, reset=True)
    expect_step(panel, 5)
    set_spin(qtbot, window.training_docks.training_panel.lr, 0.05)
    expect_step(panel, 6)
    train(qtbot, window, reset=True)
    expect_step(panel, 7)
    window.learning.lessons.back()
    expect_step(panel, 6)


def test_lesson_in_chinese(qtbot: Any, window: Any, chinese: None) -> None:
    panel = start(qtbot, window, "relu")
    assert panel.title.text() == "ReLU 折线（文章 001）"
    assert "打开示例" in panel.text.toPlainText()
    click(qtbot, panel.open_button)
    assert panel.index == 1 and "训练" in panel.text.toPlainText()


def test_lessons_from_the_start_page_and_on_to_the_next(qtbot: Any, window: Any) -> None:
    window.stack.setCurrentWidget(window.start_page)
    click(qtbot, window.start_page.lessons_button)
    assert window.docks["LessonDock"].isVisible()
    panel = window.learning.lessons
    assert not panel.next_button.isVisible() and not panel.skip_button.isEnabled()  # nothing started yet
    window.files.open_example("seed-relu-pieces")
    panel.choice.setCurrentIndex(panel.choice.findData("relu"))
    click(qtbot, panel.start_button)
    expect_step(panel, 1)  # the example is open as it ships: the "open it" step is done already
    for _ in range(6):
        click(qtbot, panel.skip_button)
    expect_step(panel, 7)
    assert panel.next_button.isVisible()
    click(qtbot, panel.next_button)
    assert panel.lesson_id == "overfitting" and panel.index == 0  # seed-relu-pieces is not its example
    help_menu = window.menu("&Help")
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Guide", "&Lessons"] and window.learning.act_guide.shortcut().toString() == "F1"
