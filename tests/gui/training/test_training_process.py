"""Training runs in a separate process: plain messages, obeyed controls, crashes reported, no Qt loaded."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import torch

from netbuilder.core.examples import load_example
from netbuilder.gui.training import process_pool
from netbuilder.gui.training.batching import RunFailure
from netbuilder.gui.training.run_process import Job, job_environment, run_job
from netbuilder.gui.training.view_probes import DecisionSetup, Report
from netbuilder.training.control import TrainControl
from netbuilder.training.events import Finished, Stopped
from netbuilder.training.session import prepare


def _job(name: str, env: dict[str, str] | None = None, **training: Any) -> Job:
    project = load_example(name)
    project.training = dict(project.training, **training)
    return Job(project.to_dict(), None, None, job_environment() if env is None else env)


def _run_here(job: Job) -> list[tuple[Any, ...]]:
    messages: list[tuple[Any, ...]] = []
    # Every message crosses a pipe in real use: round-trip it through pickle here too.
    run_job(job, TrainControl(), lambda message: messages.append(pickle.loads(pickle.dumps(message))))
    return messages


def test_a_job_sends_setup_progress_report_and_weights() -> None:
    messages = _run_here(_job("xor", epochs=30))
    kinds = [m[0] for m in messages]
    assert kinds[:2] == ["engine", "view_planned"] and kinds[-1] == "end"
    assert messages[0][1]["threads"] >= 1 and messages[0][1]["device"] == "cpu"
    assert isinstance(messages[1][1], DecisionSetup)
    assert "progress" in kinds and "probe" in kinds
    assert isinstance(next(m[1] for m in messages if m[0] == "report"), Report)
    _, event, weights = messages[-1]
    assert isinstance(event, Finished) and event.result.epochs == 30
    assert event.result.last_state is None  # the weights travel once, beside the event
    assert set(weights) == set(prepare(load_example("xor")).model.state_dict())
    assert all(isinstance(t, torch.Tensor) and t.device.type == "cpu" for t in weights.values())


def test_a_job_that_cannot_start_ends_with_a_message_naming_the_folder(tmp_path: Path) -> None:
    project = load_example("xor")
    project.dataset = {"kind": "idx", "folder": "mnist"}
    env = {"NETBUILDER_DATA_DIR": str(tmp_path / "data")}  # the GUI's environment, applied in the process
    messages = _run_here(Job(project.to_dict(), None, None, env))
    assert [m[0] for m in messages] == ["end"]
    failure = messages[0][1]
    assert isinstance(failure, RunFailure) and str(tmp_path / "data") in failure.message
    assert messages[0][2] is None


def test_the_process_obeys_stop_and_serves_the_next_job() -> None:
    process = process_pool.acquire()
    try:
        assert process.send("job", _job("spiral", epochs=100_000))
        kinds: list[str] = []
        while "progress" not in kinds:
            kinds.append(process.receive()[0])
        assert process.send("stop")
        message = process.receive()
        while message[0] != "end":
            message = process.receive()
        assert isinstance(message[1], Stopped) and message[2]  # stopped, with the weights so far
        assert process.send("job", _job("xor", epochs=5))  # the same process takes another job
        message = process.receive()
        while message[0] != "end":
            message = process.receive()
        assert isinstance(message[1], Finished)
    finally:
        process_pool.release(process, reusable=True)


def test_the_training_process_loads_no_qt() -> None:
    code = (
        "import sys, netbuilder.gui.training.run_process, netbuilder.gui.training.process_pool\n"
        "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
