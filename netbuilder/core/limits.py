"""How much memory one dataset or one model may need before NetBuilder refuses to build it.

Refusing up front with a message beats a multi-gigabyte allocation that ends in ``MemoryError``
(or in the kernel's OOM killer) minutes later. The limit is tied to the machine: half of its
physical memory, since the data, the model, its gradients and the optimiser state must share it.
``NETBUILDER_MEMORY_LIMIT`` (bytes, or with a K/M/G suffix) overrides it.
"""

from __future__ import annotations

import logging
import os

from netbuilder.core.errors import NetBuilderError

log = logging.getLogger(__name__)

MEMORY_LIMIT_ENV = "NETBUILDER_MEMORY_LIMIT"
# When the OS does not say how much memory it has (not POSIX), assume a modest laptop.
_FALLBACK_MEMORY = 8 * 2**30
_SUFFIXES = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


class MemoryLimitError(NetBuilderError):
    """A dataset or model that would need more memory than :func:`memory_limit` allows."""


def physical_memory() -> int:
    """The machine's physical memory in bytes (a fixed guess where the OS cannot tell)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_MEMORY


def memory_limit() -> int:
    """The most memory one dataset or one model may need, in bytes."""
    text = os.environ.get(MEMORY_LIMIT_ENV, "").strip().upper().removesuffix("B")
    if text:
        scale = _SUFFIXES.get(text[-1], 1)
        try:
            return int(float(text.rstrip("KMGT")) * scale)
        except ValueError:
            log.warning("ignoring %s=%r: not a number of bytes", MEMORY_LIMIT_ENV, text)
    return physical_memory() // 2


def format_bytes(size: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{int(size)} bytes"


def check_memory(needed: int, what: str, *, node_id: str | None = None) -> None:
    """Raise :class:`MemoryLimitError` when ``what`` would need more than :func:`memory_limit` bytes."""
    limit = memory_limit()
    if needed > limit:
        raise MemoryLimitError(
            f"{what} would need about {format_bytes(needed)} of memory; the limit on this machine is "
            f"{format_bytes(limit)} (half its memory; set {MEMORY_LIMIT_ENV} to change it)",
            node_id=node_id,
        )
