"""File → Export Model… and File → Import PyTorch Model…: the model's ways out of and into the app.

Export hands the export dialog the trained model when the training controller holds weights that
still fit the graph (the graph may have been edited since); otherwise the dialog exports a freshly
initialised model and says so. Import turns a user's ``nn.Module`` into a new, unsaved project.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project

log = logging.getLogger(__name__)


def trained_module(window: Any) -> Any | None:
    """The compiled graph with the current run's trained weights, or None when there are none that fit."""
    weights = window.training.weights if window.training is not None else None
    if not weights:
        return None
    from netbuilder.model.compiler import compile_graph

    try:
        module = compile_graph(window.document.graph)
        module.load_state_dict(weights)
    except (NetBuilderError, RuntimeError) as error:
        # The graph changed since training: the trained weights no longer describe it.
        log.info("trained weights do not fit the current graph: %s", error)
        return None
    return module.eval()


def open_export_dialog(window: Any) -> Any:
    from netbuilder.gui.export_dialog import ExportDialog

    dialog = ExportDialog(window.document.project, trained_module(window), window)
    dialog.open()
    return dialog


def parse_shape(text: str) -> list[int]:
    """``"1, 28, 28"`` or ``"1×28×28"`` -> ``[1, 28, 28]``; raises ValueError with the bad part."""
    parts = [p for p in text.replace("×", ",").replace("x", ",").replace(" ", ",").split(",") if p]
    if not parts:
        raise ValueError(QCoreApplication.translate("ModelIO", "give the input shape, e.g. 1,28,28"))
    shape = []
    for part in parts:
        if not part.isdigit() or int(part) < 1:
            raise ValueError(
                QCoreApplication.translate(
                    "ModelIO", "'{part}' is not a size (whole numbers >= 1, e.g. 1,28,28)"
                ).format(part=part)
            )
        shape.append(int(part))
    return shape


def import_from_file(window: Any, path: str, class_name: str | None, shape_text: str) -> bool:
    """Import ``class_name`` from ``path`` with one input of ``shape_text``; errors go to a dialog."""
    from netbuilder.model.importer import ModelImportError, import_module, load_module_from_file

    try:
        shape = parse_shape(shape_text)
        module = load_module_from_file(path, class_name or None)
        result = import_module(module, [shape])
    except ValueError as error:
        window.files.show_error(QCoreApplication.translate("ModelIO", "Cannot import"), str(error))
        return False
    except ModelImportError as error:
        window.files.show_error(QCoreApplication.translate("ModelIO", "Cannot import"), str(error))
        return False
    name = class_name or Path(path).stem
    project = Project(graph=result.graph, name=name, description=f"Imported from {Path(path).name}.")
    window.files.open_project(project, None, dirty=True)
    window.statusBar().showMessage(
        QCoreApplication.translate("ModelIO", "Imported {nodes} nodes, {params:,} parameters").format(
            nodes=len(result.graph), params=result.parameters
        ),
        5000,
    )
    return True


def open_import_dialogs(window: Any) -> bool:
    path, _ = QFileDialog.getOpenFileName(
        window,
        QCoreApplication.translate("ModelIO", "Import a PyTorch model"),
        "",
        QCoreApplication.translate("ModelIO", "Python files (*.py)"),
    )
    if not path:
        return False
    class_name, ok = QInputDialog.getText(
        window,
        QCoreApplication.translate("ModelIO", "Import"),
        QCoreApplication.translate(
            "ModelIO", "Class (or module object) to import; empty if the file holds exactly one model:"
        ),
    )
    if not ok:
        return False
    shape, ok = QInputDialog.getText(
        window,
        QCoreApplication.translate("ModelIO", "Import"),
        QCoreApplication.translate("ModelIO", "Input shape without the batch dimension:"),
        text="1,28,28",
    )
    if not ok:
        return False
    return import_from_file(window, path, class_name.strip(), shape)


def add_model_actions(window: Any) -> tuple[QAction, QAction]:
    """Put Export and Import into the File menu, just above Quit; returns both actions."""
    menu = window.menu("&File")
    quit_action = window.act_quit
    export_action = QAction(QCoreApplication.translate("ModelIO", "&Export Model…"), window)
    export_action.setShortcut(QKeySequence("Ctrl+E"))
    export_action.setStatusTip(
        QCoreApplication.translate(
            "ModelIO", "Export the model (safetensors, pt, pt2, ONNX, PyTorch code, training script)"
        )
    )
    export_action.triggered.connect(lambda: open_export_dialog(window))
    import_action = QAction(QCoreApplication.translate("ModelIO", "&Import PyTorch Model…"), window)
    import_action.setShortcut(QKeySequence("Ctrl+I"))
    import_action.setStatusTip(
        QCoreApplication.translate("ModelIO", "Turn an nn.Module from a Python file into a project")
    )
    import_action.triggered.connect(lambda: open_import_dialogs(window))
    menu.insertActions(quit_action, [export_action, import_action])
    menu.insertSeparator(quit_action)
    return export_action, import_action
