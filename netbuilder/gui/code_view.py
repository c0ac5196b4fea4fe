"""A read-only, copyable view of the generated PyTorch code, following the graph while visible."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.analysis import Analysis
from netbuilder.gui.live_panel import LivePanel

log = logging.getLogger(__name__)


class CodeView(LivePanel):
    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(analysis, parent)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.status = QLabel(self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy the whole code to the clipboard"))
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.text)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)

    def refresh(self) -> None:
        self._stale = False
        graph = self.analysis.document.graph
        try:
            from netbuilder.model.codegen import generate_code

            code = generate_code(graph)
            self.status.setText(self.tr("Generated PyTorch code (read-only)"))
        except ImportError:
            code = "# code generation is not available in this build"
            self.status.setText(self.tr("Code generation unavailable"))
        except NetBuilderError as error:
            code = "# The graph cannot be compiled yet:\n" + "\n".join(
                f"#   - {line}" for line in error.message.split("; ")
            )
            self.status.setText(self.tr("Fix the problems to see the code"))
        except Exception:
            log.exception("code generation failed")
            code = "# code generation failed; see the log"
            self.status.setText(self.tr("Code generation failed"))
        bar = self.text.verticalScrollBar().value()
        self.text.setPlainText(code)
        self.text.verticalScrollBar().setValue(bar)  # keep the reader's place while the graph changes

    def code(self) -> str:
        return self.text.toPlainText()

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
