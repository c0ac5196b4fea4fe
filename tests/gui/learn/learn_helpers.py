"""Helpers for the guide and lesson tests: click a link in a text browser as a person would."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def click_link(qtbot: Any, browser: Any, text: str) -> None:
    """Left-click the middle of the first occurrence of ``text`` (a link's text) in ``browser``."""
    found = browser.document().find(text)
    assert not found.isNull(), f"{text!r} not in the page"
    cursor = QTextCursor(browser.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    pos = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=pos)
