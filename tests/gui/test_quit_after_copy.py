"""Quitting after Edit → Copy exits cleanly (it segfaulted with exit 139: a Python-owned QMimeData left on
the clipboard was destroyed during interpreter shutdown). Runs the app in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys

from PySide6.QtCore import QTimer

from netbuilder.gui.app import create_main_window, ensure_application


def main():
    app = ensure_application()
    window = create_main_window()
    window.show()
    window.files.open_example("xor", ask=False)

    def copy_then_quit():
        for item in window.view.scene().items():
            item.setSelected(True)
        window.copy()
        assert app.clipboard().mimeData().hasFormat("application/x-netbuilder-nodes"), "nothing copied"
        print("COPIED", flush=True)
        QTimer.singleShot(50, app.quit)

    QTimer.singleShot(100, copy_then_quit)
    return app.exec()


if __name__ == "__main__":  # the training process is spawned: it must not run this again
    sys.exit(main())
"""


def test_quit_after_copy_exits_with_status_0(tmp_path: Path) -> None:
    script = tmp_path / "copy_then_quit.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NETBUILDER_RECOVERY_DIR=str(tmp_path / "recovery"))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    completed = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert "COPIED" in completed.stdout, completed.stderr[-2000:]
    assert completed.returncode == 0, f"exit {completed.returncode}: {completed.stderr[-2000:]}"
