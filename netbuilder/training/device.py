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


def pick_threads(num_params: int, cpu_count: int | None = None) -> int:
    """Torch intra-op threads for a model of ``num_params`` parameters on this machine."""
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    if num_params < SMALL_MODEL_PARAMS:
        return 1
    return max(1, min(cores, 4))
