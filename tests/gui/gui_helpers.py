"""Helpers that drive the canvas like a person: real mouse events on the view's viewport."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton


def _send(
    view: Any,
    kind: QEvent.Type,
    scene_pos: QPointF,
    button: Qt.MouseButton,
    buttons: Any,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    local = QPointF(view.mapFromScene(scene_pos))
    global_pos = QPointF(view.viewport().mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(view.viewport(), event)


def press(view: Any, pos: QPointF, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    _send(view, QEvent.Type.MouseButtonPress, pos, LEFT, LEFT, modifiers)


def move(view: Any, pos: QPointF) -> None:
    _send(view, QEvent.Type.MouseMove, pos, NONE, LEFT)


def release(view: Any, pos: QPointF) -> None:
    _send(view, QEvent.Type.MouseButtonRelease, pos, LEFT, NONE)


def drag(view: Any, start: QPointF, end: QPointF, steps: int = 5) -> None:
    press(view, start)
    for i in range(1, steps + 1):
        move(view, start + (end - start) * (i / steps))
    release(view, end)


def drop_mime(view: Any, mime: QMimeData, scene_pos: QPointF) -> None:
    """A drop as Qt delivers it at the end of a QDrag (real drags need a window system)."""
    local = QPointF(view.mapFromScene(scene_pos))
    copy, no_mods = Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    # Qt delivers a Drop only to the widget that accepted the DragEnter, so enter and move first.
    enter = QDragEnterEvent(local.toPoint(), copy, mime, NONE, no_mods)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted(), "the canvas refused the drag"
    QApplication.sendEvent(view.viewport(), QDragMoveEvent(local.toPoint(), copy, mime, NONE, no_mods))
    QApplication.sendEvent(view.viewport(), QDropEvent(local, copy, mime, NONE, no_mods))


def type_and_enter(qtbot: Any, field: Any, text: str) -> None:
    """Click into a field, replace its text by typing, press Enter."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def quick_add(qtbot: Any, window: Any, text: str) -> Any:
    """Tab on the canvas, type ``text``, Enter: the quick-add popup, after it has closed."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    popup = window.view.quick_add
    assert popup.isVisible()
    qtbot.keyClicks(popup.search, text)
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    return popup


def settle(qtbot: Any, window: Any) -> None:
    """Wait for the debounced shape inference to run, as the user would see it."""
    qtbot.waitUntil(lambda: not window.analysis.pending, timeout=3000)


def build_chain(window: Any, *specs: tuple[str, dict[str, Any]]) -> list[str]:
    """Add nodes left to right and connect them in a chain; returns their ids."""
    ids: list[str] = []
    for i, (type_id, params) in enumerate(specs):
        node_id = window.editor.add_node(type_id, (i * 260.0, 0.0), params)
        assert node_id is not None
        if ids:
            assert window.editor.connect(ids[-1], node_id)
        ids.append(node_id)
    return ids


def set_spin(qtbot: Any, box: Any, value: Any) -> None:
    """Type a value into a spin box and press Enter (panels commit on Enter, not per keystroke)."""
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), str(value))
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def click(qtbot: Any, button: Any) -> None:
    """Click an enabled button as a person would (a disabled one fails the test, naming it)."""
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
