"""The model summary table (as ``netbuilder summary``): one row per layer, totals underneath.

It follows the graph live but refreshes only while visible: a hidden dock costs nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from netbuilder.gui.analysis import Analysis
from netbuilder.gui.theme import format_count, format_shape

log = logging.getLogger(__name__)

COLUMNS = ("Node", "Type", "Output shape", "Params", "MACs")


class SummaryPanel(QWidget):
    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis = analysis
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.totals = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        self._stale = True
        analysis.updated.connect(self._on_analysis_updated)

    def _on_analysis_updated(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        graph = self.analysis.document.graph
        rows: list[tuple[str, str, str, int | None, int | None]] = []
        try:
            from netbuilder.model.summary import summary_rows

            for row in summary_rows(graph, self.analysis.info if hasattr(self.analysis.info, "edge_shape") else None):
                rows.append((row.id, row.type, format_shape(row.output_shape), row.params, row.macs))
        except Exception as error:  # no model package yet, or a graph it cannot summarise
            log.debug("summary rows unavailable: %s", error)
            for node in graph.nodes:
                node_info = self.analysis.info.nodes.get(node.id)
                shape = format_shape(node_info.output_shape) if node_info is not None else "?"
                params = node_info.params if node_info is not None else None
                macs = node_info.macs if node_info is not None else None
                rows.append((node.id, node.type, shape, params, macs))
        self.table.setRowCount(len(rows))
        for r, (node_id, type_id, shape, params, macs) in enumerate(rows):
            values = [
                node_id,
                type_id,
                shape,
                "" if params is None else f"{params:,}",
                "" if macs is None else f"{macs:,}",
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        info = self.analysis.info
        self.totals.setText(
            f"Total params: <b>{info.total_params:,}</b> ({format_count(info.total_params)}) · "
            f"trainable: {info.trainable_params:,} · MACs per sample: {format_count(info.total_macs)}"
        )
