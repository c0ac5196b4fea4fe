"""The Problems panel: every problem of the graph; clicking one selects its node, a fix applies in one step."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from netbuilder.gui.analysis import Analysis

log = logging.getLogger(__name__)

NODE_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QWidget):
    node_requested = Signal(str)  # select and show this node
    fix_requested = Signal(str)  # apply this node's quick fix

    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis = analysis
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Node", "Problem", "Quick fix"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 380)
        self.summary = QLabel(self)
        self.fix_button = QPushButton("Apply fix", self)
        self.fix_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tree)
        self._fixes: dict[str, Any] = {}
        analysis.updated.connect(self.refresh)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.fix_button.clicked.connect(self._on_fix_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        info = self.analysis.info
        self.tree.clear()
        self._fixes.clear()
        for problem in info.problems:
            node_id = problem.node_id or ""
            node_info = info.nodes.get(node_id) if node_id else None
            fix = getattr(node_info, "fix", None) if node_info is not None else None
            item = QTreeWidgetItem(self.tree, [node_id or "—", problem.message, fix.label if fix else ""])
            item.setData(0, NODE_ROLE, node_id)
            item.setToolTip(1, problem.message)
            if fix is not None:
                self._fixes[node_id] = fix
        count = len(info.problems)
        self.summary.setText("No problems" if count == 0 else f"{count} problem{'s' if count != 1 else ''}")
        self.fix_button.setEnabled(False)

    def problem_count(self) -> int:
        return self.tree.topLevelItemCount()

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id:
            self.node_requested.emit(node_id)

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        node_id = item.data(0, NODE_ROLE)
        if node_id in self._fixes:
            self.fix_requested.emit(node_id)

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.fix_button.setEnabled(current is not None and current.data(0, NODE_ROLE) in self._fixes)

    def _on_fix_button_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, NODE_ROLE) in self._fixes:
            self.fix_requested.emit(item.data(0, NODE_ROLE))
