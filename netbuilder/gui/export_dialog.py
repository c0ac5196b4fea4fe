"""File -> Export…: choose a format and a file, export off the GUI thread, show progress and the check.

The export (tracing, writing, the fresh-process verification) runs in a ``QThread``; the dialog only
shows its progress messages and its result: the max |diff| of the reloaded file, or the failure.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project
from netbuilder.export import FORMATS, ExportOptions, ExportResult, export_model
from netbuilder.export.formats.programs import sequence_note

log = logging.getLogger(__name__)


class ExportThread(QThread):
    """Runs one export; emits progress text, then either ``exported`` or ``failed``."""

    progressed = Signal(str)
    exported = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(self, project: Project, options: ExportOptions, module: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._options = options
        self._module = module

    def run(self) -> None:
        try:
            result = export_model(self._project, self._options, self._module, progress=self.progressed.emit)
        except NetBuilderError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must reach the user as a failure, never vanish with the thread
            log.exception("export crashed")
            self.failed.emit(f"unexpected error: {type(error).__name__}: {error}")
        else:
            self.exported.emit(result)


# The export formats' descriptions (netbuilder.export.FORMATS), marked for lupdate.
FORMAT_DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("ExportDialog", "weights (safetensors) with the graph spec in the metadata"),
    QT_TRANSLATE_NOOP("ExportDialog", "PyTorch state_dict, loadable with torch.load(weights_only=True)"),
    QT_TRANSLATE_NOOP("ExportDialog", "torch.export program with a dynamic batch dimension"),
    QT_TRANSLATE_NOOP("ExportDialog", "ONNX (dynamo exporter), dynamic batch, weights inside the file"),
    QT_TRANSLATE_NOOP("ExportDialog", "standalone PyTorch module file (+ .pt weights beside it)"),
    QT_TRANSLATE_NOOP("ExportDialog", "standalone training script (python / torchrun with DDP) + its data (.npz)"),
)


class ExportDialog(QDialog):
    """Export the project's model (``module``: the trained one, or None for a fresh seeded model)."""

    export_finished = Signal(bool)

    def __init__(self, project: Project, module: Any | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.project = project
        self.module = module
        self.thread_: ExportThread | None = None
        self._finished_thread: ExportThread | None = None
        self.result: ExportResult | None = None

        self.format_box = QComboBox()
        for info in FORMATS.values():
            self.format_box.addItem(f"{info.name} — {self.tr(info.description)}", info.name)
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)
        self.weights_edit = QLineEdit()
        self.weights_edit.setPlaceholderText(
            self.tr("the trained model in the app")
            if module is not None
            else self.tr("none: a freshly initialised model (seed 0)")
        )
        self.quantize_box = QCheckBox(self.tr("dynamic int8 quantisation of Linear layers (pt only)"))
        self.prune_spin = QDoubleSpinBox()
        self.prune_spin.setRange(0.0, 0.95)
        self.prune_spin.setSingleStep(0.1)
        self.prune_spin.setPrefix(self.tr("sparsity "))
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.extension_warning = QLabel()
        self.extension_warning.setWordWrap(True)
        self.extension_warning.setStyleSheet("color: #d32f2f;")
        self.extension_warning.hide()
        self._default_stem = ""  # the stem this dialog proposed, replaced freely; a typed one is kept

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        form.addRow(self.tr("File"), path_row)
        form.addRow("", self.extension_warning)
        form.addRow(self.tr("Weights file"), self.weights_edit)
        form.addRow(self.tr("Quantise"), self.quantize_box)
        form.addRow(self.tr("Prune"), self.prune_spin)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.status_label = QLabel("")
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.output)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.path_edit.textChanged.connect(self._check_extension)
        self._on_format_changed()

    # ---- user actions --------------------------------------------------------------------------
    def selected_format(self) -> str:
        return str(self.format_box.currentData())

    def _on_format_changed(self, *_: object) -> None:
        fmt = self.selected_format()
        info = FORMATS[fmt]
        default_stem = "train" if fmt == "train-script" else "model"
        current = self.path_edit.text().strip()
        if not current:
            path = Path.home() / f"{default_stem}{info.suffix}"
        elif Path(current).stem in ("", self._default_stem):
            path = Path(current).with_name(f"{default_stem}{info.suffix}")
        else:  # a name the person typed: only its extension follows the format
            path = Path(current).with_suffix(info.suffix)
        self._default_stem = default_stem if path.stem == default_stem else ""
        stem = path.stem
        self.path_edit.setText(str(path))
        notes = []
        if fmt in ("pt2", "onnx") and (note := sequence_note(self.project.graph)):
            notes.append(note)
        if info.companions:
            notes.append(
                self.tr("also writes {files} beside it").format(files=", ".join(f"{stem}{s}" for s in info.companions))
            )
        self.note_label.setText("\n".join(notes))
        self.quantize_box.setEnabled(fmt == "pt")
        if fmt != "pt":
            self.quantize_box.setChecked(False)
        for widget in (self.weights_edit, self.prune_spin):
            widget.setEnabled(info.needs_weights)

    def _check_extension(self, *_: object) -> None:
        """Warn (without refusing) when the file name's extension is not the one the format writes."""
        suffix = FORMATS[self.selected_format()].suffix
        text = self.path_edit.text().strip()
        actual = Path(text).suffix if text else suffix
        if actual.lower() == suffix:
            self.extension_warning.hide()
            return
        if actual:
            message = self.tr("⚠ The file name ends in {actual}, but this format writes a {suffix} file.")
        else:
            message = self.tr("⚠ The file name has no extension; this format writes a {suffix} file.")
        self.extension_warning.setText(message.format(actual=actual, suffix=suffix))
        self.extension_warning.show()

    def _on_browse_clicked(self) -> None:
        info = FORMATS[self.selected_format()]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path_edit.text(), f"*{info.suffix}")
        if path:
            self.path_edit.setText(path)

    def options(self) -> ExportOptions:
        weights = self.weights_edit.text().strip()
        return ExportOptions(
            format=self.selected_format(),
            out=Path(self.path_edit.text().strip()),
            weights=Path(weights) if weights else None,
            quantize=self.quantize_box.isChecked(),
            prune=float(self.prune_spin.value()),
        )

    def start_export(self) -> None:
        """Start the export in a worker thread (the dialog stays responsive)."""
        if self.thread_ is not None:
            return
        self.output.clear()
        self.result = None
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy: the stages take unpredictable time
        # No Qt parent: the Python reference keeps the thread alive until it has finished, and the
        # dialog's deletion can never destroy a running thread.
        thread = ExportThread(self.project, self.options(), self.module)
        thread.progressed.connect(self._on_export_progressed)
        thread.exported.connect(self._on_export_exported)
        thread.failed.connect(self._on_export_failed)
        thread.finished.connect(self._on_thread_finished)
        self.thread_ = thread
        thread.start()

    # ---- worker signals ------------------------------------------------------------------------
    def _on_export_progressed(self, message: str) -> None:
        self.status_label.setText(message)

    def _on_export_exported(self, result: ExportResult) -> None:
        self.result = result
        lines = [self.tr("note: {0}").format(n) for n in result.notes]
        lines += [self.tr("compression: {0}").format(r.describe()) for r in result.compression]
        lines += [self.tr("wrote {0}").format(p) for p in result.files]
        lines += [("✔ " if c.ok else "✘ ") + c.describe() for c in result.checks]
        self.output.setPlainText("\n".join(lines))
        self.status_label.setText(self.tr("Exported and verified") if result.ok else self.tr("Verification FAILED"))
        self.export_finished.emit(result.ok)

    def _on_export_failed(self, message: str) -> None:
        self.output.setPlainText(self.tr("✘ Export failed: {0}").format(message))
        self.status_label.setText(self.tr("Export FAILED"))
        self.export_finished.emit(False)

    def _on_thread_finished(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.export_button.setEnabled(True)
        self._finished_thread = self.thread_  # dropped with the dialog, after the thread has ended
        self.thread_ = None

    def done(self, result: int) -> None:
        # Never leave a running thread behind the closed dialog: the export must finish its cleanup.
        if self.thread_ is not None:
            self.thread_.wait()
        super().done(result)
