"""Save, open, recent files, unsaved-changes prompts, broken files, autosave and crash recovery."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gui_helpers import build_chain
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.project import load_project
from netbuilder.gui import recovery
from netbuilder.gui.app import create_main_window, offer_recovery, open_initial
from netbuilder.gui.settings import recent_files


def test_save_and_reopen_is_equal(window: Any, tmp_path: Path, monkeypatch: Any) -> None:
    build_chain(window, ("Input", {"shape": [4]}), ("Dense", {"out_features": 3}), ("ReLU", {}))
    window.document.project.training["epochs"] = 7
    target = tmp_path / "net.nbproj"
    monkeypatch.setattr(window.files, "_ask_save_path", lambda: str(target))
    assert window.isWindowModified()
    window.act_save.trigger()
    assert target.exists() and not window.isWindowModified()
    assert window.windowTitle().startswith("net.nbproj")
    saved = window.document.project.to_dict()
    assert load_project(target).to_dict() == saved
    window.files.new()
    assert window.files.open_path(target)
    assert window.document.project.to_dict() == saved
    assert recent_files()[0] == str(target.resolve())
    assert str(target.resolve()) in [
        window.start_page.recent.item(i).data(0x0100) for i in range(window.start_page.recent.count())
    ]


def test_corrupt_file_shows_error_and_keeps_project(window: Any, tmp_path: Path, dialogs: Any) -> None:
    ids = build_chain(window, ("Input", {"shape": [4]}), ("Dense", {}))
    window.document.undo_stack.setClean()
    broken = tmp_path / "broken.nbproj"
    broken.write_text('{"format": "netbuilder-project", "version": 1, "graph": {"nodes": [', encoding="utf-8")
    assert not window.files.open_path(broken)
    title, text = dialogs.of("critical")[0][1:]
    assert title == "Cannot open project" and "not valid JSON" in text and "broken.nbproj" in text
    assert [n.id for n in window.document.graph.nodes] == ids
    assert set(window.scene.node_items) == set(ids)
    window.editor.add_node("ReLU", (0, 0))  # the app stays usable
    assert len(window.document.graph) == 3


def test_newer_version_file_is_refused_clearly(window: Any, tmp_path: Path, dialogs: Any) -> None:
    newer = tmp_path / "newer.nbproj"
    newer.write_text(json.dumps({"format": "netbuilder-project", "version": 99, "graph": {}}), encoding="utf-8")
    assert not window.files.open_path(newer)
    assert "newer NetBuilder" in dialogs.of("critical")[0][2]


def test_close_with_unsaved_changes_asks(window: Any, dialogs: Any) -> None:
    window.editor.add_node("Dense", (0, 0))
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible() and dialogs.of("question")
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.close()


def test_new_with_unsaved_changes_can_be_cancelled(window: Any, dialogs: Any) -> None:
    window.editor.add_node("Dense", (0, 0))
    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.act_new.trigger()
    assert len(window.document.graph) == 1
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.act_new.trigger()
    assert len(window.document.graph) == 0 and not window.isWindowModified()


def test_autosave_and_recovery_after_crash(window: Any, qtbot: Any, isolated: Path, dialogs: Any) -> None:
    build_chain(window, ("Input", {"shape": [4]}), ("Dense", {"out_features": 9}))
    assert window.autosaver.autosave_now()
    own = window.autosaver.path
    assert own.exists() and own.parent == isolated / "recovery"
    assert recovery.left_behind() == []  # our own file is not a crash
    # Pretend a crashed process (a pid that cannot exist) left it behind.
    crashed = own.with_name(f"{2**22 + 12345}.nbproj")
    crashed.write_bytes(own.read_bytes())
    expected = load_project(crashed).to_dict()

    second = create_main_window()
    qtbot.addWidget(second)
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert offer_recovery(second)
    assert second.document.project.to_dict() == expected
    assert second.document.is_dirty
    assert not crashed.exists()
    second.document.undo_stack.setClean()
    second.document._extra_dirty = False
    second.close()


def test_saving_removes_the_recovery_file(window: Any, tmp_path: Path) -> None:
    window.editor.add_node("Dense", (0, 0))
    window.autosaver.autosave_now()
    assert window.autosaver.path.exists()
    window.document.save(tmp_path / "x.nbproj")
    assert not window.autosaver.path.exists()
    assert not window.autosaver.autosave_now()  # nothing unsaved, nothing written


def test_open_initial_argument(window: Any, tmp_path: Path) -> None:
    open_initial(window, "example:xor")
    assert window.document.project.name and len(window.document.graph) > 0
    path = tmp_path / "mine.nbproj"
    window.document.save(path)
    window.files.new()
    open_initial(window, str(path))
    assert window.document.path == path


def test_dock_layout_is_restored(qtbot: Any) -> None:
    first = create_main_window()
    qtbot.addWidget(first)
    first.show()
    first.docks["ProblemsDock"].hide()
    assert first.close()
    second = create_main_window()
    qtbot.addWidget(second)
    second.show()
    assert not second.docks["ProblemsDock"].isVisible()
    assert second.docks["LayersDock"].isVisible()
    second.close()


def test_add_dock_and_menu_hooks(window: Any) -> None:
    from PySide6.QtWidgets import QLabel

    dock = window.add_dock(QLabel("plots"), "Plots", "PlotsDock")
    assert dock.toggleViewAction() in window._panels_menu.actions()
    hits: list[int] = []
    action = window.add_menu_action("&Train", "Start", lambda: hits.append(1), "Ctrl+T")
    action.trigger()
    assert hits == [1]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Train") == titles.index("&Help") - 1
    assert os.environ["NETBUILDER_RECOVERY_DIR"]
