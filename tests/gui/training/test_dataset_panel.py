"""The Dataset dock driven as a person would: tick features, pick a function, type a formula, set the
split, download MNIST (and cancel it); each edit changes project.dataset (and the Input shape) and
undo restores both."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netbuilder.data.locations import DATA_DIR_ENV
from tests.data.test_idx import served  # noqa: F401  (the local IDX server fixture)


def open_example(window: Any, name: str, qtbot: Any = None) -> Any:
    window.files.open_example(name)
    docks = window.training_docks
    window.docks["DatasetDock"].raise_()
    if qtbot is not None:
        built(qtbot, window)
    return docks.dataset_panel


def open_mnist_cnn(window: Any, qtbot: Any = None) -> Any:
    """The seed CNN switched from its built-in digits to MNIST files (IDX), as a person picks that kind."""
    from netbuilder.gui.training.section_command import SetSection

    panel = open_example(window, "seed-cnn")
    mnist = {"kind": "idx", "folder": "mnist", "layout": "image"}
    window.document.undo_stack.push(SetSection(window.document.project, "dataset", mnist, "Dataset: MNIST"))
    if qtbot is not None:
        built(qtbot, window)
    return panel


def built(qtbot: Any, window: Any) -> None:
    """Wait for the dataset of the current section (built off the GUI thread) and the fit that follows it."""
    controller = window.training
    qtbot.waitUntil(lambda: not controller.dataset_pending and controller._fit_command is None, timeout=30_000)


def input_shape(window: Any) -> list[int]:
    graph = window.document.graph
    return list(next(n for n in graph.topological_order() if n.type == "Input").params["shape"])


def test_feature_checkbox_changes_dataset_and_input_shape(qtbot: Any, window: Any) -> None:
    panel = open_example(window, "spiral", qtbot)
    assert panel.form.isRowVisible(panel.features) and not panel.form.isRowVisible(panel.function)
    assert input_shape(window) == [2]
    qtbot.mouseClick(panel.features.boxes["x1^2"], Qt.MouseButton.LeftButton)
    built(qtbot, window)
    qtbot.mouseClick(panel.features.boxes["sin(x2)"], Qt.MouseButton.LeftButton)
    built(qtbot, window)
    assert window.document.project.dataset["features"] == ["x1", "x2", "x1^2", "sin(x2)"]
    assert input_shape(window) == [4]  # the Input node follows, in the same undo step
    assert panel.dataset is not None and tuple(panel.dataset.input_shape) == (4,)
    window.document.undo_stack.undo()
    assert window.document.project.dataset["features"] == ["x1", "x2", "x1^2"] and input_shape(window) == [3]
    window.document.undo_stack.undo()
    assert "features" not in window.document.project.dataset and input_shape(window) == [2]
    assert not panel.features.boxes["x1^2"].isChecked()  # model -> view on undo
    # The last feature cannot be unticked: a network needs an input.
    qtbot.mouseClick(panel.features.boxes["x1"], Qt.MouseButton.LeftButton)
    built(qtbot, window)
    qtbot.mouseClick(panel.features.boxes["x2"], Qt.MouseButton.LeftButton)
    built(qtbot, window)
    assert window.document.project.dataset["features"] == ["x2"]
    assert panel.features.boxes["x2"].isChecked()


def test_function_combo_and_formula(qtbot: Any, window: Any) -> None:
    panel = open_example(window, "seed-relu-pieces")
    fields = panel.function
    assert panel.form.isRowVisible(fields) and not panel.form.isRowVisible(panel.features)
    assert not fields.formula.isEnabled()
    fields.function.setFocus()
    qtbot.keyClicks(fields.function, "sine")  # typing in a closed combo box selects the matching item
    assert window.document.project.dataset["function"] == "sine"
    qtbot.wait(QApplication.keyboardInputInterval() + 100)  # a new search, not "sineformula"
    qtbot.keyClicks(fields.function, "formula")
    assert window.document.project.dataset["function"] == "formula" and fields.formula.isEnabled()
    before = dict(window.document.project.dataset)
    fields.formula.selectAll()
    qtbot.keyClicks(fields.formula, "sin(x")
    qtbot.keyClick(fields.formula, Qt.Key.Key_Return)
    assert fields.error.isVisible() and "never closed" in fields.error.text()  # inline, red
    assert "#b00020" in fields.error.styleSheet()
    assert window.document.project.dataset == before  # nothing applied while invalid
    qtbot.keyClicks(fields.formula, ") * abs(x)")
    qtbot.keyClick(fields.formula, Qt.Key.Key_Return)
    assert not fields.error.isVisible()
    assert window.document.project.dataset["formula"] == "sin(x) * abs(x)"
    assert input_shape(window) == [1]
    window.document.undo_stack.undo()
    assert window.document.project.dataset == before and fields.formula.text() != "sin(x) * abs(x)"


def test_split_control(qtbot: Any, window: Any) -> None:
    panel = open_example(window, "seed-linear-neuron")
    split = panel.split
    assert panel.form.isRowVisible(split)
    split.mode.setCurrentIndex(split.mode.findData("none"))
    assert window.document.project.dataset["split"] == "none"
    split.mode.setCurrentIndex(split.mode.findData("custom"))
    assert window.document.project.dataset["split"] == pytest.approx([0.7, 0.15, 0.15])  # what the boxes show
    train, val, test = split.parts
    for box, value in ((train, 80), (val, 10), (test, 10)):
        box.selectAll()
        qtbot.keyClicks(box.lineEdit(), str(value))
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert window.document.project.dataset["split"] == pytest.approx([0.8, 0.1, 0.1])
    assert not split.error.isVisible()
    val.selectAll()
    qtbot.keyClicks(val.lineEdit(), "30")
    qtbot.keyClick(val.lineEdit(), Qt.Key.Key_Return)
    assert split.error.isVisible() and "120 %" in split.error.text()
    assert window.document.project.dataset["split"] == pytest.approx([0.8, 0.1, 0.1])  # not applied
    window.document.undo_stack.undo()
    assert window.document.project.dataset["split"] == pytest.approx([0.7, 0.15, 0.15]) and train.value() == 70
    window.document.undo_stack.undo()
    assert window.document.project.dataset["split"] == "none" and split.mode.currentData() == "none"


def test_download_mnist_in_a_thread(
    qtbot: Any, window: Any, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    panel = open_mnist_cnn(window, qtbot)
    assert panel.form.isRowVisible(panel.download) and panel.dataset is None  # no files yet
    assert "mnist" in panel.info.text().lower()
    url, table, _root = request.getfixturevalue("served")
    panel.download.options = {"base_url": url, "checksums": table}
    qtbot.mouseClick(panel.download.button, Qt.MouseButton.LeftButton)
    assert panel.download.button.text() == "Cancel"  # the click returned at once; the thread works
    qtbot.waitUntil(lambda: panel.download.thread is None, timeout=30_000)
    assert len(list((tmp_path / "data" / "mnist").iterdir())) == 4
    assert panel.download.status.text().startswith("✓")
    built(qtbot, window)
    assert panel.dataset is not None and panel.dataset.sizes()["test"] == 10  # the preview rebuilt
    assert panel.download.button.isEnabled() and panel.download.button.text() == "Download MNIST…"


def test_download_offline_shows_the_error(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    panel = open_mnist_cnn(window)
    with socket.socket() as probe:  # free a moment ago: connection refused
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    panel.download.options = {"base_url": f"http://127.0.0.1:{port}/", "timeout": 5.0}
    qtbot.mouseClick(panel.download.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.download.thread is None, timeout=30_000)
    assert "cannot reach" in panel.download.status.text() and "#b00020" in panel.download.status.styleSheet()
    assert not panel.download.progress.isVisible()


class _TrickleHandler(http.server.BaseHTTPRequestHandler):
    """A server on a very slow link: 1 KB every 20 ms of a 10 MB file."""

    def _headers(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(10_000_000))
        self.end_headers()

    def do_HEAD(self) -> None:
        self._headers()

    def do_GET(self) -> None:
        self._headers()
        try:
            for _ in range(10_000):
                self.wfile.write(b"x" * 1000)
                self.wfile.flush()
                time.sleep(0.02)
        except OSError:  # the client hung up: the cancel worked
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_cancel_a_download_writes_nothing(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    panel = open_mnist_cnn(window)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TrickleHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        panel.download.options = {"base_url": f"http://127.0.0.1:{server.server_address[1]}/", "timeout": 5.0}
        qtbot.mouseClick(panel.download.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "MB" in panel.download.status.text(), timeout=10_000)  # bytes are arriving
        assert panel.download.button.text() == "Cancel"
        qtbot.mouseClick(panel.download.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.download.thread is None, timeout=10_000)
    finally:
        server.shutdown()
        server.server_close()
    assert "cancelled" in panel.download.status.text() and "#b00020" not in panel.download.status.styleSheet()
    assert not any((tmp_path / "data" / "mnist").iterdir())  # nothing partial on disk
    assert panel.download.button.text() == "Download MNIST…" and panel.download.button.isEnabled()
