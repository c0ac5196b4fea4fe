"""The training process: runs training jobs next to, not inside, the driver's Python interpreter.

Why a process: a small model's training loop is Python-bound, and in a thread of the GUI process it
holds the GIL most of the time. Every repaint of a pyqtgraph plot calls into Python dozens of times and
waited for the GIL at each call: a 16 ms timer's p99 was 21-26 ms and the GUI trained spiral at
0.82-0.90x headless speed. Replaying the very same stream of batches while the training loop ran in a
separate process gave p99 17 ms (max 18) and headless speed (measured on this machine).

A driver (:mod:`.pool` hands them out) starts a process ahead of time; :func:`serve` imports torch and
warms it up while the user edits, then runs jobs one after another. For each :class:`~.messages.Job`
(a project snapshot, the kept weights, the environment that locates datasets) :func:`run_job` builds
the dataset (cached by spec across jobs), compiles the graph, trains, batches the events
(:class:`~.batching.EventBatcher`), probes the live view (:class:`~.views.ViewPlan`) and sends the
typed replies of :mod:`.messages`. Commands are read by a listener thread, so Pause or Stop reach a
running job at once. Nothing here imports Qt (an import-linter contract keeps it so).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import pickle
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

import torch

from netbuilder.core.project import project_from_dict
from netbuilder.data import Dataset, build_dataset
from netbuilder.training.checkpoint import state_to_cpu, weights_mismatch
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.defaults import effective_training
from netbuilder.training.device import pick_device, pick_threads
from netbuilder.training.events import TERMINAL_EVENTS, Failed, Finished, Stopped, TrainEvent
from netbuilder.training.runner.batching import EventBatcher, ReceiverGone, RunFailure, describe_exception
from netbuilder.training.runner.diagnosis import DiagnosisPlan
from netbuilder.training.runner.inside import CHOSEN, WATCHED
from netbuilder.training.runner.messages import (
    CancelWork,
    Command,
    Diagnosed,
    ExplainStep,
    FindLandscape,
    FindLR,
    InsidePlanned,
    InsideProbed,
    Job,
    Pause,
    Probed,
    Progress,
    Quit,
    Reply,
    Resume,
    RunEnded,
    RunStarted,
    SetLearningRate,
    ShowSample,
    StartJob,
    Step,
    Stop,
    ViewPlanned,
    WatchCosts,
    WatchViews,
)
from netbuilder.training.runner.paused_work import PausedWork, work_for
from netbuilder.training.runner.views import DecisionFrame, ViewPlan, target_for
from netbuilder.training.session import prepare

log = logging.getLogger(__name__)

SNAPSHOT_SECONDS = 0.025  # the generator offers a snapshot this often; the batcher decides when to probe
# Environment variables that decide where data is found: a job carries the driver's current values, so
# a process started earlier (or by an earlier test) reads the same folders the driver would.
ENV_PREFIX = "NETBUILDER_"
ENV_KEYS = ("XDG_DATA_HOME", "LOCALAPPDATA", "HOME")
DATASET_CACHE_SIZE = 2  # a second Train on the same data reuses it (MNIST takes seconds to read)

Send = Callable[[Reply], None]


def job_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX) or k in ENV_KEYS}


def gui_threads(model: torch.nn.Module, cpu_count: int | None = None) -> int:
    """Torch threads for a run beside a GUI: the engine's pick, but leaving one core to the GUI.

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


class DatasetCache:
    """The last few datasets built, by (spec, base folder, locating environment): built data is reused."""

    def __init__(self, size: int = DATASET_CACHE_SIZE) -> None:
        self._size = size
        self._items: dict[str, Dataset] = {}

    def get(self, spec: dict[str, Any], base_dir: Path | None, env: dict[str, str]) -> Dataset:
        key = json.dumps([spec, str(base_dir), sorted(env.items())], sort_keys=True, default=str)
        found = self._items.pop(key, None)
        if found is None:
            found = build_dataset(spec, base_dir=base_dir)
        self._items[key] = found  # most recent last
        while len(self._items) > self._size:
            self._items.pop(next(iter(self._items)))
        return found


def _without_states(event: Finished | Stopped | Failed) -> Finished | Stopped | Failed:
    """The terminal event minus its tensors: the weights travel once, beside it."""
    return dataclasses.replace(event, result=dataclasses.replace(event.result, last_state=None, best_state=None))


def run_job(job: Job, control: TrainControl, send: Send, datasets: DatasetCache | None = None) -> None:
    """Run one job to its end, sending replies with ``send``; never raises for the run's own errors.

    Raises :class:`ReceiverGone` when ``send`` finds nobody listening.
    """
    model: torch.nn.Module | None = None
    costs = _CostMeter(send)
    send = costs.send

    def end(event: Any) -> None:
        weights = None
        if isinstance(event, TERMINAL_EVENTS):
            state = event.result.last_state if event.result.last_state is not None else model
            weights = state_to_cpu(state) if state is not None else None
            event = _without_states(event)
        send(RunEnded(event, weights, costs.total(event)))

    try:
        _apply_environment(job.env)
        snapshot = project_from_dict(job.project)
        config = TrainConfig.from_dict(effective_training(snapshot.training, snapshot.dataset))
        base_dir = Path(job.base_dir) if job.base_dir else None
        cache = datasets if datasets is not None else DatasetCache()
        dataset = cache.get(snapshot.dataset, base_dir, job.env)
        setup = prepare(snapshot, config, dataset=dataset, base_dir=base_dir)
        resumed, notices = False, []
        if job.weights is not None:
            expected = {k: v.shape for k, v in setup.model.state_dict().items()}
            problems = weights_mismatch(expected, job.weights)
            if problems:
                shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
                notices.append(
                    f"the kept weights do not fit the network any more ({shown}): "
                    "training starts from a fresh initialisation"
                )
            else:
                setup.model.load_state_dict(job.weights)
                resumed = True
        if setup.config.threads == 0:
            setup.config = dataclasses.replace(setup.config, threads=gui_threads(setup.model))
        plan = ViewPlan(setup.dataset, snapshot.graph, target_for(snapshot))
        device = str(pick_device(setup.config.device))
        send(RunStarted(setup.config.threads, device, resumed, setup.config.epochs, setup.dataset.task, tuple(notices)))
        send(ViewPlanned(plan.setup))
        WATCHED.set(job.watch)
        inside = plan.plan_inside(first_sample=CHOSEN.index)
        send(InsidePlanned(inside.views if inside is not None else ()))
        # Diagnostics also read at doubling step counts (the run's first moments), so they are offered those.
        snapshots = {"snapshot_every_seconds": SNAPSHOT_SECONDS, "snapshot_at_doublings": job.diagnose}
        trainer = setup.trainer(control, init_weights=not resumed, **snapshots)
        model = setup.model
    except ReceiverGone:
        raise
    except Exception as error:  # a bad dataset or graph: report it, the process stays usable
        log.info("training could not start", exc_info=True)
        end(describe_exception(error))
        return

    def probed(frames: Any) -> None:
        frame, inside_frame = frames
        if frame is not None:  # no live view fits this data
            send(Probed(frame.sent() if isinstance(frame, DecisionFrame) else frame))
        if inside_frame is not None:
            send(InsideProbed(inside_frame))

    events: Iterator[TrainEvent] = trainer.run()
    if job.diagnose:
        try:
            diagnosis = DiagnosisPlan(setup.dataset, setup.model)
            events = diagnosis.watch(events, setup.model, lambda frame: send(Diagnosed(frame)))
            costs.diagnosis = diagnosis
        except Exception:  # diagnostics are a view: a network they cannot read still trains
            log.exception("no diagnostics for this run")
    events = PausedWork(setup, trainer, control, send).watch(events)  # explained step, loss landscape
    if job.run_dir is not None:
        events, costs.recorder = _recorded(job, events, setup.model, setup.config.to_dict(), resumed)
    batcher = EventBatcher(
        on_progress=lambda batch: send(Progress(batch)),
        on_probe=probed,
        on_end=end,
        probe=lambda model: plan.frames(model),
    )
    costs.batcher = batcher
    batcher.run(events, setup.model)


class _CostMeter:
    """Times the job's replies as they are sent and gathers the other parts' own counts at the end."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.sending = 0.0
        self.diagnosis: DiagnosisPlan | None = None
        self.recorder: Any = None  # RunRecorder, imported lazily with it
        self.batcher: EventBatcher | None = None

    def send(self, reply: Reply) -> None:
        start = time.perf_counter()
        try:
            self._send(reply)
        finally:
            self.sending += time.perf_counter() - start

    def total(self, event: Any) -> WatchCosts | None:
        if not isinstance(event, TERMINAL_EVENTS):
            return None
        return WatchCosts(
            training=event.result.seconds,
            probes=self.batcher.probe_seconds if self.batcher is not None else 0.0,
            diagnostics=self.diagnosis.seconds if self.diagnosis is not None else 0.0,
            recording=self.recorder.seconds if self.recorder is not None else 0.0,
            sending=self.sending,
        )


def _recorded(
    job: Job, events: Iterator[TrainEvent], model: torch.nn.Module, training: dict[str, Any], resumed: bool
) -> tuple[Iterator[TrainEvent], Any]:
    """(the events, with the run's folder written on the way; the recorder), or the events unchanged
    and None when the folder cannot be used."""
    from netbuilder.training.runs.recorder import RunRecorder

    assert job.run_dir is not None
    offset = job.epoch_offset if resumed else 0
    try:
        epochs = int(training["epochs"])
        recorder = RunRecorder(job.run_dir, model, training, epoch_offset=offset, planned_epochs=epochs)
    except OSError as error:
        log.warning("this run is not recorded (%s): %s", job.run_dir, error)
        return events, None
    return recorder.record(events), recorder


class _Listener:
    """Reads commands while the main thread trains: jobs are queued, controls reach the current job."""

    def __init__(self, commands: Connection) -> None:
        self._commands = commands
        self.jobs: queue.Queue[tuple[Job | FindLR, TrainControl] | None] = queue.Queue()
        self._control: TrainControl | None = None
        self._thread = threading.Thread(target=self._listen, name="training-commands", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        try:
            while True:
                command: Command = pickle.loads(self._commands.recv_bytes())
                if isinstance(command, StartJob):
                    # The control exists before the job starts, so a Stop sent right after it counts.
                    self._control = TrainControl()
                    self.jobs.put((command.job, self._control))
                elif isinstance(command, FindLR):  # a side job, queued and controlled as a run is
                    self._control = TrainControl()
                    self.jobs.put((command, self._control))
                elif isinstance(command, ExplainStep | FindLandscape | CancelWork):
                    if self._control is not None:  # done by the training loop at its next Paused event
                        work_for(self._control).put(command)
                elif isinstance(command, Quit):
                    break
                elif isinstance(command, ShowSample):
                    CHOSEN.set(command.index)
                elif isinstance(command, WatchViews):
                    WATCHED.set(command.names)
                elif self._control is not None:
                    apply_command(self._control, command)
        except (EOFError, OSError):  # the driver is gone
            pass
        if self._control is not None:
            self._control.stop()
        self.jobs.put(None)


def apply_command(control: TrainControl, command: Command) -> None:
    """Make a running job's control obey ``command`` (a control command, not StartJob or Quit)."""
    if isinstance(command, Pause):
        control.pause()
    elif isinstance(command, Resume):
        control.resume()
    elif isinstance(command, Step):
        control.step(max(1, int(command.count)))
    elif isinstance(command, Stop):
        control.stop()
    elif isinstance(command, SetLearningRate):
        try:
            control.set_lr(float(command.lr))
        except ValueError:
            log.warning("ignored learning rate %r", command.lr)
    else:
        log.warning("ignored training command %r", command)


def serve(commands: Connection, replies: Connection, ready: EventType, log_level: int = logging.WARNING) -> None:
    """The process's main function: warm torch up, then run jobs until told to quit or the driver goes."""
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s (training process): %(message)s")
    from netbuilder.training.warmup import warm_up

    try:
        warm_up()  # the first optimiser imports torch._dynamo (~0.85 s): pay it before the first Train
    except Exception:  # an optimisation only
        log.warning("torch warm-up failed", exc_info=True)
    listener = _Listener(commands)
    ready.set()
    datasets = DatasetCache()

    def send(reply: Reply) -> None:
        try:
            replies.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, EOFError, OSError) as error:
            raise ReceiverGone(str(error)) from None

    while True:
        item = listener.jobs.get()
        if item is None:
            break
        job, control = item
        try:
            if isinstance(job, FindLR):
                from netbuilder.training.runner.lr_job import run_lr_find  # it builds on this module

                run_lr_find(job.job, control, send, datasets)
            else:
                run_job(job, control, send, datasets)
        except ReceiverGone:  # the driver is gone (killed, say): nobody to report to, and no traceback
            log.info("the driver closed the pipe; the training process ends")
            break
    with contextlib.suppress(OSError):
        replies.close()
    sys.exit(0)


__all__ = ["DatasetCache", "RunFailure", "apply_command", "gui_threads", "job_environment", "run_job", "serve"]
