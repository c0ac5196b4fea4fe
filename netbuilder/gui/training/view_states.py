"""Empty states for the training views, and which view fits a dataset.

Empty axes with 0.2/0.4 ticks say nothing; a sentence saying what will appear (or why a view does not
apply to this dataset) does. :class:`ViewHolder` shows either that sentence or the view itself.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from netbuilder.training.runner.views import view_kind

log = logging.getLogger(__name__)

PRESS_TRAIN = {
    "LossDock": QT_TRANSLATE_NOOP("ViewStates", "Press Train to see the loss fall."),
    "DecisionDock": QT_TRANSLATE_NOOP("ViewStates", "Press Train to watch the decision boundary form over the points."),
    "HingeDock": QT_TRANSLATE_NOOP(
        "ViewStates", "Press Train to watch each ReLU unit's hinge bend the prediction onto the target."
    ),
    "ResultsDock": QT_TRANSLATE_NOOP(
        "ViewStates", "The confusion matrix or predicted-vs-true plot appears when a run ends."
    ),
}


def press_train(dock: str) -> str:
    """What appears in ``dock`` once a run starts, in the user's language."""
    return QCoreApplication.translate("ViewStates", PRESS_TRAIN[dock])


class ViewHolder(QStackedWidget):
    """A view and a centred message in its place; the dock shows the holder."""

    def __init__(self, view: QWidget, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.label = QLabel(message)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setMargin(24)
        self.label.setStyleSheet("font-size: 11pt;")  # the theme's colours: a fixed light box glared in Dark
        self.addWidget(self.label)
        self.addWidget(view)
        # A message-only dock must not ask for less room than the plot will need once it appears.
        self.setMinimumHeight(view.minimumSizeHint().height())

    @property
    def showing_view(self) -> bool:
        return self.currentWidget() is self.view

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setCurrentWidget(self.label)

    def show_view(self) -> None:
        self.setCurrentWidget(self.view)


DOCK_OF_VIEW = {"decision": "DecisionDock", "hinge": "HingeDock"}


def view_for(dataset: Any) -> str:
    """The dock that shows this dataset best: "DecisionDock", "HingeDock" or "LossDock" (the rule is
    :func:`netbuilder.training.runner.views.view_kind`, which also decides what the runner probes)."""
    return DOCK_OF_VIEW.get(view_kind(dataset) or "", "LossDock")


def not_applicable(dock: str, dataset: Any) -> str:
    """Why ``dock`` shows nothing for ``dataset``."""
    shape = "×".join(str(s) for s in dataset.input_shape) if dataset is not None else "?"
    if dock == "DecisionDock":
        return QCoreApplication.translate(
            "ViewStates", "The decision boundary is shown for classification over 2-D points; these samples are {0}."
        ).format(shape)
    return QCoreApplication.translate(
        "ViewStates", "The ReLU fit is shown for one input and one output (regression); these samples are {0}."
    ).format(shape)
