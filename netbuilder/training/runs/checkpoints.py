"""Which epochs keep their weights: log-spaced, within a byte budget per run.

Early epochs change a network most (the boundary forms in the first few), so checkpoints are spaced
evenly in log(epoch): every one of the first epochs, then ever fewer. How many fit comes from the
model's size: a budget of :data:`BUDGET_BYTES` per run, at most :data:`MAX_CHECKPOINTS`, at least
:data:`MIN_CHECKPOINTS` (the start, one between, the end). A spiral MLP (a few thousand parameters)
keeps 32 checkpoints in well under 1 MB; a 784-512-512-10 MLP (2.7 MB a copy) keeps 5.

Writing only the epochs that will be kept (rather than every epoch, thinned afterwards) matters: a toy
run finishes an epoch every few milliseconds, and a write (with fsync) costs about as much.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

BUDGET_BYTES = 16 * 1024 * 1024
MAX_CHECKPOINTS = 32
MIN_CHECKPOINTS = 3


def checkpoint_count(bytes_per_copy: int, budget: int = BUDGET_BYTES) -> int:
    """How many copies of the weights a run keeps."""
    fit = budget // max(1, bytes_per_copy)
    return int(max(MIN_CHECKPOINTS, min(MAX_CHECKPOINTS, fit)))


def _log(epoch: int, start: int) -> float:
    return math.log1p(epoch - start)


def is_due(epoch: int, last_kept: int, start: int, end: int, count: int) -> bool:
    """Should ``epoch`` be kept, given the last kept one, on a run spanning ``start``..``end`` epochs?"""
    if epoch >= end or last_kept < start:
        return True
    spacing = _log(end, start) / max(1, count - 1)
    return _log(epoch, start) - _log(last_kept, start) >= spacing * 0.999


def thin(epochs: Sequence[int], count: int) -> list[int]:
    """The epochs to drop so that at most ``count`` remain, as evenly spaced in log(epoch) as possible.

    The first and the last always stay; each drop removes the interior epoch whose neighbours are the
    closest together in log(epoch).
    """
    kept = sorted(epochs)
    dropped: list[int] = []
    if not kept:
        return dropped
    start = kept[0]
    while len(kept) > max(2, count):
        gaps = [_log(kept[i + 1], start) - _log(kept[i - 1], start) for i in range(1, len(kept) - 1)]
        index = 1 + min(range(len(gaps)), key=gaps.__getitem__)
        dropped.append(kept.pop(index))
    return dropped


__all__ = ["BUDGET_BYTES", "checkpoint_count", "is_due", "thin"]
