"""The training process: runs the GUI's training jobs next to, not inside, the GUI's Python interpreter.

Why a process: a small model's training loop is Python-bound, and in a thread of the GUI process it
holds the GIL most of the time. Every repaint of a pyqtgraph plot calls into Python dozens of times and
waited for the GIL at each call: a 16 ms timer's p99 was 21-26 ms and the GUI trained spiral at
0.82-0.90x headless speed. Replaying the very same stream of batches while the training loop ran in a
separate process gave p99 17 ms (max 18) and headless speed (measured on this machine).

The GUI starts one process ahead of time (:mod:`process_pool`); it imports torch and warms it up while
the user edits, then serves jobs one after another. Each job is a project snapshot, the kept weights and
the environment that locates datasets; the process compiles, trains, batches the events
(:class:`EventBatcher`), probes the views, and sends plain pickled messages back:

- ``("engine", {"threads", "device"})`` and ``("view_planned", setup)`` once,
  ``("progress", ProgressBatch)`` at <= 5 Hz, ``("probe", frame)`` at <= 5 Hz, ``("report", Report)``
  after training, and finally ``("end", event, weights)``, ``weights`` being the trained state dict
  (CPU) or None.

Commands travel the other way, read by a listener thread so they reach a running job at once:
``("job", Job)``, ``("pause",)``, ``("resume",)``, ``("step", n)``, ``("stop",)``, ``("lr", value)``,
``("quit",)``. This module imports no Qt: the process never loads it (an import-linter contract).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import queue
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

import torch

from netbuilder.core.project import project_from_dict
from netbuilder.gui.training.batching import EventBatcher, RunFailure, describe_exception
from netbuilder.gui.training.view_probes import ViewPlan, make_report, target_for
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.device import pick_device, pick_threads
from netbuilder.training.events import TERMINAL_EVENTS, Failed
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

SNAPSHOT_SECONDS = 0.2  # the generator offers a snapshot this often; the batcher probes at most 5 Hz
# Environment variables that decide where data is found: a job carries the GUI's current values, so a
# process started earlier (or by an earlier test) reads the same folders the GUI would.
ENV_PREFIX = "NETBUILDER_"
ENV_KEYS = ("XDG_DATA_HOME", "LOCALAPPDATA", "HOME")


@dataclass
class Job:
    project: dict[str, Any]  # Project.to_dict() of the snapshot
    base_dir: str | None
    weights: dict[str, torch.Tensor] | None  # the kept weights to continue from, if they still fit
    env: dict[str, str]


def job_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX) or k in ENV_KEYS}


def gui_threads(model: torch.nn.Module, cpu_count: int | None = None) -> int:
    """Torch threads for a run started from the GUI: the engine's pick, but leaving one core to the GUI.

    Intra-op threads wait for each other at every op, so one preempted by the GUI thread stalls them
    all. Measured on the 2-core machine (784-512-512-10 MLP, all plots live): 2 threads trained at
    ~280-350 steps/s beside the GUI against ~500-590 headless, 1 thread at ~300-320 in both.
    """
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    picked = pick_threads(sum(p.numel() for p in model.parameters()), cpu_count=cores)
    return max(1, min(picked, cores - 1))


def _apply_environment(env: dict[str, str]) -> None:
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX) or k in ENV_KEYS]:
        if key not in env:
            del os.environ[key]
    os.environ.update(env)


def _without_states(event: Any) -> Any:
    """The terminal event minus its tensors: the weights travel once, beside it."""
    result = getattr(event, "result", None)
    if result is None:
        return event
    return dataclasses.replace(event, result=dataclasses.replace(result, last_state=None, best_state=None))


def run_job(job: Job, control: TrainControl, send: Any) -> None:
    """Run one job to its end, sending messages with ``send(message_tuple)``; never raises for the run."""
    model: Any = None

    def end(event: Any) -> None:
        weights = None
        if isinstance(event, TERMINAL_EVENTS):
            state = event.result.last_state if event.result.last_state is not None else model
            weights = state_to_cpu(state) if state is not None else None
        send(("end", _without_states(event), weights))

    try:
        _apply_environment(job.env)
        snapshot = project_from_dict(job.project)
        config = TrainConfig.from_dict(snapshot.training)
        base_dir = Path(job.base_dir) if job.base_dir else None
        setup = prepare(snapshot, config, base_dir=base_dir)
        resume = False
        if job.weights is not None:
            try:
                setup.model.load_state_dict(job.weights)
                resume = True
            except (RuntimeError, KeyError) as error:  # the graph changed: start afresh
                log.info("kept weights do not fit the network any more (%s); starting afresh", error)
        if setup.config.threads == 0:
            setup.config = dataclasses.replace(setup.config, threads=gui_threads(setup.model))
        plan = ViewPlan(setup.dataset, snapshot.graph, target_for(snapshot))
        send(("engine", {"threads": setup.config.threads, "device": str(pick_device(setup.config.device))}))
        send(("view_planned", plan.setup))
        trainer = setup.trainer(control, init_weights=not resume, snapshot_every_seconds=SNAPSHOT_SECONDS)
        model = setup.model
    except Exception as error:  # a bad dataset or graph: report it, the process stays usable
        log.info("training could not start", exc_info=True)
        end(describe_exception(error))
        return

    def with_report(events: Iterator[Any]) -> Iterator[Any]:
        """Pass events through; before the terminal one, evaluate the test split."""
        for event in events:
            if isinstance(event, TERMINAL_EVENTS) and not isinstance(event, Failed):
                try:
                    report = make_report(setup.model, setup.dataset)
                except Exception:  # the report is extra: never let it hide the run's outcome
                    log.exception("final report failed")
                    report = None
                if report is not None:
                    send(("report", report))
            yield event

    batcher = EventBatcher(
        on_progress=lambda batch: send(("progress", batch)),
        on_probe=lambda frame: send(("probe", frame)),
        on_end=end,
        probe=plan.frame,
    )
    batcher.run(with_report(trainer.run()), setup.model)


class _Listener:
    """Reads commands while the main thread trains: jobs are queued, controls reach the current job."""

    def __init__(self, commands: Connection) -> None:
        self._commands = commands
        self.jobs: queue.Queue[tuple[Job, TrainControl] | None] = queue.Queue()
        self._control: TrainControl | None = None
        self._thread = threading.Thread(target=self._listen, name="training-commands", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        try:
            while True:
                message = pickle.loads(self._commands.recv_bytes())
                kind = message[0]
                if kind == "job":
                    # The control exists before the job starts, so a Stop sent right after it counts.
                    self._control = TrainControl()
                    self.jobs.put((message[1], self._control))
                elif kind == "quit":
                    break
                elif self._control is not None:
                    self._apply(self._control, kind, message[1:])
        except (EOFError, OSError):  # the GUI is gone
            pass
        if self._control is not None:
            self._control.stop()
        self.jobs.put(None)

    @staticmethod
    def _apply(control: TrainControl, kind: str, args: tuple[Any, ...]) -> None:
        if kind == "pause":
            control.pause()
        elif kind == "resume":
            control.resume()
        elif kind == "step":
            control.step(int(args[0]))
        elif kind == "stop":
            control.stop()
        elif kind == "lr":
            try:
                control.set_lr(float(args[0]))
            except ValueError:
                log.warning("ignored learning rate %r", args[0])
        else:
            log.warning("unknown training command %r", kind)


def serve(commands: Connection, events: Connection, ready: EventType, log_level: int = logging.WARNING) -> None:
    """The process's main function: warm torch up, then run jobs until told to quit or the GUI goes."""
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s (training process): %(message)s")
    from netbuilder.training.warmup import warm_up

    try:
        warm_up()  # the first optimiser imports torch._dynamo (~0.85 s): pay it before the first Train
    except Exception:  # an optimisation only
        log.warning("torch warm-up failed", exc_info=True)
    listener = _Listener(commands)
    ready.set()

    def send(message: tuple[Any, ...]) -> None:
        events.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    while True:
        item = listener.jobs.get()
        if item is None:
            break
        job, control = item
        try:
            run_job(job, control, send)
        except (BrokenPipeError, EOFError, OSError):  # the GUI is gone: nobody to report to
            break
    events.close()
    sys.exit(0)


__all__ = ["Job", "RunFailure", "gui_threads", "job_environment", "run_job", "serve"]
