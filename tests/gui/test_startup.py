"""Start-up paints the window before torch loads, then adds the training docks without being asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from netbuilder.gui.app import create_main_window, ensure_application

seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "torch_at_paint" not in seen:
            seen["torch_at_paint"] = "torch" in sys.modules
            seen["docks_at_paint"] = window.training_docks is not None
        return False

app = ensure_application()
window = create_main_window(deferred=True)
seen["torch_after_window"] = "torch" in sys.modules
spy = FirstPaint()
window.start_page.installEventFilter(spy)

def ready():
    seen["docks_when_ready"] = window.training_docks is not None and "TrainingDock" in window.docks
    seen["torch_when_ready"] = "torch" in sys.modules
    window.close()
    app.quit()

window.engine.ready.connect(lambda: QTimer.singleShot(0, ready))
QTimer.singleShot(150_000, app.quit)
window.show()
app.exec()
print("RESULT " + json.dumps(seen), flush=True)
"""


def test_the_window_paints_before_torch_loads_and_training_follows() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=240)
    line = next((text for text in done.stdout.splitlines() if text.startswith("RESULT ")), "")
    assert line, done.stderr[-3000:]
    seen = json.loads(line.removeprefix("RESULT "))
    assert seen == {
        "torch_after_window": False,  # building the window imports no torch
        "torch_at_paint": False,  # nor does its first paint
        "docks_at_paint": False,
        "docks_when_ready": True,  # then the engine loads in the background and the docks appear
        "torch_when_ready": True,
    }
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
