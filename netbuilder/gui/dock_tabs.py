"""Hide dock tab bars that Qt replaced but left on screen.

With tabbed docks, Qt 6's main-window layout sometimes builds a new tab bar for a dock group (on
the first show, after ``restoreState``) and leaves the old one visible where the group used to be:
a stray "Problems | Summary" strip over the palette, a second "Loss | Results" bar under the real
one. The bar a group really uses lines up with the group's docks; any other visible bar showing
the same titles is stale, and is hidden here whenever the window's layout settles.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

log = logging.getLogger(__name__)

_SLACK = 3  # pixels: a bar and its docks share x and width up to frame rounding


class StaleTabBarSweeper(QObject):
    """Watches ``window``'s layout and hides tab bars that no longer belong to a dock group."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)  # after the layout pass that prompted it
        self._timer.timeout.connect(self.sweep)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.LayoutRequest,
            QEvent.Type.Resize,
            QEvent.Type.ChildAdded,  # a new tab bar: the one it replaces may stay on screen
        ):
            self._timer.start()
        return False

    def sweep(self) -> int:
        """Hide stale bars now; returns how many were hidden."""
        # Direct children only: a recursive search of every widget cost ~1.5 ms, and layout requests
        # bring a sweep up to 30 times a second while training panels update.
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        docks = [d for d in self.window.findChildren(QDockWidget, options=direct) if not d.isFloating()]
        hidden = 0
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not bar.isVisible() or bar.count() == 0:
                continue
            titles = {bar.tabText(i).replace("&", "") for i in range(bar.count())}
            rect = bar.geometry()
            owners = [d for d in docks if d.isVisible() and d.windowTitle().replace("&", "") in titles]
            if not any(abs(d.x() - rect.x()) <= _SLACK and abs(d.width() - rect.width()) <= _SLACK for d in owners):
                bar.hide()
                hidden += 1
        if hidden:
            log.debug("hid %d stale dock tab bar(s)", hidden)
        return hidden
