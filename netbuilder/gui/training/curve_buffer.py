"""A growable pair of float arrays: curves append thousands of points a second without list churn."""

from __future__ import annotations

import numpy as np


class CurveBuffer:
    def __init__(self, capacity: int = 4096) -> None:
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        self._n = 0

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        count = len(x)
        if self._n + count > len(self._x):
            size = max(2 * len(self._x), self._n + count)
            self._x = np.resize(self._x, size)
            self._y = np.resize(self._y, size)
        self._x[self._n : self._n + count] = x
        self._y[self._n : self._n + count] = y
        self._n += count

    def append(self, x: float, y: float) -> None:
        self.extend(np.array([x]), np.array([y]))

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]
