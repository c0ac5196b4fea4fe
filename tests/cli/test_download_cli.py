"""``netbuilder download``: against a local HTTP server serving small IDX files, and offline."""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from netbuilder.cli.main import main
from netbuilder.data import build_dataset
from netbuilder.data.locations import DATA_DIR_ENV
from tests.data.test_idx import make_arrays, write_idx_folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A local server over small gzipped IDX files: (base URL, served folder, SHA-256 table as JSON file)."""
    root = tmp_path / "server"
    write_idx_folder(root, make_arrays(n_train=30, n_test=10), gz=True)
    table = tmp_path / "checksums.json"
    table.write_text(json.dumps({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.iterdir()}))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", root, table
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _closed_port() -> int:
    with socket.socket() as probe:  # free a moment ago: connection refused
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_download_into_folder(
    tmp_path: Path, server: tuple[str, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url, root, table = server
    folder = tmp_path / "out" / "mnist"
    args = ["download", "mnist", "--folder", str(folder), "--base-url", url, "--checksums", str(table)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in root.iterdir())  # no temp files
    for path in folder.iterdir():
        assert path.read_bytes() == (root / path.name).read_bytes()
    lines = err.splitlines()
    assert lines[0].startswith("downloading mnist:   0% (0.0 of ") and lines[-1].startswith("downloading mnist: 100%")
    assert all("MB)" in line for line in lines) and "\r" not in err  # plain lines when stderr is not a terminal
    assert f"mnist: 4 files verified in {folder}" in out
    assert build_dataset({"kind": "idx", "folder": str(folder)}).sizes()["test"] == 10
    # again: the verified files are kept
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_default_folder_is_the_datasets_folder(
    tmp_path: Path, server: tuple[str, Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _, table = server
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    assert main(["download", "fashion-mnist", "--base-url", url, "--checksums", str(table), "--quiet"]) == 0
    assert len(list((tmp_path / "data" / "fashion-mnist").iterdir())) == 4
    spec = {"kind": "idx", "folder": "fashion-mnist", "variant": "fashion-mnist"}
    assert build_dataset(spec, base_dir=tmp_path / "some-project").class_names[0] == "T-shirt/top"  # type: ignore[index]
    assert capsys.readouterr().err == ""


def test_checksum_mismatch_is_one_error_line_and_writes_nothing(
    tmp_path: Path, server: tuple[str, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _, table = server
    wrong = json.loads(table.read_text())
    wrong["t10k-labels-idx1-ubyte.gz"] = "0" * 64
    table.write_text(json.dumps(wrong))
    folder = tmp_path / "new" / "mnist"
    assert main(["download", "mnist", "--folder", str(folder), "--base-url", url, "--checksums", str(table)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("error: ") and "checksum mismatch for t10k-labels-idx1-ubyte.gz" in err
    assert not (folder / "t10k-labels-idx1-ubyte.gz").exists()
    assert all(not p.name.startswith(".") for p in folder.iterdir())  # files verified earlier stay, no temp files


def test_offline_is_one_error_line_and_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "new" / "mnist"
    url = f"http://127.0.0.1:{_closed_port()}/"
    assert main(["download", "mnist", "--folder", str(folder), "--base-url", url, "--timeout", "2"]) == 1
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot reach" in errors[0] and "internet connection" in errors[0]
    assert err.splitlines()[-1] == errors[0] and "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []  # not even the folders it would have created


def test_offline_keeps_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    url = f"http://127.0.0.1:{_closed_port()}/"
    assert main(["download", "mnist", "--folder", str(tmp_path / "mine"), "--base-url", url, "--timeout", "2"]) == 1
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    capsys.readouterr()


def test_unknown_dataset_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["download", "cifar"])
    assert info.value.code == 2 and "mnist" in capsys.readouterr().err


def test_help_lists_download(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "download" in capsys.readouterr().out
