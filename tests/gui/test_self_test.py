"""The app's self-test (``netbuilder self-test``): it opens, trains and exports examples in the real window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from netbuilder.core.examples import load_example
from netbuilder.gui.self_test import SelfTest

LONG = 300_000


def run_self_test(qtbot: Any, window: Any, names: list[str], out_dir: Path) -> SelfTest:
    test = SelfTest(window, names, epochs=2, out_dir=out_dir)
    with qtbot.waitSignal(test.finished, timeout=LONG):
        test.start()
    return test


def test_the_self_test_opens_trains_and_exports_each_example(qtbot: Any, window: Any, tmp_path: Path) -> None:
    test = run_self_test(qtbot, window, ["xor", "seed-relu-pieces"], tmp_path)
    report = test.report
    assert report.ok and not report.error
    assert [r.name for r in report.examples] == ["xor", "seed-relu-pieces"]
    for result in report.examples:
        assert result.opened and result.trained and result.exported, result
        assert result.epochs == 2 and result.outcome == "finished"
        assert result.final_loss is not None and result.final_loss > 0
        assert result.max_abs_diff is not None and result.max_abs_diff < 1e-5
        assert (tmp_path / f"{result.name}.onnx").stat().st_size > 0
    # What it reports is what the window shows: the last example, trained for two epochs.
    assert window.document.project.name == load_example("seed-relu-pieces").name
    assert window.document.project.training["epochs"] == 2
    assert window.training_docks.loss_plot.point_counts()["train"] == 2
    assert report.examples[-1].nodes_on_canvas == len(window.scene.node_items)


def test_a_failed_export_makes_the_self_test_fail_with_the_reason(qtbot: Any, window: Any, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the exports should go", encoding="utf-8")
    test = run_self_test(qtbot, window, ["xor"], blocked)
    (result,) = test.report.examples
    assert result.trained and not result.exported
    assert not test.report.ok and not result.ok
    assert "not-a-folder" in result.error
    assert test.report.to_json()["ok"] is False


def test_a_run_that_cannot_start_fails_its_example_and_the_next_one_still_runs(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netbuilder.training.errors import TrainingError

    history = window.training.history
    original = history.start
    calls: list[int] = []

    def refuse_first(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise TrainingError("the run is refused for this test")
        return original(*args, **kwargs)

    monkeypatch.setattr(history, "start", refuse_first)
    test = run_self_test(qtbot, window, ["xor", "circles"], tmp_path)
    first, second = test.report.examples
    assert first.opened and not first.trained and first.outcome == "failed"
    assert "the run is refused for this test" in first.error
    assert second.name == "circles" and second.ok, second
    assert not test.report.ok


@pytest.mark.slow
def test_the_hidden_command_writes_the_report_and_says_ok_by_its_exit_status(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    env.pop("PYTHONPATH", None)
    out = tmp_path / "report.json"
    command = [sys.executable, "-m", "netbuilder", "self-test", str(out), "--examples", "xor", "--epochs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["ok"] is True and report["frozen"] is False
    assert [e["name"] for e in report["examples"]] == ["xor"] and report["examples"][0]["ok"] is True
    assert report["shown_at"] <= report["engine_at"]  # the window paints before torch has loaded


def test_the_hidden_command_is_not_listed_and_refuses_bad_input(tmp_path: Path) -> None:
    base = [sys.executable, "-m", "netbuilder"]
    listing = subprocess.run([*base, "--help"], capture_output=True, text=True, timeout=120, check=True).stdout
    assert "self-test" not in listing and "examples" in listing
    for args, message in (
        (["--epochs", "0"], "error: --epochs must be at least 1, not 0"),
        (["--examples", "spiral,nope"], "error: no such example: nope (see netbuilder examples)"),
    ):
        done = subprocess.run(
            [*base, "self-test", str(tmp_path / "r.json"), *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1 and done.stderr.strip() == message
        assert not (tmp_path / "r.json").exists()
