"""The Compression dock: quantise, prune and distil the current trained network, and see what each costs.

A table of variants (float, int8, pruned at the slider's sparsity, a distilled student and the same
student trained without the teacher) with file size, non-zero parameters, CPU latency per batch and
the test metric with its change against float, computed by a
:class:`~netbuilder.training.compression.CompressionLab` off the GUI thread (progress, Cancel). The
metric-vs-sparsity plot is computed on demand. A selected variant can be exported (verified, through
the export machinery), kept as a run (the Runs dock then lists and compares it), or shown in the views
when it has the project's graph (its weights become the current run's, through the controller).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.background import Background, Ticket
from netbuilder.gui.training.plot_style import make_plot_widget
from netbuilder.training.compression.distill import DistillSettings

log = logging.getLogger(__name__)

EXPORT_SUFFIXES = {".pt": "pt", ".pt2": "pt2", ".onnx": "onnx", ".safetensors": "safetensors", ".py": "py"}


def compute_variants(
    project: Any,
    weights: dict[str, Any],
    dataset: Any,
    base_dir: Path | None,
    options: dict[str, Any],
    cancel: threading.Event,
    report: Callable[[int, str], None],
) -> tuple[Any, list[Any]]:
    """The lab and its variants (runs in a worker thread; no Qt here)."""
    from netbuilder.training.compression import CompressionLab

    report(0, "float")
    lab = CompressionLab(project, weights, dataset=dataset, base_dir=base_dir, cancelled=cancel.is_set)
    variants = [lab.reference]
    report(1, "int8")
    variants.append(lab.quantized())
    report(2, "prune")
    prune = lab.structured if options["structured"] else lab.pruned
    variants.append(prune(options["sparsity"], options["fine_tune"]))
    if options["distil"]:
        report(3, "distil")
        variants.extend(lab.distilled(settings=DistillSettings(epochs=options["student_epochs"])))
    return lab, variants


class CompressionPanel(QWidget):
    """The Compression dock's widget (see the module docstring)."""

    progressed = Signal(int, str)  # (step, stage): emitted from the worker thread, delivered in the GUI thread
    variants_changed = Signal()

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.background = Background(self)
        self.lab: Any = None
        self.variants: list[Any] = []
        self.curve: dict[str, list[tuple[float, float]]] = {}
        self._ticket: Ticket | None = None
        self._cancel = threading.Event()
        self._weights: Any = None  # the weights the variants were made from
        self._options: dict[str, Any] = {}  # the options the variants were made with
        self.last_export: Any = None  # the ExportResult of the last export
        self._build()
        self.progressed.connect(self._on_progressed)
        controller.run_replaced.connect(self._on_controller_run_changed)
        controller.run_ended.connect(self._on_controller_run_changed)
        self._update_buttons()

    # ---- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.sparsity = QSlider(Qt.Orientation.Horizontal)
        self.sparsity.setRange(0, 95)
        self.sparsity.setSingleStep(5)
        self.sparsity.setPageStep(10)
        self.sparsity.setValue(50)
        self.sparsity_label = QLabel()
        self.structured = QCheckBox()
        self.fine_tune = QSpinBox()
        self.fine_tune.setRange(0, 100)
        self.fine_tune.setSuffix(self.tr(" epochs"))
        self.fine_tune.setToolTip(self.tr("Train the pruned network this many epochs more (zeros stay zero)"))
        self.distil = QCheckBox(self.tr("Distil a student"))
        self.distil.setChecked(True)
        self.student_epochs = QSpinBox()
        self.student_epochs.setRange(1, 1000)
        self.student_epochs.setValue(30)
        self.student_epochs.setSuffix(self.tr(" epochs"))
        self.student_epochs.setToolTip(
            self.tr("Budget of the student (a copy with a third of the hidden units), with and without the teacher")
        )
        self.compute_button = QPushButton(self.tr("Compute"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.curve_button = QPushButton(self.tr("Metric vs sparsity"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.status = QLabel(self.tr("Train the network, then press Compute."))
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Variant"),
                self.tr("Size (bytes)"),
                self.tr("Zipped (bytes)"),
                self.tr("Non-zero params"),
                self.tr("Latency (ms)"),
                self.tr("Metric"),
                self.tr("Δ vs float"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(2).setToolTip(self.tr("The file after zlib: pruned zeros compress away"))
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.export_button = QPushButton(self.tr("Export…"))
        self.keep_button = QPushButton(self.tr("Keep as run"))
        self.show_button = QPushButton(self.tr("Show in views"))
        self.show_button.setToolTip(self.tr("Make this variant's weights the current run's (same graph only)"))
        self.plot = make_plot_widget(self.tr("Test metric against sparsity"))
        self.plot.setLabel("bottom", self.tr("sparsity (%)"))
        self.plot.addLegend(offset=(-10, 10))

        self.structured.setText(self.tr("Structured"))
        self.structured.setToolTip(self.tr("Remove whole units/channels: a smaller graph, not just zeros"))
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Sparsity")))
        options.addWidget(self.sparsity, 1)
        options.addWidget(self.sparsity_label)
        options.addWidget(self.structured)
        options.addWidget(QLabel(self.tr("Fine-tune")))
        options.addWidget(self.fine_tune)
        options.addWidget(self.distil)
        options.addWidget(self.student_epochs)
        buttons = QHBoxLayout()
        for button in (self.compute_button, self.cancel_button, self.curve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.export_button, self.keep_button, self.show_button):
            buttons.addWidget(button)
        # Table and plot in tabs: a bottom dock is wide and short, and stacked (or side by side) each
        # was squeezed unreadable at the default window size.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.table, self.tr("Variants"))
        self.tabs.addTab(self.plot, self.tr("Metric vs sparsity"))
        self.tabs.setTabEnabled(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(options)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.sparsity.valueChanged.connect(self._on_sparsity_changed)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.curve_button.clicked.connect(self.compute_curve)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.keep_button.clicked.connect(self.keep_selected)
        self.show_button.clicked.connect(self.show_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._on_sparsity_changed(self.sparsity.value())

    # ---- state -----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._ticket is not None and not self._ticket.finished and not self._ticket.cancelled

    def selected(self) -> Any:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.variants[min(rows)] if rows and min(rows) < len(self.variants) else None

    def _update_buttons(self) -> None:
        busy = self.busy
        self.progress.setVisible(busy)  # the bottom dock is short: no idle bar
        trained = self.controller.weights is not None
        self.compute_button.setEnabled(trained and not busy and not self.controller.is_active)
        self.cancel_button.setEnabled(busy)
        self.curve_button.setEnabled(self.lab is not None and not busy)
        variant = self.selected()
        self.keep_button.setEnabled(variant is not None and not busy)
        self.export_button.setEnabled(variant is not None and not busy)
        same_graph = variant is not None and variant.graph == self.controller.project.graph
        self.show_button.setEnabled(same_graph and not busy)

    def _on_sparsity_changed(self, value: int) -> None:
        self.sparsity_label.setText(f"{value}%")

    def _on_controller_run_changed(self) -> None:
        # Variants of another run would lie: they are measured on the weights they were made from.
        if not self.busy and self.lab is not None and self.controller.weights is not self._weights:
            self.status.setText(self.tr("The run changed: press Compute to measure its variants."))
        self._update_buttons()

    def _on_progressed(self, step: int, stage: str) -> None:
        texts = {
            "float": self.tr("measuring the float network"),
            "int8": self.tr("quantising to int8"),
            "prune": self.tr("pruning"),
            "distil": self.tr("distilling a student (with, then without the teacher)"),
            "curve": self.tr("unstructured pruning from 0 to 95%"),
            "structured curve": self.tr("structured pruning from 0 to 95%"),
        }
        self.progress.setValue(step)
        self.status.setText(self.tr("Working: {0}…").format(texts.get(stage, stage)))

    # ---- computing -------------------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        return {
            "sparsity": self.sparsity.value() / 100.0,
            "structured": self.structured.isChecked(),
            "fine_tune": self.fine_tune.value(),
            "distil": self.distil.isChecked(),
            "student_epochs": self.student_epochs.value(),
        }

    def compute(self) -> None:
        """Build and measure the variants of the current run in the background."""
        weights = self.controller.weights
        if weights is None or self.busy:
            self.status.setText(self.tr("Train the network first: the variants are made from trained weights."))
            return
        self._options = options = self.options()
        project, dataset, base_dir = self.controller.project, self.controller.dataset, self.controller.base_dir
        self._weights = weights
        self._cancel = cancel = threading.Event()
        self.progress.setRange(0, 4 if options["distil"] else 3)
        self.progress.setValue(0)

        def work() -> tuple[Any, list[Any]]:
            return compute_variants(project, dict(weights), dataset, base_dir, options, cancel, self.progressed.emit)

        self._ticket = self.background.submit(work, self._on_variants_done, self._on_failed)
        self._update_buttons()

    def cancel(self) -> None:
        self._cancel.set()
        if self._ticket is not None:
            self._ticket.cancel()
        self._ticket = None
        self.progress.setValue(0)
        self.status.setText(self.tr("Cancelled."))
        self._update_buttons()

    def _on_variants_done(self, result: tuple[Any, list[Any]]) -> None:
        self._ticket = None
        self.lab, self.variants = result
        self.progress.setValue(self.progress.maximum())
        self._fill_table()
        self.tabs.setCurrentIndex(0)
        self.status.setText(
            self.tr("Measured on the {0} split ({1} samples); latency: one batch of {2}, one thread.").format(
                self.lab.split, len(self.lab.x_test), len(self.lab.batch)
            )
        )
        self._update_buttons()
        self.variants_changed.emit()

    def _on_failed(self, error: Exception) -> None:
        self._ticket = None
        from netbuilder.training.compression import CompressionCancelled

        if isinstance(error, CompressionCancelled):
            self.status.setText(self.tr("Cancelled."))
        elif isinstance(error, NetBuilderError):
            self.status.setText("⚠ " + str(error))
        else:
            log.error("compression failed", exc_info=error)
            self.status.setText(self.tr("⚠ Compression failed: {0}").format(error))
        self.progress.setValue(0)
        self._update_buttons()

    def label(self, variant: Any) -> str:
        """The variant's name in the person's language (the library's labels are English)."""
        epochs = len(variant.history)
        tuned = self.tr(" + {0} epochs").format(epochs) if epochs and variant.key in ("pruned", "structured") else ""
        percent = round(self._options.get("sparsity", 0.0) * 100)
        if variant.key == "float":
            return self.tr("float32")
        if variant.key == "int8":
            how = self.tr("static") if variant.quantization == "static" else self.tr("dynamic")
            return self.tr("int8 ({0})").format(how)
        if variant.key == "pruned":
            return self.tr("pruned {0}%").format(percent) + tuned
        if variant.key == "structured":
            return self.tr("structured {0}%").format(percent) + tuned
        if variant.key == "student":
            settings = DistillSettings()
            return self.tr("student (T={0}, α={1})").format(f"{settings.temperature:g}", f"{settings.alpha:g}")
        if variant.key == "scratch":
            return self.tr("student (no teacher)")
        return str(variant.label)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.variants))
        metric = self.variants[0].metric.name if self.variants else ""
        self.table.horizontalHeaderItem(5).setText(self.tr("Test {0}").format(metric))
        for row, variant in enumerate(self.variants):
            cells = [
                self.label(variant),
                f"{variant.size_bytes:,}",
                f"{variant.size_zipped:,}",
                f"{variant.nonzero_params:,}",
                f"{variant.latency_ms:.3f}",
                f"{variant.metric.value:.4f}",
                "—" if row == 0 else f"{variant.delta:+.4f}",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                tips = list(variant.notes)
                blocked = [fmt for fmt, why in variant.formats.items() if why]
                if blocked:
                    tips.append(self.tr("Cannot be exported as {0}").format(", ".join(blocked)))
                item.setToolTip("\n".join(tips))
                self.table.setItem(row, column, item)

    def compute_curve(self) -> None:
        """The test metric at sparsity 0–95%, unstructured and structured, in the background."""
        lab = self.lab
        if lab is None or self.busy:
            return
        self._cancel = cancel = threading.Event()
        lab.cancelled = cancel.is_set
        self.progress.setRange(0, 2)
        self.progress.setValue(0)

        def work() -> dict[str, list[tuple[float, float]]]:
            self.progressed.emit(0, "curve")
            unstructured = lab.sparsity_curve()
            self.progressed.emit(1, "structured curve")
            try:
                structured = lab.sparsity_curve(structured=True)
            except NetBuilderError:
                structured = []
            return {"unstructured": unstructured, "structured": structured}

        self._ticket = self.background.submit(work, self._on_curve_done, self._on_failed)
        self._update_buttons()

    def _on_curve_done(self, curve: dict[str, list[tuple[float, float]]]) -> None:
        self._ticket = None
        self.curve = curve
        self.plot.clear()
        self.plot.setLabel("left", self.variants[0].metric.name if self.variants else "")
        names = {"unstructured": self.tr("unstructured"), "structured": self.tr("structured")}
        colours = {"unstructured": "#1f77b4", "structured": "#d62728"}
        for key, points in curve.items():
            if points:
                xs = [100 * s for s, _ in points]
                ys = [m for _, m in points]
                self.plot.plot(xs, ys, pen=pg.mkPen(colours[key], width=2), symbol="o", symbolSize=6, name=names[key])
        self.tabs.setTabEnabled(1, True)
        self.tabs.setCurrentIndex(1)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(self.tr("Metric against sparsity, without fine-tuning."))
        self._update_buttons()

    # ---- using a variant -------------------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        variant = self.selected()
        if variant is None:
            return
        filters = self.tr("PyTorch state dict (*.pt);;torch.export (*.pt2);;ONNX (*.onnx);;safetensors (*.safetensors)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export variant"), f"{variant.key}.pt", filters)
        if path:
            self.export_selected(Path(path))

    def export_selected(self, path: Path) -> None:
        """Export the selected variant to ``path`` (format from the suffix), verified, in the background."""
        variant = self.selected()
        if variant is None:
            return
        fmt = EXPORT_SUFFIXES.get(path.suffix)
        if fmt is None:
            self.status.setText(
                self.tr("⚠ Cannot tell the format of {0}: use .pt, .pt2, .onnx or .safetensors").format(path.name)
            )
            return
        why = variant.formats.get(fmt)
        if why is not None:
            self.status.setText(self.tr("⚠ {0} cannot be exported as {1}: {2}").format(variant.label, fmt, why))
            return
        from netbuilder.export import ExportOptions
        from netbuilder.export.compress import export_variant

        project, base_dir = self.controller.project, self.controller.base_dir
        self.status.setText(self.tr("Exporting {0} and verifying it in a fresh process…").format(variant.label))
        self.progress.setRange(0, 0)

        def work() -> Any:
            return export_variant(project, variant, ExportOptions(fmt, path, base_dir=base_dir))

        self._ticket = self.background.submit(work, self._on_exported, self._on_failed)
        self._update_buttons()

    def _on_exported(self, result: Any) -> None:
        self._ticket = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        checks = "; ".join(c.describe() for c in result.checks)
        self.last_export = result
        self.status.setText(self.tr("Exported {0}: {1}").format(result.files[0].name, checks))
        self._update_buttons()

    def keep_selected(self) -> None:
        """Add the selected variant to the run store: the Runs dock lists and compares it."""
        variant = self.selected()
        if variant is None or self.lab is None:
            return
        from netbuilder.training.compression.keep import keep_as_run

        history = self.controller.history
        try:
            run_id = keep_as_run(history.store, self.controller.project, variant, self.lab.dataset.task)
        except NetBuilderError as error:
            self.status.setText("⚠ " + str(error))
            return
        history.refresh()
        self.status.setText(self.tr("Kept {0} as {1}: compare it in the Runs dock.").format(variant.label, run_id))

    def show_selected(self) -> None:
        """Show the selected variant's weights in the views (the current run's weights become these)."""
        variant = self.selected()
        if variant is None or variant.graph != self.controller.project.graph:
            return
        from netbuilder.training.compression.keep import variant_weights

        self.controller.use_weights(variant_weights(variant))
        self.status.setText(self.tr("The views show {0}.").format(variant.label))

    def shutdown(self) -> None:
        self._cancel.set()
        self.background.shutdown()


def add_compression_dock(window: Any, controller: Any) -> CompressionPanel:
    """The Compression dock (hidden until Training ▸ Compression lab is used) and its menu action."""
    panel = CompressionPanel(controller)
    window.add_dock(
        panel,
        panel.tr("Compression"),
        "CompressionDock",
        Qt.DockWidgetArea.BottomDockWidgetArea,
        tabify_with="LossDock",
        visible=False,
    )

    def open_lab() -> None:
        window.show_dock("CompressionDock")
        dock = window.docks["CompressionDock"]

        def make_room() -> None:  # room for the five variants (after the dock has been laid out)
            if dock.height() < 380 and not dock.isFloating():
                window.resizeDocks([dock], [380], Qt.Orientation.Vertical)

        QTimer.singleShot(0, make_room)
        panel._update_buttons()

    window.add_menu_action("&Training", panel.tr("Compression lab"), open_lab)
    return panel
