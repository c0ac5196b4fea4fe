"""Starting the desktop app: ``netbuilder`` (:func:`run`), or ``python -m netbuilder.gui.app [FILE|example:NAME]``."""

from __future__ import annotations

import logging
import multiprocessing
import sys
from datetime import datetime
from importlib import resources

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from netbuilder.core.errors import NetBuilderError
from netbuilder.gui.i18n import choose_fonts, install_language
from netbuilder.gui.main_window import MainWindow
from netbuilder.gui.recovery import left_behind
from netbuilder.gui.settings import APPLICATION, ORGANIZATION

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    try:
        icon_path = resources.files("netbuilder.resources") / "icons" / "netbuilder.svg"
        return QIcon(str(icon_path))
    except (ModuleNotFoundError, FileNotFoundError):
        return QIcon()


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    # Fusion looks the same everywhere and follows the system's light or dark colour scheme.
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    # Before any window is built: every tr() call from here on finds the chosen language.
    install_language(app)
    choose_fonts(app)
    app.aboutToQuit.connect(_end_training_processes)
    return app


def _end_training_processes() -> None:
    """End the training processes with the app (atexit is the backstop); none if the engine never loaded."""
    pool = sys.modules.get("netbuilder.training.runner.pool")
    if pool is not None:
        pool.shutdown()


def create_main_window(*, deferred: bool = False) -> MainWindow:
    """The editor window, following the system's colour scheme; ``deferred``: see :class:`MainWindow`."""
    window = MainWindow(deferred=deferred)
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: window.view.refresh_theme())
    return window


def open_initial(window: MainWindow, project_arg: str | None) -> None:
    """Show ``project_arg`` (a path or ``example:NAME``), or the start page."""
    if not project_arg:
        return
    if project_arg.startswith("example:"):
        window.files.open_example(project_arg.removeprefix("example:"), ask=False)
    else:
        window.files.open_path(project_arg, ask=False)


def offer_recovery(window: MainWindow) -> bool:
    """If a crash left autosaved work behind, ask whether to restore the newest one."""
    found = left_behind()
    if not found:
        return False
    newest = found[0]
    when = datetime.fromtimestamp(newest.modified).strftime("%Y-%m-%d %H:%M")
    what = newest.original or QCoreApplication.translate("App", "an unsaved project")
    answer = QMessageBox.question(
        window,
        QCoreApplication.translate("App", "Recover unsaved work?"),
        QCoreApplication.translate(
            "App", "NetBuilder did not close properly last time.\n\nRecover the changes to {what} autosaved at {when}?"
        ).format(what=what, when=when),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    recovered = False
    if answer == QMessageBox.StandardButton.Yes:
        try:
            window.files.open_project(newest.load(), newest.original, dirty=True)
            recovered = True
        except NetBuilderError as error:
            window.files.show_error(QCoreApplication.translate("App", "Cannot recover"), str(error))
    for entry in found:
        entry.discard()
    return recovered


def run(project_arg: str | None = None) -> int:
    """Open the editor window (on ``project_arg`` if given) and run until it closes."""
    app = ensure_application()
    window = create_main_window(deferred=True)  # paint first; torch and the training docks follow
    window.show()
    open_initial(window, project_arg)
    # After the event loop starts, so the dialog sits over a painted window.
    QTimer.singleShot(0, lambda: offer_recovery(window))
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    # Training runs in a spawned process; in a frozen (PyInstaller) build that process starts this
    # executable again, and freeze_support turns it into the training process. A no-op otherwise.
    multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
