"""Editors for the dataset fields that are more than one number: engineered features, the target
function and its formula, and the train/val/test split.

Each editor shows a value with ``show`` (model → view, no signals) and emits ``edited(key, value, undo
text)`` only with a value the data package accepts, so an invalid formula or split never reaches the
project: the parse error is shown inline in red instead.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.data import DatasetError, parse_formula
from netbuilder.data.spec import FUNCTIONS, TOY_FEATURES
from netbuilder.gui.option_names import add_options, current_option, option_name, select_option

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"
FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁·x₂",
    "sin(x1)": "sin x₁",
    "sin(x2)": "sin x₂",
}
SPLIT_PARTS = {
    "train": QT_TRANSLATE_NOOP("SplitField", "train"),
    "val": QT_TRANSLATE_NOOP("SplitField", "val"),
    "test": QT_TRANSLATE_NOOP("SplitField", "test"),
}
SPLIT_MODES = {
    "auto": QT_TRANSLATE_NOOP("SplitField", "automatic"),
    "none": QT_TRANSLATE_NOOP("SplitField", "none (train on all, tiny tables)"),
    "custom": QT_TRANSLATE_NOOP("SplitField", "percentages"),
}


def _error_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _show_error(label: QLabel, message: str) -> None:
    label.setText(f"⚠ {message}" if message else "")
    label.setVisible(bool(message))


class FeatureChecks(QWidget):
    """The engineered inputs of the 2-D toy sets (TensorFlow Playground's feature column)."""

    edited = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(TOY_FEATURES):
            box = QCheckBox(FEATURE_LABELS[name])
            box.setToolTip(self.tr("feed {name} to the network").format(name=name))
            box.toggled.connect(self._on_box_toggled)
            self.boxes[name] = box
            grid.addWidget(box, index // 4, index % 4)
        self._loading = False

    def show(self, features: list[str]) -> None:  # type: ignore[override]
        self._loading = True
        try:
            for name, box in self.boxes.items():
                box.setChecked(name in features)
        finally:
            self._loading = False

    def chosen(self) -> list[str]:
        return [name for name in TOY_FEATURES if self.boxes[name].isChecked()]

    def _on_box_toggled(self, _checked: bool) -> None:
        if self._loading:
            return
        features = self.chosen()
        if not features:  # the spec needs at least one input: undo the click instead of failing later
            sender = self.sender()
            if isinstance(sender, QCheckBox):
                self._loading = True
                sender.setChecked(True)
                self._loading = False
            return
        self.edited.emit("features", features, self.tr("Set input features"))


class FunctionFields(QWidget):
    """The 1-D target: a named function, or a formula of x (applied only once it parses)."""

    edited = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.function = QComboBox()
        add_options(self.function, FUNCTIONS)
        self.formula = QLineEdit()
        self.formula.setPlaceholderText(self.tr("a formula of x, e.g. sin(x) + 0.5*x**2"))
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.function)
        layout.addWidget(self.formula)
        layout.addWidget(self.error)
        self._formula = ""
        self._loading = False
        self.function.currentIndexChanged.connect(lambda _i: self._on_function_changed(current_option(self.function)))
        self.formula.editingFinished.connect(self._on_formula_editing_finished)
        self.formula.textEdited.connect(lambda _text: _show_error(self.error, ""))

    def show(self, function: str, formula: str) -> None:  # type: ignore[override]
        self._loading = True
        try:
            select_option(self.function, function)
            self._formula = formula
            self.formula.setText(formula)
            self.formula.setEnabled(function == "formula")
            _show_error(self.error, "")
        finally:
            self._loading = False

    def _on_function_changed(self, function: str) -> None:
        self.formula.setEnabled(function == "formula")
        if not self._loading:
            self.edited.emit(
                "function", function, self.tr("Target function {function}").format(function=option_name(function))
            )

    def _on_formula_editing_finished(self) -> None:
        text = self.formula.text().strip()
        if self._loading or text == self._formula:
            return
        try:
            parse_formula(text)
        except DatasetError as error:
            _show_error(self.error, error.message)
            return
        _show_error(self.error, "")
        self._formula = text
        self.edited.emit("formula", text, self.tr("Set formula"))


class SplitField(QWidget):
    """Train/validation/test split: automatic, none (for tiny tables), or percentages summing to 100."""

    edited = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for key, text in SPLIT_MODES.items():
            self.mode.addItem(self.tr(text), key)
        self.parts: list[QSpinBox] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for name in ("train", "val", "test"):
            box = QSpinBox()
            box.setRange(0, 100)
            box.setSuffix(" %")
            box.setKeyboardTracking(False)
            box.setToolTip(self.tr("{name} share of the samples").format(name=self.tr(SPLIT_PARTS[name])))
            box.valueChanged.connect(self._on_part_value_changed)
            self.parts.append(box)
            row.addWidget(box)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self._loading = False
        self.mode.currentIndexChanged.connect(self._on_mode_changed)

    def show(self, split: Any) -> None:  # type: ignore[override]
        self._loading = True
        try:
            mode = split if isinstance(split, str) else "custom"
            self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
            fractions = split if not isinstance(split, str) else (0.7, 0.15, 0.15)
            for box, fraction in zip(self.parts, fractions, strict=True):
                box.setValue(round(100 * float(fraction)))
                box.setEnabled(mode == "custom")
            _show_error(self.error, "")
        finally:
            self._loading = False

    def value(self) -> Any:
        mode = self.mode.currentData()
        return mode if mode != "custom" else [box.value() / 100 for box in self.parts]

    def _on_mode_changed(self, _index: int) -> None:
        custom = self.mode.currentData() == "custom"
        for box in self.parts:
            box.setEnabled(custom)
        if not self._loading:
            self._emit()

    def _on_part_value_changed(self, _value: int) -> None:
        if not self._loading:
            self._emit()

    def _emit(self) -> None:
        value = self.value()
        if not isinstance(value, str):
            total = sum(box.value() for box in self.parts)
            if total != 100 or self.parts[0].value() == 0:
                _show_error(
                    self.error,
                    self.tr("the shares add up to {total} %; make them 100 % with train > 0").format(total=total),
                )
                return
        _show_error(self.error, "")
        self.edited.emit("split", value, self.tr("Set split"))
