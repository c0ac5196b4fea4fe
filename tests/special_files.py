"""Files that never end or never start: what every bounded reader must refuse without reading."""

from __future__ import annotations

import os
from pathlib import Path


def endless_files(folder: Path, name: str) -> list[Path]:
    """``/dev/zero`` (endless) and a FIFO named ``name`` in ``folder`` (a plain open waits for a writer)."""
    fifo = folder / name
    os.mkfifo(fifo)
    return [Path("/dev/zero"), fifo]
