"""Loading the engine (torch and what builds on it) after the window is on screen, not before.

Importing torch takes 1.5-4 s on the 2-core machine, longer than the rest of the start-up together.
The editor needs none of it to show a project, let the person edit it and report structural problems,
so :class:`EngineLoader` imports the heavy modules in a plain Python thread once the window has painted
and says :attr:`EngineLoader.ready` in the GUI thread. The GUI keeps reacting meanwhile (the thread
lets go of the GIL between bytecodes and inside the shared-library loads); what needs the engine
(shape inference, the training docks) waits for ``ready``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import tempfile
import threading
import time

from PySide6.QtCore import QObject, Signal

from netbuilder.core.files import CHECK_FOLDER_PREFIX, sweep_stale_work_folders

log = logging.getLogger(__name__)

# What the editor and the training docks need, heaviest first; all of it is Qt-free.
ENGINE_MODULES = (
    "torch",
    "numpy",
    "netbuilder.model.inference",
    "netbuilder.data",
    "netbuilder.training.runner.process",
)


def engine_loaded() -> bool:
    return all(name in sys.modules for name in ENGINE_MODULES)


def _sweep_leftovers() -> None:
    """Export-check folders that killed processes left in the temporary directory (saves and exports
    sweep their own folder's temporaries; this is the start-up's share)."""
    try:
        sweep_stale_work_folders(tempfile.gettempdir(), CHECK_FOLDER_PREFIX)
    except OSError as error:  # a tidy-up only
        log.info("could not sweep old export checks: %s", error)


class EngineLoader(QObject):
    """Imports :data:`ENGINE_MODULES` off the GUI thread; ``ready`` (or ``failed``) comes back on it."""

    ready = Signal()
    failed = Signal(str)
    _finished = Signal(str)  # "" when every module loaded, else the error (emitted from the thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.is_ready = engine_loaded()
        self.seconds = 0.0
        self._thread: threading.Thread | None = None
        self._finished.connect(self._on_finished)

    def start(self) -> None:
        """Begin loading (once); ``ready`` is emitted at once if everything is loaded already."""
        if self._thread is None:
            _sweep_leftovers()  # a listing of the temporary folder: cheap, and needs no engine
        if self.is_ready:
            self.ready.emit()
            return
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._load, name="engine-loader", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            for name in ENGINE_MODULES:
                importlib.import_module(name)
        except Exception as error:  # reported in the GUI thread, where the person can be told
            log.exception("loading the engine failed")
            self._finished.emit(f"{type(error).__name__}: {error}")
            return
        self.seconds = time.perf_counter() - started
        self._finished.emit("")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the loading thread is done (tests; an action that cannot work without it)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return engine_loaded()

    def _on_finished(self, error: str) -> None:
        if error:
            self.failed.emit(error)
            return
        self.is_ready = True
        log.info("engine loaded in %.2f s after the window appeared", self.seconds)
        self.ready.emit()


__all__ = ["ENGINE_MODULES", "EngineLoader", "engine_loaded"]
