"""The inspector: the selected node's type, docs and typed parameter editors.

Each value is checked with the catalog's :meth:`ParamSpec.coerce` before it is committed, so an invalid
value is refused with the catalog's own message; valid values become one undoable "Set" step.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.errors import ParamError
from netbuilder.core.params import ParamKind, ParamSpec
from netbuilder.gui.analysis import Analysis
from netbuilder.gui.core_text import category_name, core_message, layer_doc, layer_title, param_doc
from netbuilder.gui.editor import Editor
from netbuilder.gui.theme import format_count, format_shape

log = logging.getLogger(__name__)

INT_LIMIT = 2**31 - 1


def format_ints(value: tuple[int, ...]) -> str:
    return "×".join(str(v) for v in value)


def parse_ints(text: str) -> list[int]:
    """``1×28×28``, ``1x28x28``, ``1, 28, 28`` or ``(1, 28, 28)`` -> ``[1, 28, 28]``."""
    parts = [p for p in re.split(r"[×xX,\s()\[\]]+", text.strip()) if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise ParamError(
            QCoreApplication.translate("Inspector", "'{text}' is not a list of whole numbers (e.g. 1×28×28)").format(
                text=text
            )
        ) from None


NAME_TIP = QT_TRANSLATE_NOOP(
    "Inspector",
    "The node's name: its attribute in the generated code, its module in exports and the prefix of its "
    "trained weights. Letters, digits and _, not starting with a digit.",
)


class Inspector(QWidget):
    help_requested = Signal(str)  # "What is this?" for the shown node: its layer type id

    def __init__(self, editor: Editor, analysis: Analysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Which layer types have a guide page; set by whoever owns the guide (none until then).
        self.has_help: Callable[[str], bool] = lambda _type_id: False
        self.help_button = QPushButton(self.tr("What is this?"), self)
        self.help_button.setToolTip(self.tr("Open the guide's page about this kind of layer"))
        self.help_button.clicked.connect(self._on_help_button_clicked)
        self.editor = editor
        self.analysis = analysis
        self.node_id: str | None = None
        self.widgets: dict[str, QWidget] = {}
        self.name_edit = QLineEdit(self)  # rebuilt with the form for each node shown
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.doc = QLabel(self)
        self.doc.setWordWrap(True)
        self.stats = QLabel(self)
        self.stats.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d32f2f;")
        self.unit = QLabel(self)  # a unit picked in the Neurons view: its formula with current numbers
        self.unit.setWordWrap(True)
        self.unit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit.setStyleSheet("font-size: 11pt; padding: 6px; background: #fff8e1;")
        self.unit.hide()
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        for widget in (self.title, self.unit, self.doc, self.form_host, self.message, self.stats):
            inner_layout.addWidget(widget)
        inner_layout.insertWidget(3, self.help_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        editor.document.graph_edited.connect(self._on_graph_edited)
        editor.document.project_replaced.connect(lambda: self.show_node(None))
        analysis.updated.connect(self._refresh_stats)
        self.show_node(None)

    # ---- which node ----------------------------------------------------------------------------
    def show_node(self, node_id: str | None) -> None:
        graph = self.editor.graph
        if node_id is not None and not graph.has_node(node_id):
            node_id = None
        self.node_id = node_id
        self._update_help_button()
        self.message.clear()
        self.unit.hide()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets.clear()
        if node_id is None:
            self.title.setText(self.tr("<i>No node selected</i>"))
            self.doc.setText(self.tr("Select a node on the canvas to edit its parameters."))
            self.stats.clear()
            return
        layer_type = graph.layer_type(node_id)
        category = category_name(layer_type.category)
        self.title.setText(f"<b>{node_id}</b> — {layer_title(layer_type)} <small>({category})</small>")
        self.doc.setText(layer_doc(layer_type))
        self.name_edit = QLineEdit(node_id)
        self.name_edit.setToolTip(self.tr(NAME_TIP))
        self.name_edit.editingFinished.connect(self._on_name_edit_editing_finished)
        name_label = QLabel(self.tr("name"))
        name_label.setToolTip(self.tr(NAME_TIP))
        self.form.addRow(name_label, self.name_edit)
        for spec in layer_type.params:
            widget = self._make_widget(spec)
            widget.setToolTip(param_doc(spec))
            label = QLabel(spec.name)  # the PyTorch argument's name, as in the generated code
            label.setToolTip(param_doc(spec))
            self.form.addRow(label, widget)
            self.widgets[spec.name] = widget
        if not layer_type.params:
            self.form.addRow(QLabel(self.tr("<i>no parameters</i>")))
        self._load_values()
        self._refresh_stats()

    def _update_help_button(self) -> None:
        type_id = self.editor.graph.node(self.node_id).type if self.node_id is not None else ""
        self.help_button.setVisible(bool(type_id) and self.has_help(type_id))

    def _on_help_button_clicked(self) -> None:
        if self.node_id is not None and self.editor.graph.has_node(self.node_id):
            self.help_requested.emit(self.editor.graph.node(self.node_id).type)

    def focus_first_field(self) -> None:
        """Put the keyboard in the first parameter (or the name), ready to type."""
        target = next(iter(self.widgets.values()), None) if self.widgets else self.name_edit
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QLineEdit | QSpinBox | QDoubleSpinBox):
                target.selectAll()

    # ---- widgets -------------------------------------------------------------------------------
    def _make_widget(self, spec: ParamSpec) -> QWidget:
        name = spec.name
        if spec.kind is ParamKind.INT:
            box = QSpinBox()
            box.setRange(
                int(max(spec.minimum, -INT_LIMIT)) if spec.minimum is not None else -INT_LIMIT,
                int(min(spec.maximum, INT_LIMIT)) if spec.maximum is not None else INT_LIMIT,
            )
            box.setKeyboardTracking(False)  # commit on Enter/focus-out/arrows, not on every keystroke
            box.valueChanged.connect(lambda v, n=name: self._commit(n, int(v)))
            return box
        if spec.kind is ParamKind.FLOAT:
            dbox = QDoubleSpinBox()
            dbox.setDecimals(8 if 0 < abs(spec.default) < 1e-3 else 4)
            dbox.setRange(
                spec.minimum if spec.minimum is not None else -1e12, spec.maximum if spec.maximum is not None else 1e12
            )
            dbox.setSingleStep(0.05 if (spec.maximum or 10) <= 1 else 0.1)
            dbox.setKeyboardTracking(False)
            dbox.valueChanged.connect(lambda v, n=name: self._commit(n, float(v)))
            return dbox
        if spec.kind is ParamKind.BOOL:
            check = QCheckBox()
            check.toggled.connect(lambda v, n=name: self._commit(n, bool(v)))
            return check
        if spec.kind is ParamKind.CHOICE:
            combo = QComboBox()
            combo.addItems(list(spec.choices))
            combo.textActivated.connect(lambda v, n=name: self._commit(n, v))
            return combo
        line = QLineEdit()
        line.setPlaceholderText("e.g. 1×28×28")
        line.editingFinished.connect(lambda n=name, w=line: self._commit_text(n, w.text()))
        return line

    def _load_values(self) -> None:
        """Model -> widgets, with signals blocked so that showing a value never commits it."""
        if self.node_id is None:
            return
        params = self.editor.graph.node(self.node_id).params
        for name, widget in self.widgets.items():
            value = params[name]
            widget.blockSignals(True)
            if isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.setValue(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentText(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(format_ints(value))
            widget.blockSignals(False)

    # ---- committing ----------------------------------------------------------------------------
    def _on_name_edit_editing_finished(self) -> None:
        old, text = self.node_id, self.name_edit.text().strip()
        if old is None or text == old:
            self.name_edit.setText(old or "")
            return
        refusals: list[str] = []

        def refused(message: str) -> None:
            refusals.append(message)

        self.editor.error_reported.connect(refused)
        try:
            self.editor.rename_node(old, text)  # the canvas re-selects the node, which refreshes this panel
        finally:
            self.editor.error_reported.disconnect(refused)
        if refusals:
            self.message.setText(f"⚠ {core_message(refusals[-1])}")
            self.name_edit.setText(old)

    def _commit_text(self, name: str, text: str) -> None:
        try:
            value: Any = parse_ints(text)
        except ParamError as error:
            self._reject(error)
            return
        self._commit(name, value)

    def _commit(self, name: str, value: Any) -> None:
        if self.node_id is None:
            return
        spec = self.editor.graph.layer_type(self.node_id).param(name)
        try:
            value = spec.coerce(value, node_id=self.node_id)
        except ParamError as error:
            self._reject(error)
            return
        self.message.clear()
        self.editor.set_param(self.node_id, name, value)

    def _reject(self, error: ParamError) -> None:
        self.message.setText(f"⚠ {core_message(error.message)}")
        self._load_values()  # show the value that is really in the graph

    # ---- model -> view -------------------------------------------------------------------------
    def _on_graph_edited(self) -> None:
        # A refusal is about the value typed before this edit (or this undo): no longer true now.
        self.message.clear()
        if self.node_id is None:
            return
        if not self.editor.graph.has_node(self.node_id):
            self.show_node(None)
            return
        focused = self.focusWidget()
        if focused is None or not isinstance(focused, QLineEdit) or not focused.isModified():
            self._load_values()

    def _refresh_stats(self) -> None:
        if self.node_id is None:
            return
        node_info = self.analysis.info.nodes.get(self.node_id)
        if node_info is None:
            self.stats.setText("")
            return
        inputs = ", ".join(format_shape(s) for s in node_info.input_shapes) or "—"
        names = self.tr("input"), self.tr("output"), self.tr("params")
        text = (
            f"<table><tr><td>{names[0]}</td><td>{inputs}</td></tr>"
            f"<tr><td>{names[1]}&nbsp;</td><td><b>{format_shape(node_info.output_shape)}</b></td></tr>"
            f"<tr><td>{names[2]}</td><td>{format_count(node_info.params)}</td></tr>"
            f"<tr><td>MACs</td><td>{format_count(node_info.macs)}</td></tr></table>"
        )
        if node_info.error is not None:
            text += f"<p style='color:#d32f2f'>⚠ {core_message(node_info.error.message)}</p>"
        self.stats.setText(text)

    def show_unit(self, node_id: str, heading: str, formula: str) -> None:
        """Show ``node_id`` and, above its parameters, one of its units' formula (from the Neurons view)."""
        if self.node_id != node_id:
            self.show_node(node_id)
        self.unit.setText(f"<b>{heading}</b><br><span style='font-family: monospace'>{formula}</span>")
        self.unit.show()
