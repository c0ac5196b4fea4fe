"""The Dataset dock: pick a built-in set or a file, set samples/noise/features/function/split, see a preview.

Only the rows that the chosen kind has are shown. For IDX data a "Download MNIST…" button fetches the
files in a thread (:mod:`netbuilder.gui.training.idx_download`).

The panel emits the edited dataset section (:attr:`DatasetPanel.spec_edited`); the training
controller makes it an undo step, builds the dataset off the GUI thread and hands it back with
:meth:`DatasetPanel.show_dataset`. The panel also says when the network does not fit the data (Input
shape, output size) and offers to make it fit, as one undo step.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.errors import NetBuilderError
from netbuilder.data import Dataset, DatasetSpec, dataset_kinds
from netbuilder.gui.option_names import add_options, current_option, option_name
from netbuilder.gui.training.dataset_fields import FeatureChecks, FunctionFields, SplitField
from netbuilder.gui.training.idx_download import IdxDownload, download_folder
from netbuilder.gui.training.plot_style import class_color, make_plot_widget, plot_foreground, qcolor

log = logging.getLogger(__name__)

FILE_KINDS = {
    "csv": QT_TRANSLATE_NOOP("DatasetPanel", "CSV files (*.csv *.tsv *.txt)"),
    "npz": QT_TRANSLATE_NOOP("DatasetPanel", "NumPy archives (*.npz)"),
    "idx": "",
}
#: the words for a dataset's task
TASKS = {
    "classification": QT_TRANSLATE_NOOP("DatasetPanel", "classification"),
    "regression": QT_TRANSLATE_NOOP("DatasetPanel", "regression"),
}
PREVIEW_POINTS = 1000


class DatasetPanel(QWidget):
    spec_edited = Signal(dict, str)  # new dataset section, undo text
    fit_requested = Signal()
    data_changed = Signal()  # the same spec now builds differently (files were downloaded): build it again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec: dict[str, Any] = {}
        self._full: dict[str, Any] = {}  # the spec with defaults filled in, for reading current values
        self._base_dir: Any = None
        self._preview_pending = False  # self.dataset is not drawn in the preview yet
        # Owned by the panel, so a pending draw dies with it (a bare singleShot could fire later).
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(0)
        self._preview_timer.timeout.connect(self._draw_preview)
        self._loading = False
        self.dataset: Dataset | None = None
        self.kind = QComboBox()
        add_options(self.kind, dataset_kinds())
        self.kind.setPlaceholderText(self.tr("Choose a dataset…"))
        self.kind.setCurrentIndex(-1)
        self.samples = QSpinBox()
        self.samples.setRange(2, 1_000_000)
        self.samples.setKeyboardTracking(False)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 1.0)
        self.noise.setSingleStep(0.05)
        self.noise.setKeyboardTracking(False)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("file or folder"))
        self.browse = QPushButton(self.tr("Browse…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.features = FeatureChecks()
        self.function = FunctionFields()
        self.split = SplitField()
        self.download = IdxDownload()
        self.form = form = QFormLayout()
        form.addRow(self.tr("Dataset"), self.kind)
        form.addRow(self.tr("Function"), self.function)
        form.addRow(self.tr("Samples"), self.samples)
        form.addRow(self.tr("Noise"), self.noise)
        form.addRow(self.tr("Features"), self.features)
        form.addRow(self.tr("File"), path_row)
        form.addRow("", self.download)
        form.addRow(self.tr("Split"), self.split)
        self._rows = {
            "samples": self.samples,
            "noise": self.noise,
            "features": self.features,
            "function": self.function,
            "split": self.split,
            "path": path_row,
        }
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.mismatch = QLabel("")
        self.mismatch.setWordWrap(True)
        self.mismatch.setStyleSheet("color: #b00020;")
        self.fit_button = QPushButton(self.tr("Make the network fit the data"))
        self.fit_button.hide()
        self.preview = make_plot_widget(self.tr("Preview"))
        self.preview.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.mismatch)
        layout.addWidget(self.fit_button)
        layout.addWidget(self.preview, 1)

        self.kind.currentIndexChanged.connect(lambda _i: self._on_kind_changed(current_option(self.kind)))
        self.samples.valueChanged.connect(lambda v: self._edit("samples", int(v), self.tr("Set samples")))
        self.noise.valueChanged.connect(lambda v: self._edit("noise", float(v), self.tr("Set noise")))
        self.path.editingFinished.connect(self._on_path_editing_finished)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.fit_button.clicked.connect(self.fit_requested)
        for editor in (self.features, self.function, self.split):
            editor.edited.connect(self._edit)
        self.download.downloaded.connect(self._on_download_downloaded)

    # ---- model -> view -------------------------------------------------------------------------
    def load(self, spec: dict[str, Any], base_dir: Any = None) -> None:
        self._spec = copy.deepcopy(spec)
        self._base_dir = base_dir
        self._loading = True
        try:
            full = DatasetSpec.from_dict(spec).to_dict() if spec.get("kind") else {}
        except NetBuilderError as error:
            # Show the error and the kind alone: the section's other values are what was wrong (a wrong
            # type, a size past a spin box's range), and the person fixes them by choosing again.
            kind = spec.get("kind")
            full = {"kind": kind} if isinstance(kind, str) else {}
            self.info.setText(f"⚠ {error.message}")
        self._full = full
        try:
            kind = str(full.get("kind", ""))
            self.kind.setCurrentIndex(self.kind.findData(kind) if kind else -1)
            for widget, key in ((self.samples, "samples"), (self.noise, "noise")):
                if key in full:
                    widget.setValue(full[key])
            # Sequences and random regression also have "features", as a count: only lists are checkboxes.
            shown = {key for key in self._rows if key in full}
            if not isinstance(full.get("features"), list):
                shown.discard("features")
            if "folder" in full:
                shown.add("path")
            for key, widget in self._rows.items():
                self.form.setRowVisible(widget, key in shown)
            self.form.setRowVisible(self.download, full.get("kind") == "idx" and "variant" in full)
            if "features" in shown:
                self.features.show(full["features"])
            if "function" in full:
                self.function.show(full["function"], full["formula"])
            if "split" in full:
                self.split.show(full["split"])
            self.path.setText(str(full.get("path", full.get("folder", ""))))
            if full.get("kind") == "idx" and "variant" in full:
                self.download.set_target(full["variant"], download_folder(full["folder"]))
        finally:
            self._loading = False

    def shutdown(self) -> None:
        self.download.shutdown()

    def show_mismatch(self, message: str) -> None:
        self.mismatch.setText(f"⚠ {message}" if message else "")
        self.fit_button.setVisible(bool(message))

    def show_dataset(self, dataset: Dataset | None, error: str = "", pending: bool = False) -> None:
        """The built dataset of the current section (or why there is none); the preview follows."""
        self.preview.clear()
        self._preview_pending = False
        self.dataset = dataset
        if dataset is None:
            if pending:
                self.info.setText(self.tr("Loading the dataset…"))
            elif error:
                self.info.setText(f"⚠ {error}")
            elif not self._spec.get("kind"):
                self.info.setText(self.tr("No dataset chosen"))
            return
        sizes = dataset.sizes()
        if dataset.is_classification:
            what = self.tr("{n} classes").format(n=dataset.num_classes)
        else:
            what = self.tr("{n} target(s)").format(n=dataset.output_size)
        task = self.tr(TASKS[dataset.task]) if dataset.task in TASKS else dataset.task
        self.info.setText(
            self.tr("{task}: inputs {shape}, {what}; train {train}, val {val}, test {test}").format(
                task=task, shape=tuple(dataset.input_shape), what=what, **sizes
            )
        )
        # Drawing took 18-40 ms of a project load on the GUI thread: it waits for the event loop, and for
        # the dock to be shown (the Dataset tab is usually behind the Training tab).
        self._preview_pending = True
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_pending:
            self._preview_timer.start()

    def _draw_preview(self) -> None:
        dataset = self.dataset
        if not self._preview_pending or dataset is None:
            return
        self._preview_pending = False
        item = self.preview.getPlotItem()
        points = dataset.extras.get("points_train")
        if points is not None:
            pts = np.asarray(points)[:PREVIEW_POINTS]
            labels = dataset.y_train.numpy()[:PREVIEW_POINTS].astype(int).tolist()
            # One brush per class, shared: a brush per point made the scatter style each point alone.
            shared = {c: pg.mkBrush(qcolor(class_color(c))) for c in set(labels)}
            brushes = [shared[c] for c in labels]
            item.addItem(pg.ScatterPlotItem(pos=pts, brush=brushes, size=5, pen=None))
        elif tuple(dataset.input_shape) == (1,) and not dataset.is_classification:
            x = dataset.x_train.numpy().reshape(-1)
            y = dataset.y_train.numpy().reshape(len(x), -1)[:, 0]
            order = np.argsort(x)
            item.addItem(pg.ScatterPlotItem(x=x[order], y=y[order], size=4, brush=pg.mkBrush(31, 119, 180), pen=None))
        elif len(dataset.input_shape) >= 2 or int(np.prod(dataset.input_shape)) in (64, 784):
            self._preview_images(dataset)
        else:
            cols = min(6, int(np.prod(dataset.input_shape)))
            text = "\n".join(
                "  ".join(f"{v:.3g}" for v in row[:cols])
                for row in dataset.x_train.reshape(len(dataset.x_train), -1)[:8].tolist()
            )
            label = pg.TextItem(f"{', '.join(dataset.feature_names[:cols])}\n{text}", color=plot_foreground())
            item.addItem(label)

    def _preview_images(self, dataset: Dataset) -> None:
        """A 6×6 mosaic of the first training images."""
        x = dataset.x_train[:36].numpy()
        side = round(np.sqrt(x[0].size))
        if side * side != x[0].size:
            return
        tiles = x.reshape(-1, side, side)
        mosaic = np.ones((6 * (side + 1), 6 * (side + 1)), dtype=np.float32) * tiles.min()
        for i, tile in enumerate(tiles):
            r, c = divmod(i, 6)
            mosaic[r * (side + 1) : r * (side + 1) + side, c * (side + 1) : c * (side + 1) + side] = tile[::-1]
        image = pg.ImageItem(mosaic[::-1], axisOrder="row-major", levels=(float(tiles.min()), float(tiles.max())))
        self.preview.getPlotItem().addItem(image)
        self.preview.getPlotItem().setAspectLocked(True)

    # ---- view -> model -------------------------------------------------------------------------
    def _edit(self, key: str, value: Any, text: str) -> None:
        if self._loading:
            return
        spec = copy.deepcopy(self._spec)
        spec[key] = value
        self.spec_edited.emit(spec, text)

    def _on_download_downloaded(self, _folder: str) -> None:
        self.data_changed.emit()

    def _on_kind_changed(self, kind: str) -> None:
        if self._loading or not kind or kind == self._spec.get("kind"):
            return
        # A new kind starts from that kind's defaults (the old kind's fields may not exist for it).
        self.spec_edited.emit({"kind": kind}, self.tr("Choose dataset {kind}").format(kind=option_name(kind)))

    def _on_path_editing_finished(self) -> None:
        key = "folder" if self._spec.get("kind") == "idx" else "path"
        if self.path.text() != str(self._spec.get(key, "")):
            self._edit(key, self.path.text(), self.tr("Set dataset file"))

    def _on_browse_clicked(self) -> None:
        kind = str(self._spec.get("kind", ""))
        if kind == "idx":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("IDX folder"))
        else:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Dataset file"), "", self.tr(FILE_KINDS.get(kind, ""))
            )
        if chosen:
            self.path.setText(chosen)
            self._on_path_editing_finished()
