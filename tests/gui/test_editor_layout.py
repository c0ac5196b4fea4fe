"""Every bundled example opens readable in the default window, and Auto-layout keeps it so.

Readable means: every card inside the canvas's viewport, at a zoom of at least 80%, and no edge
running behind a card it does not connect.
"""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import settle

from netbuilder.core.examples import example_names, list_examples

WINDOW_SIZE = (1400, 900)
READABLE_ZOOM = 0.8


def visible_rect(view: Any) -> Any:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def cards_outside(window: Any) -> list[str]:
    shown = visible_rect(window.view)
    items = window.scene.node_items.items()
    return [node_id for node_id, item in items if not shown.contains(item.sceneBoundingRect())]


def edges_behind_cards(window: Any) -> list[tuple[str, str, str]]:
    """(src, dst, card) for every edge that runs through a card other than its own two."""
    hits = []
    for edge, item in window.scene.edge_items.items():
        path = item.path()
        samples = [path.pointAtPercent(i / 60) for i in range(61)]
        for node_id, card in window.scene.node_items.items():
            if node_id in (edge.src, edge.dst):
                continue
            body = card.body_rect().adjusted(1, 1, -1, -1)
            if any(body.contains(p) for p in samples):
                hits.append((edge.src, edge.dst, node_id))
    return hits


def open_from_menu(window: Any, qtbot: Any, name: str) -> None:
    """File ▸ Examples ▸ <title>, as a person opens an example."""
    title = next(e.title for e in list_examples() if e.name == name)
    action = next(a for a in window.examples_menu.actions() if a.text() == title)
    action.trigger()
    qtbot.waitUntil(lambda: set(window.scene.node_items) == {n.id for n in window.document.graph.nodes})
    qtbot.wait(50)  # the framing runs once the view has its final size
    settle(qtbot, window)


@pytest.fixture
def big_window(window: Any, qtbot: Any) -> Any:
    window.resize(*WINDOW_SIZE)
    qtbot.waitUntil(lambda: window.width() == WINDOW_SIZE[0])
    qtbot.wait(50)
    return window


@pytest.mark.parametrize("name", example_names())
def test_every_example_opens_and_auto_lays_out_readably(big_window: Any, qtbot: Any, name: str) -> None:
    window = big_window
    open_from_menu(window, qtbot, name)
    assert window.view.zoom >= READABLE_ZOOM - 1e-6, f"{name} opens at {window.view.zoom:.0%}"
    assert cards_outside(window) == []
    assert edges_behind_cards(window) == []

    window.act_layout.trigger()  # the toolbar's Auto-layout
    qtbot.wait(10)
    assert window.view.zoom >= READABLE_ZOOM - 1e-6, f"{name} auto-lays out at {window.view.zoom:.0%}"
    assert cards_outside(window) == []
    assert edges_behind_cards(window) == []
    window.document.undo_stack.undo()  # one step puts every node back
    assert window.document.undo_stack.index() == 0


def test_a_long_chain_wraps_into_rows_that_fit(big_window: Any, qtbot: Any) -> None:
    """Twenty layers in a row cannot fit at a readable zoom: Auto-layout wraps them."""
    window = big_window
    window.show_canvas()
    previous = window.editor.add_node("Input", (0.0, 0.0), {"shape": [8]})
    assert previous is not None
    for i in range(19):
        node = window.editor.add_node("Dense" if i % 2 == 0 else "ReLU", ((i + 1) * 230.0, 0.0))
        assert node is not None and window.editor.connect(previous, node)
        previous = node
    window.act_layout.trigger()
    qtbot.wait(10)
    rows = {round(n.position[1]) for n in window.document.graph.nodes}
    assert len(rows) > 1
    assert window.view.zoom >= READABLE_ZOOM - 1e-6
    assert cards_outside(window) == []
    assert edges_behind_cards(window) == []


def test_a_skip_link_runs_around_the_cards_it_passes(window: Any, qtbot: Any) -> None:
    """A residual link drawn by hand straight through its branch is routed around the branch."""
    window.show_canvas()
    ids = [window.editor.add_node(t, (i * 200.0, 0.0)) for i, t in enumerate(("Input", "Dense", "ReLU", "Add"))]
    a, b, c, d = ids
    assert a and b and c and d
    for src, dst in ((a, b), (b, c), (c, d), (a, d)):
        assert window.editor.connect(src, dst)
    qtbot.wait(10)
    assert edges_behind_cards(window) == []
