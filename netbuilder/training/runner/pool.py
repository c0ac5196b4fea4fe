"""Training processes: one started ahead of time, lent to a run, and taken back after it.

A fresh Python process needs ~1.5 s to import torch and warm it up, far too long for Train to answer
at once; so a driver calls :func:`prestart` early (the GUI: once its window is up), and :func:`acquire`
hands the process to a run (starting one only if none is waiting). After a clean run the process goes back to the pool
for the next; after a crash or an abandoned run it is terminated. :func:`shutdown` ends them all when
the driver quits (and at interpreter exit).

Processes are spawned, never forked: the GUI process has Qt and torch threads, which fork would copy
in an undefined state. And they are spawned without the driver's main script (:func:`_without_main`).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import pickle
import sys
import threading
import types
from collections.abc import Iterator
from multiprocessing.connection import Connection

from netbuilder.training.runner.messages import Command, Quit, Reply
from netbuilder.training.runner.process import serve

log = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("spawn")

# A live-view frame with its inside views is ~330 KB, five times what a pipe holds by default (64 KB):
# the training loop waited five times a frame for the GUI's reader thread to wake up and drain it.
# Linux lets a pipe hold up to /proc/sys/fs/pipe-max-size (1 MB unless lowered) without privileges.
REPLY_PIPE_BYTES = 1024 * 1024


def _widen(connection: Connection) -> None:
    """Let the replies' pipe hold a whole frame, where the system allows (Linux); else leave it."""
    try:
        import fcntl

        set_size = fcntl.F_SETPIPE_SZ  # Linux only
    except (ImportError, AttributeError):
        return
    for size in (REPLY_PIPE_BYTES, REPLY_PIPE_BYTES // 4):  # a lowered maximum: a smaller widening
        try:
            fcntl.fcntl(connection.fileno(), set_size, size)
            return
        except OSError as error:
            log.debug("pipe size %d refused: %s", size, error)


_main_swap = threading.Lock()


@contextlib.contextmanager
def _without_main() -> Iterator[None]:
    """Start processes while ``__main__`` is an empty module: spawn then does not re-import the
    driver's main script in the child (it only needs :func:`serve`, from this package).

    Why: a main script that imports Qt made the training process load Qt's libraries too, and a
    process with PySide6 loaded trains spiral ~4-5 % slower than one without (two fresh processes in
    alternating slices: 0.95-0.96 in three pairs; ``gc.freeze()`` did not change it, importing
    ``PySide6.QtWidgets`` alone did). The app's console script imports no Qt at the top, but the
    benchmarks' and pytest's main scripts do, or may, and nothing here should depend on it.
    """
    with _main_swap:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")  # no __file__, no __spec__: nothing to import
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


class TrainingProcess:
    """One spawned training process and its two pipes (commands to it, messages from it)."""

    def __init__(self) -> None:
        command_reader, self._commands = _CONTEXT.Pipe(duplex=False)
        self._events, event_writer = _CONTEXT.Pipe(duplex=False)
        _widen(event_writer)
        self._ready = _CONTEXT.Event()
        self._send_lock = threading.Lock()  # the GUI thread sends controls while a run's thread sends the job
        self.process = _CONTEXT.Process(
            target=serve,
            args=(command_reader, event_writer, self._ready, logging.getLogger("netbuilder").getEffectiveLevel()),
            name="netbuilder-training",
            daemon=True,  # never outlive the GUI, even if it is killed before it can say quit
        )
        with _without_main():
            self.process.start()
        # The child holds its own copies; closing ours lets each side see EOF when the other goes.
        command_reader.close()
        event_writer.close()

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    @property
    def exitcode(self) -> int | None:
        return self.process.exitcode

    def wait_ready(self, timeout: float | None = None) -> bool:
        """True once the process has imported and warmed up torch."""
        return self._ready.wait(timeout)

    def send(self, command: Command) -> bool:
        """Send a command; False (and nothing raised) if the process is gone."""
        # Plain pickle, not the Connection's ForkingPickler: torch registers tensor reductions there that
        # pass shared-memory handles, which would tie the weights' lifetime to this process.
        data = pickle.dumps(command, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with self._send_lock:
                self._commands.send_bytes(data)
            return True
        except (BrokenPipeError, EOFError, OSError):
            return False

    def receive(self) -> Reply:
        """The next reply; blocks (without the GIL). Raises EOFError when the process is gone."""
        try:
            data = self._events.recv_bytes()
        except OSError as error:
            raise EOFError(str(error)) from error
        reply: Reply = pickle.loads(data)
        return reply

    def close(self, timeout: float = 5.0) -> None:
        """Ask the process to quit; terminate it if it does not within ``timeout`` seconds."""
        if self.process.is_alive() and not self._ready.is_set():
            # Still importing torch: it reads no command before that, and has nothing to lose. Waiting
            # for it made quitting right after start-up take seconds.
            self.kill(force=True)
            return
        if self.process.is_alive():
            self.send(Quit())
            self.process.join(timeout)
        self.kill()

    def kill(self, *, force: bool = False) -> None:
        """End the process now: SIGTERM first (it may flush its logs), or SIGKILL at once with ``force``.

        ``force`` is for a process that does not respond (stopped, or stuck in native code): a stopped
        process never handles SIGTERM, and waiting for it would freeze the caller.
        """
        if self.process.is_alive():
            if not force:
                self.process.terminate()
                self.process.join(2.0)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(2.0)
        for connection in (self._commands, self._events):
            connection.close()


_lock = threading.Lock()
_idle: list[TrainingProcess] = []
_lent: set[TrainingProcess] = set()


def prestart() -> None:
    """Start a process now, so that the next Train does not wait for torch to load (idempotent)."""
    with _lock:
        if not any(p.alive for p in _idle):
            _idle[:] = [p for p in _idle if p.alive]
            _idle.append(TrainingProcess())


def acquire() -> TrainingProcess:
    """A process for one run: a waiting one if any is alive, else a new one."""
    with _lock:
        while _idle:
            process = _idle.pop()
            if process.alive:
                _lent.add(process)
                return process
            process.kill()
        process = TrainingProcess()
        _lent.add(process)
        return process


def release(process: TrainingProcess, reusable: bool) -> None:
    """Take a process back after a run; one that crashed or was abandoned mid-run is ended."""
    with _lock:
        _lent.discard(process)
        if reusable and process.alive and not _idle:
            _idle.append(process)
            return
    process.close() if process.alive and reusable else process.kill()


def wait_ready(timeout: float) -> bool:
    """Block until the waiting process (if any) is ready; for benchmarks and tests."""
    with _lock:
        waiting = list(_idle)
    return all(p.wait_ready(timeout) for p in waiting)


def shutdown(timeout: float = 5.0) -> None:
    """End every training process (application quit, interpreter exit)."""
    with _lock:
        processes = list(_idle) + list(_lent)
        _idle.clear()
        _lent.clear()
    for process in processes:
        process.close(timeout)


atexit.register(shutdown)
