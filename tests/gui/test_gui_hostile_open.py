"""Opening hostile files in the GUI: one error dialog, the current project kept, nothing raised."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from safetensors.torch import save as st_save

from netbuilder.core.examples import load_example
from netbuilder.gui.app import open_initial

BASE = load_example("xor").to_dict()
DEEP = json.dumps(BASE)[:-1] + ', "metadata": {"x": ' + "[" * 10_000 + "]" * 10_000 + "}}"


def _bad_type(tmp_path: Path) -> str:
    document = json.loads(json.dumps(BASE))
    document["graph"]["nodes"][1]["type"] = ["Tanh"]
    return json.dumps(document)


CASES = {
    "unhashable type": _bad_type,
    "10000 deep": lambda _: DEEP,
    "5000-digit int": lambda _: json.dumps(BASE).replace('"version": 1', '"version": ' + "9" * 5000),
    "optimizer list": lambda _: json.dumps({**BASE, "training": {"optimizer": [1]}}),
    "NUL path in the dataset": lambda _: json.dumps({**BASE, "dataset": {"kind": "csv", "path": "a\x00b"}}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_netbuilder_file_at_start_up_shows_one_dialog(window: Any, tmp_path: Path, dialogs: Any, case: str) -> None:
    path = tmp_path / "bad.nbproj"
    path.write_text(CASES[case](tmp_path), encoding="utf-8")
    open_initial(window, str(path))  # what `netbuilder FILE` does at start-up
    errors = dialogs.of("critical")
    if errors:  # refused at the file: one dialog naming it
        assert len(errors) == 1 and str(path) in errors[0][2]
    else:  # a section the panels refuse: the project opens and says so where the section is edited
        assert case in ("optimizer list", "NUL path in the dataset")


@pytest.mark.parametrize("special", ["fifo", "nul"])
def test_open_refuses_fifos_and_nul_paths_without_blocking(
    window: Any, tmp_path: Path, dialogs: Any, special: str
) -> None:
    if special == "fifo":
        path = str(tmp_path / "pipe.nbproj")
        os.mkfifo(path)
    else:
        path = str(tmp_path / "a\x00b.nbproj")
    assert not window.files.open_path(path, ask=False)
    assert len(dialogs.of("critical")) == 1


def test_hostile_weights_beside_a_project_do_not_raise(window: Any, tmp_path: Path, qtbot: Any) -> None:
    project = tmp_path / "net.nbproj"
    project.write_text(json.dumps(BASE), encoding="utf-8")
    weights = tmp_path / "net.weights.safetensors"
    import torch

    for history in ("[" * 100_000 + "]" * 100_000, '{"a":1}', '[{"epoch": "x"}]'):
        weights.write_bytes(st_save({"fc1.weight": torch.zeros(2, 2)}, metadata={"history": history}))
        assert window.files.open_path(project, ask=False)  # the weights' error is a status message
        qtbot.wait(10)
