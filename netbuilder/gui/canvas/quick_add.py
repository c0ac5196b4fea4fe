"""Tab on the canvas: a small search popup that adds the chosen layer where the cursor is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from netbuilder.core.catalog import Catalog
from netbuilder.gui.core_text import category_name, layer_doc, layer_title


class QuickAddPopup(QFrame):
    layer_chosen = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.catalog = catalog
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Add layer…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.resize(260, 280)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._on_result_activated)
        self._on_search_text_changed("")

    def popup_at(self, global_pos: QPoint) -> None:
        self.search.clear()
        self.move(global_pos)
        self.show()
        self.search.setFocus()

    def _on_search_text_changed(self, text: str) -> None:
        self.results.clear()
        for layer_type in self.catalog.search(text):
            item = QListWidgetItem(f"{layer_type.label}   ·  {category_name(layer_type.category)}")
            item.setData(Qt.ItemDataRole.UserRole, layer_type.id)
            item.setToolTip(f"<b>{layer_title(layer_type)}</b><br>{layer_doc(layer_type)}")
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def choose_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._on_result_activated(item)

    def _on_result_activated(self, item: QListWidgetItem) -> None:
        self.hide()
        self.layer_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Arrow keys and Enter in the search box drive the list, so the mouse is never needed.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)
