"""TensorBoard event files of a run, so ``tensorboard --logdir runs`` shows and compares NetBuilder runs.

Written from the training process by :class:`~.event_file.EventFile` (the hyper-parameters' protobuf
comes from ``tensorboardX``, which needs only protobuf and numpy: not TensorFlow, not TensorBoard).
Per epoch: the curves the app draws as scalars (``loss/train``, ``loss/val``, ``metric/<name>`` for
every validation metric, ``lr``) and, while the time they take stays within :data:`HISTOGRAM_SHARE`
(``watch_budget.HISTOGRAMS``, 0.1 %) of training time, histograms of every parameter and its
gradient. At the end: the per-step loss (the same ≤ 2000-point decimated curve the app keeps), and
the hyper-parameters with the final metrics.

Histograms are the costly part: a spiral epoch takes a few milliseconds and six histograms about as
long, so they are rationed by measured cost instead of written every epoch; the first and last epochs
always get them.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from netbuilder.training import watch_budget
from netbuilder.training.runs.event_file import EventFile

log = logging.getLogger(__name__)

HISTOGRAM_SHARE = watch_budget.HISTOGRAMS  # of the run's training time


def flat_hparams(training: dict[str, Any], prefix: str = "") -> dict[str, bool | str | float | int]:
    """Nested training settings as TensorBoard hyper-parameters (``optimizer.lr`` = 0.03)."""
    out: dict[str, bool | str | float | int] = {}
    for key, value in training.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat_hparams(value, name + "."))
        elif isinstance(value, (bool, str, int, float)):
            out[name] = value
        elif value is not None:
            out[name] = str(value)
    return out


class TensorBoardLog:
    """One run's event file in ``folder`` (see :mod:`.event_file` for why it is written by hand)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._file = EventFile(folder)
        self._histogram_seconds = 0.0

    def epoch(
        self,
        epoch: int,
        values: dict[str, float | None],
        model: torch.nn.Module | None,
        elapsed: float,
        *,
        force_histograms: bool = False,
    ) -> None:
        """An epoch's scalars and, when due, its histograms (now: ``model`` holds that epoch's weights)."""
        self.scalars(epoch, values)
        if model is not None and self.histograms_due(elapsed, force=force_histograms):
            self.rationed_histograms(epoch, model)

    def scalars(self, epoch: int, values: dict[str, float | None], wall_time: float | None = None) -> None:
        """An epoch's scalars; ``wall_time`` is when the epoch ended, for scalars written in a later batch."""
        finite = {k: float(v) for k, v in values.items() if v is not None and math.isfinite(v)}
        self._file.scalars(finite, epoch, wall_time=wall_time)

    def histograms_due(self, elapsed: float, *, force: bool = False) -> bool:
        """Whether histograms fit the budget after ``elapsed`` seconds of training."""
        return force or self._histogram_seconds <= HISTOGRAM_SHARE * max(elapsed, 1e-9)

    def rationed_histograms(self, epoch: int, model: torch.nn.Module) -> None:
        """:meth:`histograms`, their cost counted against the budget."""
        start = time.perf_counter()
        self.histograms(epoch, model)
        self._histogram_seconds += time.perf_counter() - start

    def histograms(self, epoch: int, model: torch.nn.Module) -> None:
        for name, param in model.named_parameters():
            for kind, tensor in (("weights", param), ("grads", param.grad)):
                if tensor is None:
                    continue
                values = tensor.detach().float().cpu().numpy().ravel()
                if values.size and np.isfinite(values).all():
                    self._file.histogram(f"{kind}/{name}", values, epoch)

    def steps(self, x: np.ndarray, loss: np.ndarray, steps_per_epoch: int) -> None:
        for xi, yi in zip(x, loss, strict=True):
            self._file.scalar("loss/step", float(yi), round(float(xi) * steps_per_epoch))

    def hparams(self, training: dict[str, Any], final: dict[str, float], step: int) -> None:
        """The settings as hyper-parameters (TensorBoard's HParams tab) and the final metrics."""
        metrics = {f"final/{k}": float(v) for k, v in final.items() if v is not None and math.isfinite(v)}
        metrics = metrics or {"final/none": 0.0}
        try:
            # The plugin's own protobuf layout: let tensorboardX build it (once per run, not a hot path).
            from tensorboardX.summary import hparams  # type: ignore[import-untyped]

            for summary in hparams(flat_hparams(training), metrics):
                self._file.add(0, summary.SerializeToString())
        except ImportError:
            log.info("tensorboardX is not installed: no hyper-parameters in the TensorBoard log")
        self._file.scalars(metrics, step)

    def close(self) -> None:
        self._file.flush()


__all__ = ["HISTOGRAM_SHARE", "TensorBoardLog", "flat_hparams"]
