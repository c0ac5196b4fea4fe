"""Training runs in a separate process: typed messages, obeyed controls, crashes reported, no Qt loaded."""

from __future__ import annotations

import dataclasses
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from netbuilder.core.examples import load_example
from netbuilder.training.control import TrainControl
from netbuilder.training.events import Finished, Stopped
from netbuilder.training.report import Report
from netbuilder.training.runner import pool
from netbuilder.training.runner.batching import ReceiverGone, RunFailure
from netbuilder.training.runner.messages import (
    Job,
    Probed,
    Progress,
    Reply,
    RunEnded,
    RunStarted,
    StartJob,
    Stop,
    ViewPlanned,
)
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, ViewPlan, target_for
from netbuilder.training.session import prepare


def _job(name: str, env: dict[str, str] | None = None, weights: Any = None, **training: Any) -> Job:
    project = load_example(name)
    project.training = dict(project.training, **training)
    return Job(project.to_dict(), None, weights, job_environment() if env is None else env)


def _run_here(job: Job) -> list[Reply]:
    replies: list[Reply] = []
    saved = dict(os.environ)  # run_job applies the job's environment, as the training process does
    try:
        # Every reply crosses a pipe in real use: round-trip it through pickle here too.
        run_job(job, TrainControl(), lambda reply: replies.append(pickle.loads(pickle.dumps(reply))))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return replies


def _until_end(process: pool.TrainingProcess) -> RunEnded:
    reply = process.receive()
    while not isinstance(reply, RunEnded):
        reply = process.receive()
    return reply


def test_a_job_sends_typed_replies_ending_with_the_report_and_weights() -> None:
    replies = _run_here(_job("xor", epochs=30))
    assert isinstance(replies[0], RunStarted) and isinstance(replies[1], ViewPlanned)
    assert replies[0].threads >= 1 and replies[0].device == "cpu" and replies[0].epochs == 30
    assert not replies[0].resumed and replies[0].task == "classification"
    assert isinstance(replies[1].setup, DecisionSetup)
    assert any(isinstance(r, Progress) for r in replies) and any(isinstance(r, Probed) for r in replies)
    end = replies[-1]
    assert isinstance(end, RunEnded) and isinstance(end.event, Finished) and end.event.result.epochs == 30
    assert end.event.result.last_state is None  # the weights travel once, beside the event
    report = end.event.result.report
    assert isinstance(report, Report) and report.metrics == end.event.result.test_metrics
    assert end.weights is not None and set(end.weights) == set(prepare(load_example("xor")).model.state_dict())
    assert all(isinstance(t, torch.Tensor) and t.device.type == "cpu" for t in end.weights.values())


def test_a_decision_frame_travels_as_its_colour_field() -> None:
    # The GUI draws the colour field: the probabilities (80 KB of a spiral frame) stay in the process.
    replies = _run_here(_job("xor", epochs=20))
    frames = [r.frame for r in replies if isinstance(r, Probed)]
    end = replies[-1]
    assert frames and isinstance(end, RunEnded) and end.weights is not None
    assert all(isinstance(f, DecisionFrame) and f.probs is None and f.rgb is not None for f in frames)
    project = load_example("xor")
    setup = prepare(project)
    setup.model.load_state_dict(end.weights)
    local = ViewPlan(setup.dataset, project.graph, target_for(project)).frame(setup.model.eval())
    assert isinstance(local, DecisionFrame) and local.rgb is not None and local.probs is not None
    np.testing.assert_array_equal(frames[-1].rgb, local.rgb)  # the last frame shows the final weights


def test_the_end_of_a_run_says_what_watching_it_cost(tmp_path: Path) -> None:
    job = dataclasses.replace(_job("spiral", epochs=40), run_dir=str(tmp_path / "run"))
    replies = _run_here(job)
    end = replies[-1]
    assert isinstance(end, RunEnded) and isinstance(end.event, Finished)
    costs = end.costs
    assert costs is not None and costs.training == end.event.result.seconds
    # Every part was there (views, diagnostics, the run folder, the pipe), each counted where it
    # happens; the views, rationed by their cost, took less than the run (the run folder's end, which
    # saves the weights after training, can take longer than a 40-epoch run).
    parts = [costs.probes, costs.diagnostics, costs.recording, costs.sending]
    assert all(part > 0 for part in parts) and costs.probes < costs.training / 2, costs
    assert costs.share("probes") == costs.probes / costs.training
    assert (tmp_path / "run" / "progress.jsonl").is_file()
    failed = _run_here(dataclasses.replace(job, project={**job.project, "dataset": {"kind": "csv", "path": "/no"}}))
    assert isinstance(failed[-1], RunEnded) and failed[-1].costs is None  # it never trained


def test_kept_weights_continue_and_mismatched_ones_are_named() -> None:
    first = _run_here(_job("xor", epochs=3))[-1]
    assert isinstance(first, RunEnded) and first.weights is not None
    resumed = _run_here(_job("xor", weights=first.weights, epochs=2))
    assert isinstance(resumed[0], RunStarted) and resumed[0].resumed and not resumed[0].notices
    wrong = dict(first.weights)
    wrong["fc1.weight"] = torch.zeros(3, 3)
    del wrong["fc1.bias"]
    fresh = _run_here(_job("xor", weights=wrong, epochs=2))
    started = fresh[0]
    assert isinstance(started, RunStarted) and not started.resumed
    assert "fc1.bias" in started.notices[0] and "fc1.weight" in started.notices[0]
    assert isinstance(fresh[-1], RunEnded) and isinstance(fresh[-1].event, Finished)


def test_a_job_that_cannot_start_ends_with_a_message_naming_the_folder(tmp_path: Path) -> None:
    project = load_example("xor")
    project.dataset = {"kind": "idx", "folder": "mnist"}
    env = {"NETBUILDER_DATA_DIR": str(tmp_path / "data")}  # the driver's environment, applied in the process
    replies = _run_here(Job(project.to_dict(), None, None, env))
    assert len(replies) == 1 and isinstance(replies[0], RunEnded)
    failure = replies[0].event
    assert isinstance(failure, RunFailure) and str(tmp_path / "data") in failure.message
    assert replies[0].weights is None


def test_a_gone_receiver_ends_the_job_quietly(caplog: Any) -> None:
    sent: list[Reply] = []

    def send(reply: Reply) -> None:
        if isinstance(reply, Progress):
            raise ReceiverGone("broken pipe")
        sent.append(reply)

    try:
        run_job(_job("xor", epochs=50), TrainControl(), send)
    except ReceiverGone:
        pass
    else:
        raise AssertionError("run_job must stop when the receiver is gone")
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]  # no traceback logged
    assert not any(isinstance(r, RunEnded) for r in sent)


def test_the_process_obeys_stop_and_serves_the_next_job() -> None:
    process = pool.acquire()
    try:
        assert process.send(StartJob(_job("spiral", epochs=100_000)))
        while not isinstance(process.receive(), Progress):
            pass
        assert process.send(Stop())
        end = _until_end(process)
        assert isinstance(end.event, Stopped) and end.weights  # stopped, with the weights so far
        assert process.send(StartJob(_job("xor", epochs=5)))  # the same process takes another job
        assert isinstance(_until_end(process).event, Finished)
    finally:
        pool.release(process, reusable=True)


def test_a_killed_driver_leaves_no_traceback_in_the_training_process(tmp_path: Path) -> None:
    """The driver dies mid-run: the training process must end by itself, printing no traceback."""
    script = tmp_path / "driver.py"
    script.write_text(
        "import os, sys, time\n"
        "from netbuilder.core.examples import load_example\n"
        "from netbuilder.training.runner import pool\n"
        "from netbuilder.training.runner.messages import Job, Progress, StartJob\n"
        "if __name__ == '__main__':\n"
        "    p = pool.acquire()\n"
        "    project = load_example('spiral'); project.training['epochs'] = 100000\n"
        "    p.send(StartJob(Job(project.to_dict(), None, None, {})))\n"
        "    while not isinstance(p.receive(), Progress): pass\n"
        "    print(p.pid, flush=True)\n"
        "    os._exit(0)\n"  # as if killed: no clean-up, pipes closed by the OS
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path, check=True
    )
    pid = int(done.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the training process outlived its driver")
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


def test_the_training_runner_loads_no_qt() -> None:
    code = (
        "import sys, netbuilder.training.runner.process, netbuilder.training.runner.pool\n"
        "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_model_too_big_to_train_is_refused_before_it_is_built(monkeypatch: Any) -> None:
    from netbuilder.core.graph import Graph
    from netbuilder.core.project import Project

    graph = Graph()
    graph.add_node("Input", {"shape": [1000]}, (0, 0))
    graph.add_node("Dense", {"out_features": 4000}, (200, 0))
    graph.add_node("Dense", {"out_features": 1}, (400, 0))
    graph.connect("input1", "fc1")
    graph.connect("fc1", "fc2")
    project = Project(graph=graph, dataset={"kind": "random-regression", "features": 1000, "samples": 64})
    # 4M parameters (16 MB) fit a 50 MB limit; their gradients and Adam's moments on top do not.
    replies = _run_here(Job(project.to_dict(), None, None, {"NETBUILDER_MEMORY_LIMIT": "50M"}))
    assert len(replies) == 1 and isinstance(replies[0], RunEnded)
    failure = replies[0].event
    assert isinstance(failure, RunFailure) and "memory" in failure.message and "fc1" in failure.message


def test_the_replies_pipe_holds_a_whole_frame() -> None:
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are a Linux feature")
    process = pool.TrainingProcess()
    try:
        # A decision frame with its inside views is ~330 KB: it goes in without waiting for the reader.
        assert fcntl.fcntl(process._events.fileno(), fcntl.F_GETPIPE_SZ) >= 256 * 1024
    finally:
        process.close()


DRIVER = """
import os, sys
import PySide6.QtCore  # a driver whose main script imports Qt, as the GUI benchmark's does
if __name__ != "__main__":  # spawn runs the driver's main script again in the child, under another name
    open(os.environ["MAIN_IMPORTED"], "w").close()
else:
    from netbuilder.training.runner import pool
    process = pool.TrainingProcess()
    assert process.wait_ready(120)
    maps = f"/proc/{process.pid}/maps"
    print("qt" if os.path.exists(maps) and "libQt6" in open(maps).read() else "no qt")
    process.close()
"""


def test_the_training_process_runs_without_the_drivers_main_script(tmp_path: Path) -> None:
    # A training process that had loaded Qt's libraries (through a main script that imports them)
    # trained spiral 4-5 % slower than one that had not.
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    marker = tmp_path / "main-imported"
    env = {**os.environ, "MAIN_IMPORTED": str(marker)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "the training process ran the driver's main script"
    assert "no qt" in done.stdout
