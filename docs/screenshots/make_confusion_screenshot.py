"""Screenshot of the seed CNN after training with a confusion-matrix cell picked: the Results dock says
which test image it picked, the Feature maps dock shows that image layer by layer.

    /work/shared/tools/screenshot /tmp/ignored.png 200 -- python docs/screenshots/make_confusion_screenshot.py

Writes ``cnn-confusion-click.png`` next to this file (settings go to a temporary folder, so the window
has the first-start layout).
"""

from __future__ import annotations

import logging
import sys
import tempfile

import numpy as np
from make_screenshots import HERE, SIZE, grab, settle, wait_until
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

EPOCHS = 2


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        from netbuilder.gui.app import create_main_window

        window = create_main_window()
        window.resize(*SIZE)
        window.move(0, 0)
        window.show()
        window.files.open_example("seed-cnn", ask=False)
        docks = window.training_docks
        wait_until(app, lambda: docks.controller.dataset is not None)
        docks.training_panel.epochs.setValue(EPOCHS)
        docks.train()
        wait_until(app, lambda: docks.controller.run is not None and docks.controller.run.is_over)
        wait_until(app, lambda: not docks.controller.is_active)
        window.show_dock("ResultsDock")
        window.show_dock("FeatureMapsDock")
        results = docks.results
        wait_until(app, lambda: results.report is not None)
        mistakes = results.report.confusion.copy()
        np.fill_diagonal(mistakes, 0)
        true, predicted = np.unravel_index(int(mistakes.argmax()), mistakes.shape)
        index = results.pick_cell(int(true), int(predicted))  # what a click on that cell does
        maps = docks.inside.views["feature-maps"]
        wait_until(app, lambda: maps.picker.current_sample() == index)
        settle(app, 1.0)
        grab(app, window, HERE / "cnn-confusion-click.png")
        window.files.maybe_save = lambda: True  # trained weights count as unsaved changes
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
