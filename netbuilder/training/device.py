"""Choosing where training runs: the device (auto = cuda, then mps, then cpu) and the CPU thread count."""

from __future__ import annotations

import logging
import os

import torch

from netbuilder.training.errors import ConfigError

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda", "mps")

# Measured on the 2-core target (architecture.md): one thread is 10–15% faster for tiny models
# (thread hand-off costs more than it saves), two threads ~1.7× faster for large ones.
SMALL_MODEL_PARAMS = 50_000


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def pick_device(name: str = "auto") -> torch.device:
    """Resolve a device name; ``auto`` prefers cuda, then mps, then cpu. Unavailable devices raise."""
    if name not in DEVICES:
        raise ConfigError(f"unknown device '{name}' (choose from {', '.join(DEVICES)})", field="device")
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("CUDA is not available on this machine (use --device cpu or auto)", field="device")
    if name == "mps" and not _mps_available():
        raise ConfigError("Apple MPS is not available on this machine (use --device cpu or auto)", field="device")
    return torch.device(name)


def _busy_cores() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # not on Windows
        return 0.0


def pick_threads(num_params: int, cpu_count: int | None = None, busy: float | None = None) -> int:
    """Torch intra-op threads for a model of ``num_params`` parameters on this machine.

    Threads beyond the cores other processes leave free make things far worse, not a bit better: on
    the 2-core machine with another job running, 2 threads ran a 784-512-512-10 MLP at 12 steps/s
    against 87 with 1 (each step waits for the slowest thread). So count only idle cores.
    """
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    if num_params < SMALL_MODEL_PARAMS:
        return 1
    load = _busy_cores() if busy is None else busy
    idle = int(cores - load + 0.5)
    return max(1, min(idle, 4))
