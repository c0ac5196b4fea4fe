"""The Problems panel: every problem of the graph; clicking one selects its node, a fix applies in one step."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.analysis import Analysis
from netbuilder.gui.core_text import core_message
from netbuilder.model.fixes import QuickFix

log = logging.getLogger(__name__)

NODE_ROLE = Qt.ItemDataRole.UserRole
FIX_COLUMN = 2


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text: QTreeView wraps the text it paints but sizes rows for one line."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        width = max(20, self._tree.columnWidth(index.column()) - 8)
        text = str(index.data() or "")
        wrapped = option.fontMetrics.boundingRect(QRect(0, 0, width, 1_000_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), wrapped.height() + 6))


class ProblemsPanel(QWidget):
    node_requested = Signal(str)  # select and show this node
    fix_requested = Signal(str)  # apply this node's quick fix

    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis = analysis
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Node"), self.tr("Problem"), self.tr("Quick fix")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        # Whole messages, wrapped to the panel's width: a cut-off message hides what to do.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # The fix is named above the list, beside its button: a third column left the message no room.
        self.tree.setColumnHidden(FIX_COLUMN, True)
        # Rows get their height when laid out: a column that changes width must lay them out again.
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.fix_button = QPushButton(self.tr("Apply fix"), self)
        self.fix_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tree)
        self._fixes: dict[int, QuickFix] = {}  # row -> the fix that answers that row's problem
        analysis.updated.connect(self.refresh)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.fix_button.clicked.connect(self._on_fix_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        info = self.analysis.info
        current = self.tree.currentItem()
        keep = current.data(0, NODE_ROLE) if current is not None else None
        self.tree.clear()
        self._fixes.clear()
        chosen: QTreeWidgetItem | None = None
        first_fixable: QTreeWidgetItem | None = None
        for problem in info.problems:
            node_id = problem.node_id or ""
            fixes = self.analysis.fixes_for_problem(problem)
            fix = fixes[0] if fixes else None
            message = core_message(problem.message)
            fix_label = core_message(fix.label) if fix else ""
            item = QTreeWidgetItem(self.tree, [node_id or "—", message, fix_label])
            item.setData(0, NODE_ROLE, node_id)
            item.setToolTip(1, message + (f"\n{self.tr('Quick fix')}: {fix_label}" if fix else ""))
            if fix is not None:
                self._fixes[self.tree.indexOfTopLevelItem(item)] = fix
                first_fixable = first_fixable or item
            if chosen is None and node_id and node_id == keep:
                chosen = item
        # Else the first problem that has a fix, so that "Apply fix" is one click away.
        chosen = chosen or first_fixable
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._update_fix_button()

    def _update_fix_button(self) -> None:
        current = self.tree.currentItem()
        fix = self._fix_of(current)
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setToolTip(
            core_message(fix.label) if fix is not None else self.tr("Select a problem that has a quick fix")
        )
        count = len(self.analysis.info.problems)
        if count == 0:
            text = self.tr("No problems")
        else:
            text = self.tr("1 problem") if count == 1 else self.tr("{n} problems").format(n=count)
            if fix is not None:
                text += " · " + self.tr("fix: {fix}").format(fix=core_message(fix.label))
        self.summary.setText(text)

    def problem_count(self) -> int:
        return self.tree.topLevelItemCount()

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.node_requested.emit(node_id)

    def _fix_of(self, item: QTreeWidgetItem | None) -> QuickFix | None:
        return self._fixes.get(self.tree.indexOfTopLevelItem(item)) if item is not None else None

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._fix_of(item) is not None:
            self.fix_requested.emit(item.data(0, NODE_ROLE))

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._update_fix_button()

    def _on_fix_button_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None and self._fix_of(item) is not None:
            self.fix_requested.emit(item.data(0, NODE_ROLE))
