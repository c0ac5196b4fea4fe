"""A panel that follows the shape analysis, but does the work only while someone can see it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from netbuilder.gui.analysis import Analysis


class LivePanel(QWidget):
    """Marks itself stale on every analysis update and refreshes then only if shown.

    Generating code or a 500-row table for a hidden tab is wasted work on the GUI thread; a hidden
    panel catches up once, when its dock becomes visible (``set_shown`` is connected to the dock's
    ``visibilityChanged``).
    """

    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis = analysis
        self._stale = True
        self._shown = False
        analysis.updated.connect(self._on_analysis_updated)

    def set_shown(self, shown: bool) -> None:
        self._shown = shown
        if shown and self._stale:
            self.refresh()

    def _on_analysis_updated(self) -> None:
        self._stale = True
        if self._shown:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the panel's contents from ``self.analysis``; subclasses must clear ``_stale``."""
        raise NotImplementedError
