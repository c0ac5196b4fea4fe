"""Screenshots of the training docks at the start, middle and end of a run, for the README and reviews.

    /work/shared/tools/screenshot /tmp/ignored.png 120 -- python docs/screenshots/make_screenshots.py
    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py   # also works, plainer fonts

Opens each example in a fresh main window (first-start layout: settings go to a temporary folder),
grabs the window before Train, pauses near half-way to grab the middle, and grabs the end. Writes
``<example>-start.png``, ``-middle.png``, ``-end.png`` next to this file; the ``-end`` images are also
copied to the names the README links (``spiral-trained.png``, ``relu-pieces-trained.png``).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SIZE = (1400, 900)
RUNS = {"spiral": ("spiral", 300), "seed-relu-pieces": ("relu-pieces", 300)}
MAX_BYTES = 300_000


def wait_until(app: QApplication, done: Callable[[], bool], timeout: float = 300.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the run did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    wait_until(app, lambda: time.monotonic() > end)


def grab(app: QApplication, window: object, path: Path) -> None:
    settle(app)
    if QGuiApplication.platformName() == "offscreen":
        image = window.grab()  # type: ignore[attr-defined]
    else:
        # The screen's own pixels: QWidget.grab() repaints hidden dock tab bars that a user never sees.
        frame = window.frameGeometry()  # type: ignore[attr-defined]
        image = app.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    image.save(str(path))
    size = path.stat().st_size
    log.info("saved %s (%d KB)", path, size // 1024)
    if size > MAX_BYTES:
        log.warning("%s is larger than %d KB", path, MAX_BYTES // 1000)


def shoot(app: QApplication, example: str, stem: str, epochs: int) -> None:
    from netbuilder.gui.app import create_main_window

    window = create_main_window()
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.files.open_example(example, ask=False)
    docks = window.training_docks
    docks.training_panel.epochs.setValue(epochs)
    grab(app, window, HERE / f"{stem}-start.png")
    docks.train()
    wait_until(app, lambda: docks.training_panel.progress.value() >= 400 or window.training.state.value == "idle")
    window.training.pause()
    settle(app, 1.0)  # the paused step's probe arrives
    grab(app, window, HERE / f"{stem}-middle.png")
    window.training.resume()
    wait_until(app, lambda: window.training.state.value == "idle")
    grab(app, window, HERE / f"{stem}-end.png")
    shutil.copyfile(HERE / f"{stem}-end.png", HERE / f"{stem}-trained.png")
    # Trained weights count as unsaved changes: without this the "Save changes?" dialog waits forever.
    window.files.maybe_save = lambda: True
    window.close()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        for example, (stem, epochs) in RUNS.items():
            if len(sys.argv) < 2 or example in sys.argv[1:]:
                shoot(app, example, stem, epochs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
