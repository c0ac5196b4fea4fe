"""Opening a project frames the graph from its inputs, and keeps doing so while the docks settle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent


def visible_scene_rect(view: Any) -> Any:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def input_fully_visible(window: Any) -> bool:
    item = window.scene.node_items["input1"]
    return visible_scene_rect(window.view).contains(item.sceneBoundingRect())


def test_a_late_resize_keeps_the_inputs_in_view(window: Any, qtbot: Any) -> None:
    window.files.open_example("spiral", ask=False)
    qtbot.waitUntil(lambda: input_fully_visible(window), timeout=3000)
    # The docks settle after the first show and take width from the canvas.
    window.view.resize(window.view.width() - 250, window.view.height())
    qtbot.waitUntil(lambda: input_fully_visible(window), timeout=3000)
    assert window.view.zoom >= 0.6 - 1e-6


def test_once_the_person_zooms_a_resize_leaves_the_view_alone(window: Any, qtbot: Any) -> None:
    window.files.open_example("spiral", ask=False)
    qtbot.waitUntil(lambda: input_fully_visible(window), timeout=3000)
    qtbot.wait(50)  # the opening's queued framing runs before a person can scroll
    view = window.view
    wheel = QWheelEvent(
        QPointF(10, 10),
        QPointF(view.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(wheel)
    zoom = view.zoom
    view.resize(view.width() - 200, view.height())
    qtbot.wait(50)
    assert view.zoom == zoom
