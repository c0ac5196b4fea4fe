""" "Download MNIST…" for the IDX dataset: ``netbuilder.data.download_idx`` in a QThread with a progress bar.

The GUI thread never waits on the network: the thread reports bytes through a queued signal and ends
with either the files or the data package's error message (offline, server error, bad checksum).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from netbuilder.core.errors import NetBuilderError
from netbuilder.data import DownloadCancelled, download_idx
from netbuilder.data.locations import datasets_dir

log = logging.getLogger(__name__)

DOWNLOAD_TIP = QT_TRANSLATE_NOOP("IdxDownload", "Fetch the four IDX files (about 11 MB) into the datasets folder")


class DownloadThread(QThread):
    progressed = Signal(int, int)  # bytes done, bytes expected (0 while unknown)
    succeeded = Signal(str)  # the folder
    failed = Signal(str)  # a message a person can act on
    cancelled = Signal()

    def __init__(self, variant: str, folder: Path, options: dict[str, Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdxDownloadThread")
        self.variant, self.folder, self.options = variant, folder, options
        self.stop = threading.Event()  # set from the GUI thread; read by the download after each chunk

    def run(self) -> None:
        try:
            download_idx(self.variant, self.folder, self.progressed.emit, cancelled=self.stop.is_set, **self.options)
        except DownloadCancelled:
            self.cancelled.emit()
        except NetBuilderError as error:
            self.failed.emit(error.message)
        except Exception as error:  # a bug here must end as a message, not a silent dead thread
            log.exception("download failed")
            self.failed.emit(self.tr("download failed: {0}: {1}").format(type(error).__name__, error))
        else:
            self.succeeded.emit(str(self.folder))


def download_folder(folder_text: str) -> Path:
    """Where to put the files so the spec's folder finds them: absolute as is, else the datasets folder."""
    path = Path(folder_text or "mnist").expanduser()
    return path if path.is_absolute() else datasets_dir() / path


class IdxDownload(QWidget):
    """The button, a progress bar and one line of status; ``downloaded`` fires when the files are in place."""

    downloaded = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(self.tr("Download MNIST…"))
        self.button.setToolTip(self.tr(DOWNLOAD_TIP))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.thread: DownloadThread | None = None
        self.options: dict[str, Any] = {}  # base_url / checksums / timeout for download_idx (tests, mirrors)
        self._variant = "mnist"
        self._folder = Path("mnist")
        self._label = self.button.text()  # the button's text while no download runs
        self.button.clicked.connect(self._on_button_clicked)

    def set_target(self, variant: str, folder: Path) -> None:
        self._variant, self._folder = variant, folder
        self._label = self.tr("Download Fashion-MNIST…") if variant == "fashion-mnist" else self.tr("Download MNIST…")
        if self.thread is None:  # a running download keeps its Cancel button
            self.button.setText(self._label)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel a running download (the window is closing) and wait: it ends at its next chunk or timeout."""
        if self.thread is not None:
            self.thread.stop.set()
            self.thread.wait(timeout_ms)

    def cancel(self) -> None:
        if self.thread is not None and not self.thread.stop.is_set():
            self.thread.stop.set()
            self.button.setEnabled(False)  # until the thread has left the network call
            self.status.setText(self.tr("Cancelling…"))

    def _on_button_clicked(self) -> None:
        if self.thread is not None:
            self.cancel()
            return
        thread = DownloadThread(self._variant, self._folder, dict(self.options), self)
        thread.progressed.connect(self._on_thread_progressed)
        thread.succeeded.connect(self._on_thread_succeeded)
        thread.failed.connect(self._on_thread_failed)
        thread.cancelled.connect(self._on_thread_cancelled)
        thread.finished.connect(self._on_thread_finished)
        self.thread = thread
        self._label = self.button.text()
        self.button.setText(self.tr("Cancel"))
        self.button.setToolTip(self.tr("Stop the download; nothing partial is written"))
        self.progress.setValue(0)
        self.progress.setRange(0, 0)  # busy until the sizes are known
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Downloading into {0}…").format(self._folder))
        thread.start()

    def _on_thread_progressed(self, done: int, total: int) -> None:
        if total > 0 and self.thread is not None and not self.thread.stop.is_set():
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(1.0, done / total)))
            self.status.setText(
                self.tr("Downloading into {0}: {1:.1f} of {2:.1f} MB").format(self._folder, done / 1e6, total / 1e6)
            )

    def _on_thread_succeeded(self, folder: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.status.setText(self.tr("✓ files verified in {0}").format(folder))
        self.downloaded.emit(folder)

    def _on_thread_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(f"⚠ {message}")

    def _on_thread_cancelled(self) -> None:
        self.progress.hide()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Download cancelled; nothing partial was written."))

    def _on_thread_finished(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.deleteLater()
        self.button.setText(self._label)
        self.button.setToolTip(self.tr(DOWNLOAD_TIP))
        self.button.setEnabled(True)
