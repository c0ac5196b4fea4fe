"""The model summary table (as ``netbuilder summary``): one row per layer, totals underneath.

It follows the graph live but refreshes only while its dock is shown (a hidden tab costs nothing), and
it is a model/view table so that 500 rows refresh in one reset instead of 2500 item insertions.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from netbuilder.gui.analysis import Analysis
from netbuilder.gui.live_panel import LivePanel
from netbuilder.gui.theme import format_count, format_shape

log = logging.getLogger(__name__)

COLUMNS = (
    QT_TRANSLATE_NOOP("SummaryModel", "Node"),
    QT_TRANSLATE_NOOP("SummaryModel", "Type"),
    QT_TRANSLATE_NOOP("SummaryModel", "Output shape"),
    QT_TRANSLATE_NOOP("SummaryModel", "Params"),
    "MACs",
)
Row = tuple[str, str, str, int | None, int | None]
Index = QModelIndex | QPersistentModelIndex


class SummaryModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("SummaryModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() >= 3:
                return "" if value is None else f"{value:,}"
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SummaryPanel(LivePanel):
    def __init__(self, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(analysis, parent)
        self.model = SummaryModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 150, 110, 90)):
            self.table.setColumnWidth(column, width)
        self.totals = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)

    def cell(self, row: int, column: int) -> str:
        return str(self.model.data(self.model.index(row, column)))

    def refresh(self) -> None:
        self._stale = False
        graph = self.analysis.document.graph
        info = self.analysis.info
        rows: list[Row] = []
        try:
            from netbuilder.model.summary import summary_rows

            for row in summary_rows(graph, info if hasattr(info, "edge_shape") and info.nodes else None):
                rows.append((row.id, row.type, format_shape(row.output_shape), row.params, row.macs))
        except Exception as error:  # no model package, or a graph it cannot summarise: show what we know
            log.debug("summary rows unavailable: %s", error)
            for node in graph.nodes:
                node_info = info.nodes.get(node.id)
                shape = format_shape(node_info.output_shape) if node_info is not None else "?"
                params = node_info.params if node_info is not None else None
                macs = node_info.macs if node_info is not None else None
                rows.append((node.id, node.type, shape, params, macs))
        self.model.set_rows(rows)
        self.totals.setText(
            self.tr(
                "Total params: <b>{total:,}</b> ({short}) · trainable: {trainable:,} · MACs per sample: {macs}"
            ).format(
                total=info.total_params,
                short=format_count(info.total_params),
                trainable=info.trainable_params,
                macs=format_count(info.total_macs),
            )
        )
