"""The layer palette: every catalog type grouped by category, with search, tooltips and drag-and-drop."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from netbuilder.core.catalog import Catalog, LayerType
from netbuilder.gui.core_text import category_name, layer_doc, layer_title, param_doc
from netbuilder.gui.mime import layer_mime
from netbuilder.gui.theme import category_text_color, on_theme_changed

log = logging.getLogger(__name__)

TYPE_ROLE = Qt.ItemDataRole.UserRole
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1


def layer_tooltip(layer_type: LayerType) -> str:
    rows = "".join(
        "<tr><td><b>{name}</b></td><td>{doc} <i>{default}</i></td></tr>".format(
            name=s.name,
            doc=param_doc(s),
            default=QCoreApplication.translate("Palette", "(default {value})").format(value=s.to_json(s.default)),
        )
        for s in layer_type.params
    )
    table = f"<table>{rows}</table>" if rows else QCoreApplication.translate("Palette", "<i>no parameters</i>")
    category = category_name(layer_type.category)
    return f"<b>{layer_title(layer_type)}</b> <small>({category})</small><p>{layer_doc(layer_type)}</p>{table}"


class _LayerTree(QTreeWidget):
    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        type_id = items[0].data(0, TYPE_ROLE) if items else None
        return layer_mime(type_id) if type_id else QMimeData()


class Palette(QWidget):
    layer_activated = Signal(str)  # double-click or Enter: add this layer to the canvas
    help_requested = Signal(str)  # "What is this?" in a layer's context menu: its type id

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search layers (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.tree = _LayerTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._populate()
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        # Which layer types have a guide page; set by whoever owns the guide (none until then).
        self.has_help: Callable[[str], bool] = lambda _type_id: False
        self.context_menu: QMenu | None = None
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        on_theme_changed(self._recolor_groups)

    def _recolor_groups(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            group.setForeground(0, category_text_color(group.data(0, CATEGORY_ROLE)))

    def _populate(self) -> None:
        for category, types in self.catalog.by_category().items():
            group = QTreeWidgetItem(self.tree, [category_name(category)])
            group.setData(0, CATEGORY_ROLE, category)  # the English name: the key of its colour
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setForeground(0, category_text_color(category))
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for layer_type in types:
                item = QTreeWidgetItem(group, [layer_type.label])
                item.setData(0, TYPE_ROLE, layer_type.id)
                item.setToolTip(0, layer_tooltip(layer_type))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                self._items[layer_type.id] = item
        self.tree.expandAll()

    def item_for(self, type_id: str) -> QTreeWidgetItem:
        return self._items[type_id]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        matches = {t.id for t in self.catalog.search(text)}
        first: QTreeWidgetItem | None = None
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hidden = child.data(0, TYPE_ROLE) not in matches
                child.setHidden(hidden)
                if not hidden:
                    visible += 1
                    first = first or child
            group.setHidden(visible == 0)
        if first is not None and text:
            self.tree.setCurrentItem(first)

    def _on_search_return_pressed(self) -> None:
        item = self.tree.currentItem()
        if item is not None and not item.isHidden() and item.data(0, TYPE_ROLE):
            self.layer_activated.emit(item.data(0, TYPE_ROLE))

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        type_id = item.data(0, TYPE_ROLE)
        if type_id:
            self.layer_activated.emit(type_id)

    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        type_id = item.data(0, TYPE_ROLE) if item is not None else None
        if not type_id:
            return
        menu = QMenu(self)
        add = menu.addAction(self.tr("Add to Canvas"))
        add.triggered.connect(lambda: self.layer_activated.emit(type_id))
        what = menu.addAction(self.tr("What is this?"))
        what.setEnabled(self.has_help(type_id))
        what.triggered.connect(lambda: self.help_requested.emit(type_id))
        self.context_menu = menu
        # popup, not exec: no nested event loop (and tests can pick an action from the open menu).
        menu.popup(self.tree.viewport().mapToGlobal(pos))
