"""Bounded curves: a run appends thousands of points a second, and keeps (and draws) at most a few thousand."""

from __future__ import annotations

from typing import Any

import numpy as np


class DecimatedCurve:
    """An append-only curve kept at most ``max_points`` long for drawing, whatever the run's length.

    Raw points are averaged in bins of ``stride`` consecutive points; when the binned curve would
    exceed ``max_points`` neighbouring bins are merged and the stride doubles, so appending stays
    amortised O(1) and a redraw costs the same after a minute or an hour. Setting (and drawing) the
    whole raw step curve each flush grew without bound: at ~3000 steps/s a 10-minute spiral run is
    1.8M points, and pyqtgraph's peak downsampling alone is O(n) per redraw. The newest, still
    partial bin is shown too, so the first step appears at once.
    """

    def __init__(self, max_points: int = 2000) -> None:
        self.max_points = max(2, int(max_points))
        size = self.max_points + 2  # the binned points, one spare before a merge, the partial bin
        self._x = np.empty(size, dtype=np.float64)
        self._y = np.empty(size, dtype=np.float64)
        self._n = 0  # complete bins
        self.stride = 1  # raw points per complete bin
        self._sum_x = 0.0  # the partial bin
        self._sum_y = 0.0
        self._count = 0
        self.total = 0  # raw points appended since the last clear

    def __len__(self) -> int:
        return self._n + (1 if self._count else 0)

    def clear(self) -> None:
        self._n = self._count = self.total = 0
        self.stride = 1
        self._sum_x = self._sum_y = 0.0

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        self.total += len(x)
        start = 0
        while start < len(x):
            if self._count:  # top up the partial bin first
                take = min(self.stride - self._count, len(x) - start)
                self._sum_x += float(x[start : start + take].sum())
                self._sum_y += float(y[start : start + take].sum())
                self._count += take
                start += take
                if self._count == self.stride:
                    mean_x, mean_y = self._sum_x / self.stride, self._sum_y / self.stride
                    self._sum_x = self._sum_y = 0.0
                    self._count = 0
                    self._push(mean_x, mean_y)  # may refill the partial bin when it merges
                continue
            # Whole bins at once, but no more than fit before the next merge.
            room = self.max_points + 1 - self._n
            bins = min((len(x) - start) // self.stride, room)
            if bins:
                end = start + bins * self.stride
                self._x[self._n : self._n + bins] = x[start:end].reshape(bins, self.stride).mean(axis=1)
                self._y[self._n : self._n + bins] = y[start:end].reshape(bins, self.stride).mean(axis=1)
                self._n += bins
                start = end
                self._merge_if_full()
            else:  # fewer points left than one bin: they start the partial bin
                self._sum_x = float(x[start:].sum())
                self._sum_y = float(y[start:].sum())
                self._count = len(x) - start
                start = len(x)

    def _push(self, x: float, y: float) -> None:
        self._x[self._n] = x
        self._y[self._n] = y
        self._n += 1
        self._merge_if_full()

    def _merge_if_full(self) -> None:
        if self._n <= self.max_points:
            return
        pairs = self._n // 2
        for values in (self._x, self._y):
            values[:pairs] = 0.5 * (values[0 : 2 * pairs : 2] + values[1 : 2 * pairs : 2])
        odd = self._n - 2 * pairs
        if odd:  # the unpaired last bin is half of a new-width bin: it becomes the partial bin
            partial_x, partial_y = self._x[self._n - 1], self._y[self._n - 1]
            old = self.stride
            # Merge it with the partial bin's points, which all came after it.
            self._sum_x = partial_x * old + self._sum_x
            self._sum_y = partial_y * old + self._sum_y
            self._count += old
        self._n = pairs
        self.stride *= 2

    def _with_partial(self, values: np.ndarray, partial: float) -> np.ndarray:
        if not self._count:
            return values[: self._n]
        values[self._n] = partial / self._count
        return values[: self._n + 1]

    @property
    def x(self) -> np.ndarray:
        return self._with_partial(self._x, self._sum_x)

    @property
    def y(self) -> np.ndarray:
        return self._with_partial(self._y, self._sum_y)

    # ---- persistence -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The whole state (bins, stride, partial bin): :meth:`from_json` gives back an equal curve."""
        return {
            "max_points": self.max_points,
            "x": self._x[: self._n].tolist(),
            "y": self._y[: self._n].tolist(),
            "stride": self.stride,
            "partial": [self._sum_x, self._sum_y, self._count],
            "total": self.total,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DecimatedCurve:
        """Raises ``ValueError``/``TypeError``/``KeyError`` for data that is not a saved curve."""
        curve = cls(int(data["max_points"]))
        x = np.asarray(data["x"], dtype=np.float64)
        y = np.asarray(data["y"], dtype=np.float64)
        if x.ndim != 1 or x.shape != y.shape or len(x) > curve.max_points + 1:
            raise ValueError("a saved curve's x and y must be equal-length lists within its size")
        curve._x[: len(x)] = x
        curve._y[: len(y)] = y
        curve._n = len(x)
        curve.stride = max(1, int(data["stride"]))
        sum_x, sum_y, count = data["partial"]
        curve._sum_x, curve._sum_y, curve._count = float(sum_x), float(sum_y), int(count)
        if not 0 <= curve._count < curve.stride:
            raise ValueError("a saved curve's partial bin is larger than its stride")
        curve.total = int(data["total"])
        return curve
