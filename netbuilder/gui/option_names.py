"""Combo boxes of option ids (loss, schedule, initialisation, dataset kind, ...) shown in the user's language.

Each item's text is the id's translation (in English: the id itself, as the project file and the CLI
spell it) and its data is the id; panels read and select by the id, never by the shown text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

CONTEXT = "Options"

# Every id that has a name in another language; ids missing here (sgd, adam, cpu...) are shown as they are.
MARKED = (
    QT_TRANSLATE_NOOP("Options", "auto"),
    QT_TRANSLATE_NOOP("Options", "mse"),
    QT_TRANSLATE_NOOP("Options", "mae"),
    QT_TRANSLATE_NOOP("Options", "huber"),
    QT_TRANSLATE_NOOP("Options", "cross_entropy"),
    QT_TRANSLATE_NOOP("Options", "bce"),
    QT_TRANSLATE_NOOP("Options", "constant"),
    QT_TRANSLATE_NOOP("Options", "step"),
    QT_TRANSLATE_NOOP("Options", "cosine"),
    QT_TRANSLATE_NOOP("Options", "plateau"),
    QT_TRANSLATE_NOOP("Options", "default"),
    QT_TRANSLATE_NOOP("Options", "xavier"),
    QT_TRANSLATE_NOOP("Options", "kaiming"),
    QT_TRANSLATE_NOOP("Options", "normal"),
    QT_TRANSLATE_NOOP("Options", "spread_kinks"),
    QT_TRANSLATE_NOOP("Options", "circle"),
    QT_TRANSLATE_NOOP("Options", "xor"),
    QT_TRANSLATE_NOOP("Options", "gaussians"),
    QT_TRANSLATE_NOOP("Options", "spiral"),
    QT_TRANSLATE_NOOP("Options", "moons"),
    QT_TRANSLATE_NOOP("Options", "function"),
    QT_TRANSLATE_NOOP("Options", "digits"),
    QT_TRANSLATE_NOOP("Options", "idx"),
    QT_TRANSLATE_NOOP("Options", "table"),
    QT_TRANSLATE_NOOP("Options", "sine-next"),
    QT_TRANSLATE_NOOP("Options", "sequence-sum"),
    QT_TRANSLATE_NOOP("Options", "random-regression"),
    QT_TRANSLATE_NOOP("Options", "csv"),
    QT_TRANSLATE_NOOP("Options", "npz"),
    QT_TRANSLATE_NOOP("Options", "digits28"),
    QT_TRANSLATE_NOOP("Options", "relu-pieces"),
    QT_TRANSLATE_NOOP("Options", "sine"),
    QT_TRANSLATE_NOOP("Options", "abs"),
    QT_TRANSLATE_NOOP("Options", "sawtooth"),
    QT_TRANSLATE_NOOP("Options", "cubic"),
    QT_TRANSLATE_NOOP("Options", "formula"),
)


def option_name(option_id: str) -> str:
    return QCoreApplication.translate(CONTEXT, option_id)


def add_options(combo: QComboBox, ids: Iterable[str]) -> None:
    for option_id in ids:
        combo.addItem(option_name(option_id), option_id)


def select_option(combo: QComboBox, option_id: str) -> None:
    """Select ``option_id``, adding it (shown as it is) when the list does not have it yet."""
    index = combo.findData(option_id)
    if index < 0 and option_id:
        combo.addItem(option_name(option_id), option_id)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def current_option(combo: QComboBox) -> str:
    data = combo.currentData()
    return str(data) if data is not None else ""
