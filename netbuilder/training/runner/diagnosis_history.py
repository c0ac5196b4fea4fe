"""A run's diagnostics over training, bounded: per-layer series and histogram heat maps.

:class:`DiagnosisHistory` takes every :class:`~.diagnosis.DiagnosisFrame` a run receives. It keeps
one shared x axis (epochs) and, per layer, the gradient norm, update/weight ratio, dead and
saturated shares, the region count, and one histogram row per reading for weights and activations
(rows × bins: the heat map). When more than :data:`MAX_READINGS` readings arrive, every other one
is dropped, so a long run keeps its whole span at half the density (as :class:`~.curves.DecimatedCurve`
does for the loss). The newest frame (with the region map) is kept whole for the live views.
``to_json``/``from_json`` put it into the run's record, so a reopened project shows it again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from netbuilder.training.probes.gradients import GradientDiagnosis, diagnose_gradients
from netbuilder.training.runner.diagnosis import DiagnosisFrame

MAX_READINGS = 400  # per run: the heat maps are at most 400 rows × 40 bins per layer
SERIES = ("grad_norm", "update_ratio", "dead", "saturated")


class DiagnosisHistory:
    """See the module docstring; ``series[name][node]`` lines up with :attr:`x` (NaN where absent)."""

    def __init__(self) -> None:
        self.x: list[float] = []
        self.order: list[str] = []  # layers input-first
        self.series: dict[str, dict[str, list[float]]] = {name: {} for name in SERIES}
        self.regions: list[float] = []
        self.weight_rows: dict[str, list[np.ndarray]] = {}
        self.act_rows: dict[str, list[np.ndarray]] = {}
        self.weight_range: dict[str, tuple[float, float]] = {}
        self.act_range: dict[str, tuple[float, float]] = {}
        self.last: DiagnosisFrame | None = None
        self.region_count: int | None = None

    def __len__(self) -> int:
        return len(self.x)

    def add(self, frame: DiagnosisFrame, offset: float = 0.0) -> None:
        """Take one reading; ``offset`` moves it onto the run's axis (epochs of the parent runs)."""
        self.last = frame
        index = len(self.x)
        self.x.append(frame.x + offset)
        for node in frame.order:
            if node not in self.order:
                self.order.append(node)
        values: dict[str, Mapping[str, float]] = {
            "grad_norm": frame.grad_norm,
            "update_ratio": frame.update_ratio,
            "dead": frame.dead,
            "saturated": frame.saturated,
        }
        for name, found in values.items():
            table = self.series[name]
            for node in found:
                table.setdefault(node, [math.nan] * index)
            for node, column in table.items():
                column.append(float(found.get(node, math.nan)))
        count = frame.regions.count if frame.regions is not None else None
        self.regions.append(math.nan if count is None else float(count))
        if count is not None:
            self.region_count = count
        self._add_rows(self.weight_rows, frame.weight_hist, index)
        self._add_rows(self.act_rows, frame.act_hist, index)
        self.weight_range.update(frame.weight_range)
        self.act_range.update(frame.act_range)
        if len(self.x) > MAX_READINGS:
            self._halve()

    @staticmethod
    def _add_rows(rows: dict[str, list[np.ndarray]], found: Mapping[str, np.ndarray], index: int) -> None:
        for node, first in found.items():
            if node not in rows:
                rows[node] = [np.full(len(first), np.nan)] * index
        for node, stack in rows.items():
            row = found.get(node)
            stack.append(np.asarray(row, dtype=np.float32) if row is not None else np.full(len(stack[0]), np.nan))

    def _halve(self) -> None:
        # Keep the newest reading (what the views show now) and every other one before it.
        keep = list(range(len(self.x) - 1, -1, -2))[::-1]
        self.x = [self.x[i] for i in keep]
        self.regions = [self.regions[i] for i in keep]
        for table in self.series.values():
            for node, column in table.items():
                table[node] = [column[i] for i in keep]
        for rows in (self.weight_rows, self.act_rows):
            for node, stack in rows.items():
                rows[node] = [stack[i] for i in keep]

    # ---- reading -----------------------------------------------------------------------------------
    def heat_map(self, kind: str, node: str) -> np.ndarray:
        """(readings, bins) shares for ``kind`` "weights" or "activations" of ``node`` (empty if none)."""
        stack = (self.weight_rows if kind == "weights" else self.act_rows).get(node)
        return np.vstack(stack) if stack else np.zeros((0, 0))

    def diagnosis(self) -> list[GradientDiagnosis]:
        """The plain-language callouts for the gradient norms read so far (newest window)."""
        table = self.series["grad_norm"]
        readings = [
            {node: column[i] for node, column in table.items() if math.isfinite(column[i])} for i in range(len(self.x))
        ]
        readings = [r for r in readings if any(v > 0 for v in r.values())]  # step 0: no gradient yet
        return diagnose_gradients(readings, [n for n in self.order if n in table])

    # ---- saving ------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        def rows(table: dict[str, list[np.ndarray]]) -> dict[str, list[list[float | None]]]:
            return {node: [_floats(r) for r in stack] for node, stack in table.items()}

        return {
            "x": self.x,
            "order": self.order,
            "series": {name: {n: _floats(col) for n, col in table.items()} for name, table in self.series.items()},
            "regions": _floats(self.regions),
            "region_count": self.region_count,
            "weight_rows": rows(self.weight_rows),
            "act_rows": rows(self.act_rows),
            "weight_range": {k: list(v) for k, v in self.weight_range.items()},
            "act_range": {k: list(v) for k, v in self.act_range.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DiagnosisHistory:
        """The inverse of :meth:`to_json` (raises ``KeyError``/``TypeError`` for damaged data)."""
        history = cls()
        history.x = [float(v) for v in data["x"]]
        history.order = [str(n) for n in data["order"]]
        for name in SERIES:
            history.series[name] = {str(n): _unfloats(col) for n, col in data["series"].get(name, {}).items()}
        history.regions = _unfloats(data["regions"])
        count = data.get("region_count")
        history.region_count = None if count is None else int(count)
        for attr in ("weight_rows", "act_rows"):
            table = {str(n): [np.array(_unfloats(r), dtype=np.float32) for r in rows] for n, rows in data[attr].items()}
            setattr(history, attr, table)
        history.weight_range = {str(k): (float(v[0]), float(v[1])) for k, v in data["weight_range"].items()}
        history.act_range = {str(k): (float(v[0]), float(v[1])) for k, v in data["act_range"].items()}
        return history


def _floats(values: Any) -> list[float | None]:
    """JSON numbers, with NaN as null (strict JSON readers refuse NaN)."""
    return [None if not math.isfinite(float(v)) else float(f"{float(v):.6g}") for v in values]


def _unfloats(values: list[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


__all__ = ["MAX_READINGS", "DiagnosisHistory"]
