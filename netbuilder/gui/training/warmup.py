"""Warm torch up in the background at start-up, so that the first click on Train answers at once.

The first ``torch.optim`` construction imports ``torch._dynamo`` (~0.85 s, architecture.md); done in
the worker at Train time it also froze the UI for ~150 ms through the import lock and the GIL.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)

_started = threading.Event()
done = threading.Event()


def _warm_once() -> None:
    import torch

    param = torch.nn.Parameter(torch.zeros(2))
    for make in (torch.optim.Adam, torch.optim.SGD):
        optimizer = make([param], lr=0.1)
        param.sum().backward()
        optimizer.step()
        optimizer.zero_grad()


def _warm() -> None:
    try:
        for attempt in (1, 2):
            try:
                _warm_once()
                return
            except Exception:  # warming up is an optimisation: failing it must never stop the app
                # Importing torch._dynamo here while the GUI thread imports other torch modules
                # (shape inference) failed once in tests ("operator streams::fork does not exist").
                # A failed import leaves no module behind, so a second try imports it afresh.
                log.warning("torch warm-up attempt %d failed", attempt, exc_info=True)
                time.sleep(0.5)
    finally:
        done.set()


def warm_up_torch() -> threading.Thread | None:
    """Start the warm-up once (idempotent); returns the thread, or None if it already ran or runs."""
    if _started.is_set():
        return None
    _started.set()
    thread = threading.Thread(target=_warm, name="torch-warm-up", daemon=True)
    thread.start()
    return thread
