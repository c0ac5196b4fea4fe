"""A fresh Python process for scripts: ``python -I -B`` normally, the app itself standing in when frozen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netbuilder.core import interpreter
from netbuilder.core.interpreter import RUN_SCRIPT_OPTION, script_command

PROBE = """
import json, sys
print("PROBE " + json.dumps({
    "argv": sys.argv,
    "netbuilder_loaded": sorted(n for n in sys.modules if n.split(".")[0] == "netbuilder"),
    "no_bytecode": sys.dont_write_bytecode,
    "name": __name__,
}))
code = sys.argv[1] if len(sys.argv) > 1 else None
sys.exit(int(code) if code and code.isdigit() else code)
"""


def test_a_normal_install_runs_scripts_with_an_isolated_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert not interpreter.is_frozen()
    assert script_command(Path("/w/check.py"), "jobs.json") == [sys.executable, "-I", "-B", "/w/check.py", "jobs.json"]


def test_the_frozen_app_runs_scripts_through_its_hidden_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/netbuilder/netbuilder")
    assert interpreter.is_frozen()
    assert script_command("check.py", "a", "b") == [
        "/opt/netbuilder/netbuilder",
        RUN_SCRIPT_OPTION,
        "check.py",
        "a",
        "b",
    ]


def _run_option(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [sys.executable, "-m", "netbuilder", RUN_SCRIPT_OPTION, str(script), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False)


def _probe(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    import json

    line = next(text for text in done.stdout.splitlines() if text.startswith("PROBE "))
    result: dict[str, object] = json.loads(line.removeprefix("PROBE "))
    return result


def test_the_hidden_option_runs_the_script_as_main_without_netbuilder_loaded(tmp_path: Path) -> None:
    done = _run_option(tmp_path, "7", "--check")
    assert done.returncode == 7, done.stderr
    probe = _probe(done)
    assert probe["argv"] == [str(tmp_path / "probe.py"), "7", "--check"]
    assert probe["name"] == "__main__"
    assert probe["netbuilder_loaded"] == []  # forgotten, so a script that refuses netbuilder sees none
    assert probe["no_bytecode"] is True
    assert not list(tmp_path.rglob("*.pyc"))


def test_the_scripts_exit_status_is_python_s(tmp_path: Path) -> None:
    assert _run_option(tmp_path).returncode == 0  # sys.exit(None)
    message = _run_option(tmp_path, "bad things")
    assert message.returncode == 1 and "bad things" in message.stderr  # sys.exit("text"), as python does


def test_a_missing_script_is_one_error_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "netbuilder", RUN_SCRIPT_OPTION, str(tmp_path / "nothing.py")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: no such script: {tmp_path / 'nothing.py'}"
