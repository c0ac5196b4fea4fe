"""One generic background worker: run a plain function off the GUI thread, get its result back on it.

Anything slow that a panel needs (building a dataset, recomputing a view from saved weights) is a
plain function; :meth:`Background.submit` runs it on a small thread pool and calls ``on_done(result)``
or ``on_error(exception)`` in the GUI thread (a queued signal). A :class:`Ticket` that was cancelled,
or whose owner shut down, drops its result: slow work never lands on a view it no longer belongs to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Created in the GUI thread; the pool thread emits, Qt delivers in the GUI thread."""

    done = Signal(object)
    failed = Signal(object)


class Ticket:
    """One submitted function; :meth:`cancel` drops its result (the function itself runs to its end)."""

    def __init__(self) -> None:
        self.cancelled = False
        self.finished = False

    def cancel(self) -> None:
        self.cancelled = True


class _Task(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._function = function
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as error:  # handed to on_error in the GUI thread, never lost
            self._relay.failed.emit(error)
        else:
            self._relay.done.emit(result)


class Background(QObject):
    """A small pool of worker threads owned by a GUI object; :meth:`shutdown` waits for them."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relays: dict[_Relay, Ticket] = {}
        self._closed = False

    def submit(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> Ticket:
        ticket = Ticket()
        if self._closed:
            ticket.cancel()
            return ticket
        relay = _Relay(self)
        self._relays[relay] = ticket

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.pop(relay, None)
            relay.deleteLater()
            ticket.finished = True
            if ticket.cancelled or self._closed:
                return
            if callback is not None:
                callback(value)
            elif isinstance(value, Exception):
                log.error("background task failed", exc_info=value)

        relay.done.connect(lambda result: finish(on_done, result))
        relay.failed.connect(lambda error: finish(on_error, error))
        self._pool.start(_Task(function, relay))
        return ticket

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until every submitted function has returned (tests, shutdown)."""
        return bool(self._pool.waitForDone(timeout_ms))

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Drop every pending result and wait for the running functions to return."""
        self._closed = True
        for ticket in self._relays.values():
            ticket.cancel()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)


__all__ = ["Background", "Ticket"]
