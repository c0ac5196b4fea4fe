"""``netbuilder lr-find``: a suggestion in text and JSON, the project untouched, one error line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netbuilder.cli.main import main
from netbuilder.core.examples import load_example
from netbuilder.core.project import save_project


def test_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lr-find", "example:xor", "--steps", "40", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "suggested learning rate:" in out and "learning rate   loss" in out
    assert main(["lr-find", "example:xor", "--steps", "40", "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"suggested_lr", "reason", "optimizer", "project_lr", "steps", "lrs", "losses"} <= set(data)
    assert data["steps"] == len(data["lrs"]) == len(data["losses"]) <= 40
    assert data["lrs"][0] == pytest.approx(1e-6) and data["optimizer"] == "adam"
    assert f"{data['suggested_lr']:.2g}" in out  # the text run used the same seed


def test_the_project_file_is_not_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "xor.nbproj"
    save_project(load_example("xor"), path)
    before = path.read_bytes()
    assert main(["lr-find", str(path), "--steps", "20", "--json"]) == 0
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lr-find", "example:xor", "--start-lr", "1", "--end-lr", "0.1"], "start lr < end lr"),
        (["lr-find", "example:xor", "--steps", "1"], "at least 2 steps"),
        (["lr-find", "no-such-file.nbproj"], "no such file"),
        (["lr-find", "example:nope"], "no bundled example"),
    ],
)
def test_bad_input_is_one_error_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0]
