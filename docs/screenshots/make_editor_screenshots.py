"""Screenshots of the editor: every bundled example as it opens, an empty canvas, and both themes.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make_editor_screenshots.py
    /work/shared/tools/screenshot /tmp/ignored.png 90 -- python docs/screenshots/make_editor_screenshots.py

Opens each example in a fresh 1400×900 main window (settings in a temporary folder) and saves the canvas
as ``editor-<example>.png``; ``editor-empty.png`` is the canvas after New; ``theme-light.png`` and
``theme-dark.png`` are the whole window on the spiral example after a few seconds of training.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QPushButton

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SIZE = (1400, 900)
TRAIN_SECONDS = 6.0


def pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from netbuilder.core.examples import example_names
    from netbuilder.gui.app import create_main_window, ensure_application

    app = ensure_application()
    window = create_main_window()
    window.resize(*SIZE)
    window.show()
    pump(app, 1.0)
    window.set_theme("light")
    for name in example_names():
        window.files.open_example(name, ask=False)
        pump(app, 0.8)
        window.view.grab().save(str(HERE / f"editor-{name}.png"))
        log.info("editor-%s.png at %.0f%%", name, window.view.zoom * 100)
    window.files.new()
    window.show_canvas()
    pump(app, 0.5)
    window.view.grab().save(str(HERE / "editor-empty.png"))
    for theme in ("light", "dark"):
        window.set_theme(theme)
        window.files.open_example("spiral", ask=False)
        pump(app, 1.0)
        train = next(b for b in window.findChildren(QPushButton) if b.text().replace("&", "") == "Train")
        train.click()
        pump(app, TRAIN_SECONDS)
        window.grab().save(str(HERE / f"theme-{theme}.png"))
        stop = next((b for b in window.findChildren(QPushButton) if b.text().replace("&", "") == "Stop"), None)
        if stop is not None and stop.isEnabled():
            stop.click()
        pump(app, 1.5)
    window.document.undo_stack.setClean()
    window.document._extra_dirty = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
