"""Keep freed memory in the process: glibc's defaults make every live-view probe fault its pages in again.

A probe of the decision view allocates a few 0.6 MB tensors (10,000 grid points × 16 units) and frees
them. glibc's malloc serves blocks that size with ``mmap`` and, once its adaptive threshold has risen,
trims the heap's top back to the OS whenever more than twice that lies free, which a probe's end
always does. Either way the next probe's tensors start on fresh pages: ~500 page faults, 1.2 of the
2.0 ms a spiral probe took, and the training steps after it ran slower too. With blocks up to 32 MB
served from the heap and up to 64 MB of free heap kept, the same probe takes 0.8 ms and faults no
page in; the process's resident size is then its peak use, which a run reaches in its first seconds.

Only glibc has these knobs (``mallopt``); elsewhere :func:`keep_freed_memory` does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import platform

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's largest allowed value on 64-bit systems
TRIM_THRESHOLD = 64 * 1024 * 1024

_done: list[bool] = []


def keep_freed_memory() -> bool:
    """Set malloc's thresholds for this process (once); True when they were set."""
    if _done:
        return _done[0]
    ok = False
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            # mallopt returns 1 on success; setting either threshold also ends glibc's adaptive one.
            ok = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
                libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
            )
        except (OSError, AttributeError) as error:
            log.info("malloc thresholds left as they are: %s", error)
    _done.append(ok)
    return ok


__all__ = ["keep_freed_memory"]
