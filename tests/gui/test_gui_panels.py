"""Summary table and generated code follow the graph; start page and menus offer the examples."""

from __future__ import annotations

from typing import Any

from gui_helpers import build_chain, settle
from PySide6.QtGui import QGuiApplication


def test_summary_table_follows_graph(window: Any, qtbot: Any) -> None:
    window.docks["SummaryDock"].raise_()
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {"out_features": 3}))
    settle(qtbot, window)
    summary = window.summary
    qtbot.waitUntil(lambda: summary.model.rowCount() >= 2)
    column = [summary.cell(r, 0) for r in range(summary.model.rowCount())]
    assert ids[1] in column
    row = column.index(ids[1])
    assert summary.cell(row, 3) == "15"  # 4*3 weights + 3 biases
    window.editor.set_param(ids[1], "out_features", 5)
    settle(qtbot, window)
    assert summary.cell(row, 3) == "25"
    assert "25" in window.summary.totals.text()


def test_code_view_follows_graph_and_copies(window: Any, qtbot: Any) -> None:
    window.docks["CodeDock"].raise_()
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {"out_features": 3}))
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "Linear(4, 3" in window.code_view.code() or "in_features=4" in window.code_view.code())
    window.editor.set_param(ids[1], "out_features", 6)
    settle(qtbot, window)
    assert "6" in window.code_view.code()
    assert window.code_view.text.isReadOnly()
    window.code_view.copy_button.click()
    assert QGuiApplication.clipboard().text() == window.code_view.code()


def test_code_view_explains_problems(window: Any, qtbot: Any) -> None:
    window.docks["CodeDock"].raise_()
    window.editor.add_node("Dense", (0, 0))
    settle(qtbot, window)
    assert window.code_view.code().startswith("#")


def test_start_page_and_examples_menu_list_every_example(window: Any, qtbot: Any) -> None:
    from netbuilder.core.examples import list_examples

    names = {e.name for e in list_examples()}
    page = window.start_page
    listed = {page.examples.item(i).data(0x0100) for i in range(page.examples.count())}
    assert listed == names
    assert len(window.examples_menu.actions()) == len(names)


def test_open_example_from_start_page(window: Any, qtbot: Any) -> None:
    window.stack.setCurrentWidget(window.start_page)
    page = window.start_page
    row = next(i for i in range(page.examples.count()) if page.examples.item(i).data(0x0100) == "spiral")
    # The tooltip says how to open it from a terminal, and that command does open it (app.py).
    assert page.examples.item(row).toolTip() == "From a terminal: netbuilder example:spiral"
    page.examples.itemActivated.emit(page.examples.item(row))
    assert window.stack.currentWidget() is window.view
    assert len(window.document.graph) > 0
    assert set(window.scene.node_items) == {n.id for n in window.document.graph.nodes}
    settle(qtbot, window)
    assert window.analysis.info.problems == []


def test_about_box(window: Any, dialogs: Any) -> None:
    window.act_about.trigger()
    assert dialogs.of("about") and "NetBuilder" in dialogs.of("about")[0][2]
