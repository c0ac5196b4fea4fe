"""Fuzzing File → Open: a mutated example project opens, or shows one error dialog; nothing raises in
the event loop and the window stays usable (pytest-qt fails the test on any exception in a slot)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz_projects import DOCUMENTS, mutated_project_text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))


@pytest.fixture(autouse=True)
def small_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETBUILDER_MEMORY_LIMIT", "1G")


def _open(window: Any, dialogs: Any, qtbot: Any, tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.nbproj"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = len(dialogs.of("critical"))
    opened = window.files.open_path(path, ask=False)
    qtbot.wait(5)  # let queued slots (inference, panels) run
    errors = dialogs.of("critical")[before:]
    assert opened != bool(errors), errors
    assert len(errors) <= 1
    window.document.undo_stack.setClean()
    window.document._extra_dirty = False


@given(text=mutated_project_text())
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_open_mutated_projects(window: Any, dialogs: Any, qtbot: Any, tmp_path: Path, text: str) -> None:
    _open(window, dialogs, qtbot, tmp_path, text)


@pytest.mark.parametrize(
    "dataset",
    [{"kind": "idx", "limit": "x"}, {"kind": "function", "samples": "x"}, {"kind": "spiral", "samples": 10**12}],
)
def test_open_a_project_with_an_invalid_dataset_section(
    window: Any, dialogs: Any, qtbot: Any, tmp_path: Path, dataset: dict[str, Any]
) -> None:
    text = json.dumps({**DOCUMENTS["xor"], "dataset": dataset})
    _open(window, dialogs, qtbot, tmp_path, text)
