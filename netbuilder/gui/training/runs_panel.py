"""``RunsPanel``: the project's runs as a table, with Open, Compare, Delete and the checkpoint timeline.

One row per run folder: a star, the name (edit it in place), the date, the network, what changed from
the run before it, the final metric, the duration, the size on disk and the status (finished, stopped,
failed, running, interrupted, damaged). The panel only shows :class:`RunEntry` lists and says what the
person asked for through its signals; :class:`~.runs_docks.RunsDocks` connects it to the controller.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.gui.training.timeline import TimelineBar
from netbuilder.training.runs.compare import differences, final_text, network_summary, run_settings
from netbuilder.training.runs.store import RunEntry, human_size

# What a person compares first (what changed, how it ended) comes first: the dock is often narrow.
STAR, NAME, CHANGES, FINAL, STATUS, DURATION, NETWORK, DATE, SIZE = range(9)
CHANGES_WIDTH = 170
PROBLEM_COLOR = QColor(170, 40, 40)


class RunsPanel(QWidget):
    open_requested = Signal(str)
    compare_requested = Signal(list)  # run ids, two or more
    delete_requested = Signal(list)  # run ids
    renamed = Signal(str, str)  # run id, new name
    starred = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[RunEntry] = []
        self.current_id: str | None = None
        self.table = QTreeWidget()
        self.table.setObjectName("RunsTable")
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        headers = [
            "★",
            self.tr("Name"),
            self.tr("Changes"),
            self.tr("Final"),
            self.tr("Status"),
            self.tr("Time"),
            self.tr("Network"),
            self.tr("Date"),
            self.tr("Size"),
        ]
        self.table.setHeaderLabels(headers)
        header = self.table.header()
        header.setStretchLastSection(False)
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CHANGES, CHANGES_WIDTH)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Show this run and put its network and settings into the editor"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Overlay the curves of the selected runs and list their settings"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.timeline = TimelineBar()
        buttons = QHBoxLayout()
        for button in (self.open_button, self.compare_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.timeline)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.compare_button.clicked.connect(lambda: self.compare_requested.emit(self.selected_ids()))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected_ids()))
        self._update_buttons()

    # ---- model -> view -------------------------------------------------------------------------
    def show_entries(self, entries: list[RunEntry], current_id: str | None) -> None:
        selected = set(self.selected_ids())
        self.entries, self.current_id = list(entries), current_id
        self.table.blockSignals(True)
        self.table.clear()
        previous: dict[str, object] | None = None
        for entry in entries:
            item = QTreeWidgetItem()
            item.setData(NAME, Qt.ItemDataRole.UserRole, entry.id)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if entry.status != "damaged":
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            item.setCheckState(STAR, Qt.CheckState.Checked if entry.starred else Qt.CheckState.Unchecked)
            item.setText(NAME, entry.name)
            item.setText(STATUS, self._status_text(entry.status))
            item.setText(SIZE, human_size(entry.size))
            if entry.status == "damaged":
                item.setToolTip(STATUS, entry.error)
                item.setForeground(STATUS, QBrush(PROBLEM_COLOR))
            else:
                settings = run_settings(entry.project)
                created = QDateTime.fromSecsSinceEpoch(int(entry.created))
                item.setText(DATE, QLocale().toString(created, self.tr("d MMM HH:mm")))
                item.setText(NETWORK, network_summary(dict(entry.project.get("graph") or {})))
                changes = differences(previous, settings) if previous is not None else []  # type: ignore[arg-type]
                item.setText(CHANGES, ", ".join(changes))
                item.setToolTip(CHANGES, "\n".join(changes))
                name, _, value = final_text(entry).partition(" ")
                # The metric's name is translated with the Results view's.
                item.setText(FINAL, f"{QCoreApplication.translate('ResultsView', name)} {value}" if value else name)
                seconds = entry.seconds
                item.setText(DURATION, "" if seconds is None else f"{seconds:.1f} s")
                if entry.from_epoch is not None and entry.parent:
                    item.setToolTip(
                        NAME, self.tr("continued from {0} at epoch {1}").format(entry.parent, entry.from_epoch)
                    )
                previous = settings
            if entry.status in ("interrupted", "failed"):
                item.setForeground(STATUS, QBrush(PROBLEM_COLOR))
            if entry.id == current_id:
                font = item.font(NAME)
                font.setBold(True)
                item.setFont(NAME, font)
            self.table.addTopLevelItem(item)
            item.setSelected(entry.id in selected)
        self.table.blockSignals(False)
        self._update_buttons()

    def _status_text(self, status: str) -> str:
        texts = {
            "finished": self.tr("finished"),
            "stopped": self.tr("stopped"),
            "failed": self.tr("failed"),
            "running": self.tr("training…"),
            "interrupted": self.tr("interrupted"),
            "damaged": self.tr("damaged"),
        }
        return texts.get(status, status)

    def entry(self, run_id: str | None) -> RunEntry | None:
        return next((e for e in self.entries if e.id == run_id), None)

    def row_of(self, run_id: str) -> QTreeWidgetItem | None:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None and item.data(NAME, Qt.ItemDataRole.UserRole) == run_id:
                return item
        return None

    def selected_ids(self) -> list[str]:
        return [str(item.data(NAME, Qt.ItemDataRole.UserRole)) for item in self.table.selectedItems()]

    # ---- view -> model -------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        usable = [i for i in ids if (e := self.entry(i)) is not None and e.status != "damaged"]
        self.open_button.setEnabled(len(usable) == 1)
        self.compare_button.setEnabled(len(usable) >= 2)
        self.delete_button.setEnabled(bool(ids))

    def _on_open_button_clicked(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_requested.emit(ids[0])

    def _on_table_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        run_id = str(item.data(NAME, Qt.ItemDataRole.UserRole))
        entry = self.entry(run_id)
        if entry is None:
            return
        # Said after the event that changed the item is over: the answer rebuilds the table, and
        # deleting the item under the mouse click or the editor's commit crashed Qt.
        if column == NAME and item.text(NAME) != entry.name:
            name = item.text(NAME)
            QTimer.singleShot(0, lambda: self.renamed.emit(run_id, name))
        elif column == STAR and (item.checkState(STAR) == Qt.CheckState.Checked) != entry.starred:
            starred = item.checkState(STAR) == Qt.CheckState.Checked
            QTimer.singleShot(0, lambda: self.starred.emit(run_id, starred))


__all__ = ["RunsPanel"]
