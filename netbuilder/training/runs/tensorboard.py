"""TensorBoard event files of a run, so ``tensorboard --logdir runs`` shows and compares NetBuilder runs.

Written with ``tensorboardX`` (it needs protobuf and numpy, not TensorFlow or the TensorBoard server),
from the training process. Per epoch: the curves the app draws as scalars (``loss/train``,
``loss/val``, ``metric/<name>`` for every validation metric, ``lr``) and, while the time they take stays
within :data:`HISTOGRAM_SHARE` of training time, histograms of every parameter and its gradient. At the
end: the per-step loss (the same ≤ 2000-point decimated curve the app keeps), and the hyper-parameters
with the final metrics.

Histograms are the costly part: a spiral epoch takes a few milliseconds and six histograms about as
long, so they are rationed by measured cost instead of written every epoch; the first and last epochs
always get them.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

log = logging.getLogger(__name__)

HISTOGRAM_SHARE = 0.02  # of the run's training time


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
    """One run's event files in ``folder``; every method swallows write errors (logging must not stop training)."""

    def __init__(self, folder: Path) -> None:
        from tensorboardX import SummaryWriter  # type: ignore[import-untyped]  # ships no type hints

        self.folder = folder
        # flush_secs: a killed process still leaves what was logged up to a few seconds before.
        self._writer: Any = SummaryWriter(str(folder), flush_secs=5)
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
        writer = self._writer
        for tag, value in values.items():
            if value is not None and np.isfinite(value):
                writer.add_scalar(tag, float(value), epoch)
        if model is None:
            return
        if not force_histograms and self._histogram_seconds > HISTOGRAM_SHARE * max(elapsed, 1e-9):
            return
        start = time.perf_counter()
        self.histograms(epoch, model)
        self._histogram_seconds += time.perf_counter() - start

    def histograms(self, epoch: int, model: torch.nn.Module) -> None:
        for name, param in model.named_parameters():
            values = param.detach().float().cpu().numpy().ravel()
            if values.size and np.isfinite(values).all():
                self._writer.add_histogram(f"weights/{name}", values, epoch)
            if param.grad is not None:
                grad = param.grad.detach().float().cpu().numpy().ravel()
                if grad.size and np.isfinite(grad).all():
                    self._writer.add_histogram(f"grads/{name}", grad, epoch)

    def steps(self, x: np.ndarray, loss: np.ndarray, steps_per_epoch: int) -> None:
        for xi, yi in zip(x, loss, strict=True):
            self._writer.add_scalar("loss/step", float(yi), round(float(xi) * steps_per_epoch))

    def hparams(self, training: dict[str, Any], final: dict[str, float], step: int) -> None:
        """The settings as hyper-parameters and the final metrics, in this run's own event file.

        ``SummaryWriter.add_hparams`` would open a second writer (a second file in the folder), and
        TensorBoard's directory reader then reads only the newest file of a folder: the scalars were lost.
        """
        from tensorboardX.summary import hparams  # type: ignore[import-untyped]

        metrics = {f"final/{k}": float(v) for k, v in final.items() if v is not None and np.isfinite(v)}
        metrics = metrics or {"final/none": 0.0}
        for summary in hparams(flat_hparams(training), metrics):
            self._writer.file_writer.add_summary(summary)
        for tag, value in metrics.items():
            self._writer.add_scalar(tag, value, step)

    def close(self) -> None:
        self._writer.close()


__all__ = ["HISTOGRAM_SHARE", "TensorBoardLog", "flat_hparams"]
