"""A run as a model: everything one training run produced, in one pure object the views render.

A :class:`Run` is fed the replies of the training process (:meth:`Run.apply`) and holds its settings,
the curves (per step and per epoch, training and validation, bounded in length), the live view's setup
and newest frame, the progress, the outcome, the final report and the weights. Views hold none of
this: they draw a run, from scratch (:meth:`Run.lineage`) or by the newest batch.

A run that continues from the weights of the run before it (a second Train) keeps that run as its
``parent`` and numbers its epochs on from it, so its curves continue the parent's instead of
starting again at epoch 1. :meth:`Run.to_record` and :meth:`Run.from_record` save and restore a run
(without tensors or probe frames) as JSON, so a reopened project shows its last run as it was left.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch

from netbuilder.training.events import Failed, Finished, StepStats, Stopped, TrainResult, thin_append
from netbuilder.training.report import Report
from netbuilder.training.runner.batching import ProgressBatch, RunFailure
from netbuilder.training.runner.curves import DecimatedCurve
from netbuilder.training.runner.diagnosis_history import DiagnosisHistory
from netbuilder.training.runner.inside import InsideFrame
from netbuilder.training.runner.messages import (
    Diagnosed,
    Explained,
    InsidePlanned,
    InsideProbed,
    LandscapeFound,
    Probed,
    Progress,
    Reply,
    RunEnded,
    RunStarted,
    ViewPlanned,
)
from netbuilder.training.runner.views import DecisionFrame, DecisionSetup, HingeFrame, HingeSetup

RECORD_FORMAT = "netbuilder-run"
RECORD_VERSION = 1
CURVE_POINTS = 2000  # per curve: about a plot's width in pixels, twice over
# Which validation metric the run's metric curve follows, by task (the first one present wins).
METRIC_PREFERENCE = {"classification": ("accuracy", "acc"), "regression": ("rmse", "mae", "r2")}
MAX_LINEAGE = 32  # parents kept (and saved) behind a run: each one is a few curves of <= 2000 points

Weights = dict[str, torch.Tensor]


@dataclass(frozen=True)
class EpochRecord:
    """One finished epoch; ``epoch`` counts on from the parent run's epochs."""

    epoch: int
    train_loss: float
    val_loss: float | None
    metrics: dict[str, float]


def pick_metric(task: str | None, metrics: dict[str, float]) -> str | None:
    """The validation metric to plot for ``task``: the preferred one present, else the first one."""
    if not metrics:
        return None
    preferred = METRIC_PREFERENCE.get(task or "", ())
    return next((m for m in preferred if m in metrics), next(iter(metrics)))


def _epoch_of(record: EpochRecord) -> int:
    return record.epoch


def _finite(value: Any) -> float | None:
    return float(value) if value is not None and math.isfinite(float(value)) else None


class Run:
    """One training run (see the module docstring); built when Train is pressed, fed by the runner."""

    def __init__(
        self, training: dict[str, Any], dataset: dict[str, Any], *, parent: Run | None = None, number: int = 1
    ) -> None:
        self.number = number
        self.run_id: str | None = None  # its folder in the project's run store, once it has one
        self.training = copy.deepcopy(training)
        self.dataset = copy.deepcopy(dataset)
        self.created = time.time()
        self.parent = parent if parent is None or len(parent.lineage()) < MAX_LINEAGE else None
        self.epoch_offset = parent.last_epoch if parent is not None else 0
        self.planned_epochs: int | None = None
        self.task: str | None = None
        self.engine: tuple[int, str] | None = None  # (threads, device)
        self.notices: list[str] = []
        self.steps = DecimatedCurve(CURVE_POINTS)  # x: epochs, fractional, counted on from the parent
        self.train = DecimatedCurve(CURVE_POINTS)
        self.val = DecimatedCurve(CURVE_POINTS)
        self.metric = DecimatedCurve(CURVE_POINTS)
        self.epochs: list[EpochRecord] = []
        self.metric_name: str | None = None
        self.view_setup: DecisionSetup | HingeSetup | None = None
        self.frame: DecisionFrame | HingeFrame | None = None
        self.inside_views: tuple[str, ...] = ()  # the neuron/conv/recurrent/attention views that fit
        self.inside_frame: InsideFrame | None = None  # their newest frame
        self.last_step: StepStats | None = None
        self.paused = False
        self.outcome: str | None = None  # "finished" | "stopped" | "failed" once over
        self.finish_reason = ""
        self.failure: RunFailure | None = None
        self.result: TrainResult | None = None  # the trainer's summary (no tensors)
        self.report: Report | None = None
        self.weights: Weights | None = None
        self.diagnostics = DiagnosisHistory()  # gradient flow, unit health, linear regions over training
        # Work on the paused run, newest first: not saved (each is one moment of the run).
        self.explained: Explained | None = None
        self.landscape: LandscapeFound | None = None

    # ---- reading -----------------------------------------------------------------------------------
    @property
    def is_over(self) -> bool:
        return self.outcome is not None

    @property
    def last_epoch(self) -> int:
        """The absolute number of the last finished epoch (the parent's count when none finished yet)."""
        return self.epochs[-1].epoch if self.epochs else self.epoch_offset

    @property
    def planned_end(self) -> float | None:
        """Where this run's x axis ends if it runs all its epochs."""
        return None if self.planned_epochs is None else float(self.epoch_offset + self.planned_epochs)

    def lineage(self) -> list[Run]:
        """The runs this one continues, oldest first, and this run last."""
        chain: list[Run] = []
        run: Run | None = self
        while run is not None:
            chain.append(run)
            run = run.parent
        return chain[::-1]

    def progress_text(self) -> str:
        """What the Training panel says about this run: progress, then how it ended."""
        stats = self.last_step
        epochs = self.planned_epochs or (stats.epoch if stats is not None else 0)
        if stats is None:
            text = "Starting…" if self.outcome is None else ""
        else:
            rate = stats.global_step / stats.elapsed if stats.elapsed > 0 else math.nan
            total = max(1, epochs * stats.steps_per_epoch)
            done = (stats.epoch - 1) * stats.steps_per_epoch + stats.step
            eta = (total - done) / rate if math.isfinite(rate) and rate > 0 else math.nan
            rate_text = f"{rate:,.0f} steps/s" if math.isfinite(rate) else "…"
            eta_text = f"{eta:.0f} s left" if math.isfinite(eta) else "…"
            if self.outcome is not None:
                eta_text = f"{stats.elapsed:.1f} s"
            text = (
                f"epoch {stats.epoch}/{epochs} · step {stats.step}/{stats.steps_per_epoch} · {rate_text} · {eta_text}"
            )
        suffix = {
            "finished": f"finished ({self.finish_reason})" if self.finish_reason else "finished",
            "stopped": "stopped",
            "failed": "failed",
            "interrupted": "interrupted (the training process ended before the run did)",
        }.get(self.outcome or "")
        if suffix:
            text = f"{text} — {suffix}" if text else suffix.capitalize()
        elif self.paused:
            text += " (paused)"
        return text

    def progress_fraction(self) -> float:
        stats = self.last_step
        if stats is None or not self.planned_epochs:
            return 0.0
        total = max(1, self.planned_epochs * stats.steps_per_epoch)
        done = (stats.epoch - 1) * stats.steps_per_epoch + stats.step
        return min(1.0, done / total)

    # ---- feeding -----------------------------------------------------------------------------------
    def apply(self, reply: Reply) -> None:
        """Take one reply of the training process into the run."""
        if isinstance(reply, Progress):
            self.add_progress(reply.batch)
        elif isinstance(reply, Probed):
            self.frame = reply.frame
        elif isinstance(reply, RunStarted):
            self.planned_epochs, self.task = reply.epochs, reply.task
            self.engine = (reply.threads, reply.device)
            self.notices.extend(reply.notices)
            if not reply.resumed:  # fresh weights: nothing of the parent continues here
                self.parent, self.epoch_offset = None, 0
        elif isinstance(reply, ViewPlanned):
            self.view_setup = reply.setup
        elif isinstance(reply, RunEnded):
            self.end(reply.event, reply.weights)
        elif isinstance(reply, InsidePlanned):
            self.inside_views = reply.views
        elif isinstance(reply, InsideProbed):
            self.inside_frame = reply.frame
        elif isinstance(reply, Diagnosed):
            self.diagnostics.add(reply.frame, float(self.epoch_offset))
        elif isinstance(reply, Explained):
            self.explained = reply
        elif isinstance(reply, LandscapeFound):
            self.landscape = reply

    def add_progress(self, batch: ProgressBatch) -> None:
        offset = float(self.epoch_offset)
        if len(batch.step_x):
            keep = np.isfinite(batch.step_loss)
            self.steps.extend(batch.step_x[keep] + offset, batch.step_loss[keep])
        if batch.epochs:
            self.add_epochs(
                [
                    EpochRecord(epoch + self.epoch_offset, float(train_loss), _finite(val_loss), dict(metrics))
                    for epoch, train_loss, val_loss, metrics in batch.epochs
                ]
            )
        if batch.last_step is not None:
            self.last_step = batch.last_step
        self.notices.extend(message for message, _node in batch.notices)
        if batch.paused is not None:
            self.paused = batch.paused

    def add_epoch(self, record: EpochRecord) -> None:
        self.add_epochs([record])

    def add_epochs(self, records: list[EpochRecord]) -> None:
        """Finished epochs, oldest first: each curve is extended once per batch, not once per epoch.

        A tiny model sends ~200 epochs a second; one ``extend`` of a few arrays per batch keeps the
        GUI thread's share of that independent of the epoch rate.
        """
        for record in records:  # bounded: a long run keeps an even sample (the curves are decimated)
            thin_append(self.epochs, record, _epoch_of)
        if self.metric_name is None:
            self.metric_name = next((m for m in (pick_metric(self.task, r.metrics) for r in records) if m), None)
        x = np.fromiter((r.epoch for r in records), dtype=np.float64, count=len(records))
        train = np.fromiter((r.train_loss for r in records), dtype=np.float64, count=len(records))
        keep = np.isfinite(train)
        self.train.extend(x[keep], train[keep])
        val = np.array([math.nan if r.val_loss is None else r.val_loss for r in records], dtype=np.float64)
        keep = ~np.isnan(val)  # a val loss is finite or None (_finite)
        self.val.extend(x[keep], val[keep])
        name = self.metric_name or ""
        metric = np.array([r.metrics.get(name, math.nan) for r in records], dtype=np.float64)
        keep = np.isfinite(metric)
        self.metric.extend(x[keep], metric[keep])

    def end(self, event: Finished | Stopped | Failed | RunFailure, weights: Weights | None) -> None:
        self.paused = False
        if isinstance(event, Finished):
            self.outcome, self.finish_reason = "finished", event.reason
        elif isinstance(event, Stopped):
            self.outcome = "stopped"
        else:
            self.outcome = "failed"
            self.failure = RunFailure(event.message, event.node_id)
        result = getattr(event, "result", None)
        if isinstance(result, TrainResult):
            self.result = result
            self.report = result.report
        if weights is not None:
            self.weights = weights

    def rename_weights(self, old_id: str, new_id: str) -> None:
        """A node was renamed: its weights follow it (``old.weight`` → ``new.weight``)."""
        if self.weights is not None:
            self.weights = rekeyed(self.weights, old_id, new_id)

    # ---- saving --------------------------------------------------------------------------------------
    def to_record(self) -> dict[str, Any]:
        """The run as JSON-ready data (no weights, no probe frames), with its parents."""
        stats = self.last_step
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "number": self.number,
            "created": self.created,
            "training": self.training,
            "dataset": self.dataset,
            "epoch_offset": self.epoch_offset,
            "planned_epochs": self.planned_epochs,
            "task": self.task,
            "notices": list(self.notices),
            "curves": {name: getattr(self, name).to_json() for name in ("steps", "train", "val", "metric")},
            "epochs": [asdict(e) for e in self.epochs],
            "metric_name": self.metric_name,
            "last_step": None if stats is None else asdict(stats),
            "outcome": self.outcome,
            "finish_reason": self.finish_reason,
            "failure": None if self.failure is None else [self.failure.message, self.failure.node_id],
            "summary": None if self.result is None else self.result.summary(),
            "report": None if self.report is None else self.report.to_json(),
            "parent": None if self.parent is None else self.parent.to_record(),
            "diagnostics": self.diagnostics.to_json() if len(self.diagnostics) else None,
        }

    @classmethod
    def from_record(cls, data: Any, weights: Weights | None = None, depth: int = 0) -> Run:
        """The inverse of :meth:`to_record`; raises ``ValueError`` for data that is not a saved run."""
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            raise ValueError("not a saved NetBuilder run")
        if data.get("version") != RECORD_VERSION:
            raise ValueError(f"saved run version {data.get('version')!r} is not supported")
        if depth > MAX_LINEAGE:
            raise ValueError("a saved run has too many parents")
        try:
            parent_data = data.get("parent")
            parent = None if parent_data is None else cls.from_record(parent_data, None, depth + 1)
            run = cls(dict(data["training"]), dict(data["dataset"]), number=int(data["number"]))
            run.parent = parent
            run.created = float(data["created"])
            run.epoch_offset = int(data["epoch_offset"])
            run.planned_epochs = None if data["planned_epochs"] is None else int(data["planned_epochs"])
            run.task = None if data["task"] is None else str(data["task"])
            run.notices = [str(n) for n in data["notices"]]
            for name in ("steps", "train", "val", "metric"):
                setattr(run, name, DecimatedCurve.from_json(data["curves"][name]))
            run.epochs = [
                EpochRecord(int(e["epoch"]), float(e["train_loss"]), _finite(e["val_loss"]), dict(e["metrics"]))
                for e in data["epochs"]
            ]
            run.metric_name = data["metric_name"]
            run.last_step = None if data["last_step"] is None else StepStats(**data["last_step"])
            run.outcome = data["outcome"]
            run.finish_reason = str(data["finish_reason"])
            failure = data["failure"]
            run.failure = None if failure is None else RunFailure(str(failure[0]), failure[1])
            run.report = None if data["report"] is None else Report.from_json(data["report"])
            summary = data["summary"]
            if summary is not None:
                run.result = _result_from_summary(summary, run.report)
            if data.get("diagnostics"):  # runs saved before diagnostics existed have none
                run.diagnostics = DiagnosisHistory.from_json(data["diagnostics"])
        except (KeyError, TypeError, IndexError, AttributeError) as error:
            raise ValueError(f"a saved run is incomplete or damaged ({type(error).__name__}: {error})") from None
        run.weights = weights
        return run

    @classmethod
    def from_history(
        cls, history: list[dict[str, Any]], training: dict[str, Any], dataset: dict[str, Any], weights: Weights | None
    ) -> Run:
        """A finished run rebuilt from an epoch history alone (weights files saved before runs were)."""
        run = cls(training, dataset)
        run.task = "classification" if any("accuracy" in key for h in history for key in h) else "regression"
        for i, h in enumerate(history):
            metrics = {
                k.removeprefix("val_"): float(v)
                for k, v in h.items()
                if k.startswith("val_") and k != "val_loss" and isinstance(v, (int, float))
            }
            run.add_epoch(
                EpochRecord(
                    int(h.get("epoch", i + 1)),
                    float(h.get("train_loss", math.nan)),
                    _finite(h.get("val_loss")),
                    metrics,
                )
            )
        run.planned_epochs = len(run.epochs)
        run.outcome, run.weights = "finished", weights
        return run


def _result_from_summary(summary: dict[str, Any], report: Report | None) -> TrainResult:
    return TrainResult(
        test_metrics={str(k): float(v) for k, v in dict(summary.get("test") or {}).items() if v is not None},
        train_loss=summary.get("train_loss"),
        val_loss=summary.get("val_loss"),
        test_loss=summary.get("test_loss"),
        epochs=int(summary.get("epochs") or 0),
        steps=int(summary.get("steps") or 0),
        seconds=float(summary.get("seconds") or 0.0),
        device=str(summary.get("device") or "cpu"),
        best_epoch=summary.get("best_epoch"),
        restored_best=bool(summary.get("restored_best")),
        report=report,
    )


def rekeyed(weights: Weights, old_id: str, new_id: str) -> Weights:
    prefix = old_id + "."
    return {(new_id + "." + k[len(prefix) :]) if k.startswith(prefix) else k: v for k, v in weights.items()}
