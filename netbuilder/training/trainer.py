"""The training engine: a generator of typed events (see ``events.py``).

Drive it like this (a GUI worker does the same in its QThread; the CLI and the tests too)::

    control = TrainControl()
    trainer = Trainer(model, data, config, train_model=logits_model, control=control,
                      snapshot_every_seconds=0.2)
    for event in trainer.run():
        if isinstance(event, Snapshot):
            grid = probes.decision_grid(event.model, ...)  # computed here, in the worker thread
        elif isinstance(event, (Finished, Stopped, Failed)):
            result = event.result

Speed matters (the GUI redraws while it trains): the data lives on the device as tensors, each epoch
permutes it once and then takes contiguous slices (no DataLoader, no per-batch gathers), the
learning rate is written only when it changes, and the control object is read lock-free on the fast
path. Gradients are checked for NaN/Inf *before* the optimiser step, so a failed run keeps the last
good weights and can name the first layer whose gradient went bad.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.config import TrainConfig
from netbuilder.training.control import TrainControl
from netbuilder.training.device import pick_device, pick_threads
from netbuilder.training.events import (
    EpochStats,
    Failed,
    Finished,
    Notice,
    Paused,
    Resumed,
    Snapshot,
    StepStats,
    Stopped,
    TrainEvent,
    TrainResult,
    thin_append,
)
from netbuilder.training.init import initialize
from netbuilder.training.losses import (
    make_loss,
    penalty_params,
    prepare_targets,
    resolve_loss,
    weight_penalty,
)
from netbuilder.training.metrics import classification_metrics, predict_classes, regression_metrics
from netbuilder.training.optim import LRSchedule, make_optimizer, set_lr
from netbuilder.training.report import Report, classification_report, regression_report
from netbuilder.training.tensors import TrainData

log = logging.getLogger(__name__)

EVAL_CHUNK = 8192
# Permuting the whole training set once per epoch and slicing contiguous batches is faster than
# gathering each batch, but needs a second copy of the data: only do it below this size.
PERMUTE_WHOLE_BYTES = 256 * 1024 * 1024


def _node_of(param_name: str) -> str:
    return param_name.split(".", 1)[0]


def mode_switch(module: nn.Module) -> Callable[[bool], Any]:
    """``module.train`` (``False``: eval mode), made cheap for repeated use on the same module tree.

    ``Module.train`` walks the tree through ``children()`` and ``Module.__setattr__``: ~25 µs for a
    six-layer MLP, and a run with live views snapshots its model 40 times a second, twice each. The
    same flags set on a list of the modules made once cost ~1 µs. A module with its own ``train``
    keeps the plain call: it may do more than set its flag.
    """
    modules = list(module.modules())
    if any(type(m).train is not nn.Module.train for m in modules):
        return module.train

    def switch(mode: bool) -> None:
        for m in modules:
            m.__dict__["training"] = mode  # what Module.train sets, without its per-call overhead

    return switch


class Trainer:
    """Trains ``model`` on ``data`` with ``config``; :meth:`run` is the event generator.

    ``model`` is the inference module (what snapshots, probes and saved weights use). ``train_model``
    is what the loss sees; it defaults to ``model`` and is the logits module when a final Softmax or
    Sigmoid was folded into the loss (both share their parameters). ``node_order`` (graph node ids in
    topological order) decides which layer a NaN report names first.
    """

    def __init__(
        self,
        model: nn.Module,
        data: TrainData,
        config: TrainConfig,
        *,
        train_model: nn.Module | None = None,
        control: TrainControl | None = None,
        output_is_probability: bool = False,
        node_order: Sequence[str] | None = None,
        notices: Sequence[Notice] = (),
        init_weights: bool = True,
        snapshot_every_steps: int = 0,
        snapshot_every_seconds: float = 0.0,
        snapshot_at_doublings: bool = False,
        pause_poll: float = 0.1,
        check_all_gradients: bool = False,
    ) -> None:
        self.model = model
        self.train_model = train_model if train_model is not None else model
        self.data = data
        self.config = config
        self.control = control if control is not None else TrainControl()
        self.output_is_probability = output_is_probability
        self.node_order = list(node_order) if node_order is not None else None
        self.notices = list(notices)
        self.init_weights = init_weights
        self.snapshot_every_steps = snapshot_every_steps
        self.snapshot_every_seconds = snapshot_every_seconds
        # Snapshots at steps 1, 2, 4, 8, …: what the diagnostics read at the start of a run, where
        # gradients vanish or units die within the first fraction of a second. (A snapshot every epoch
        # did it before, ~200 a second for spiral, each passing through every layer of the job.)
        self.snapshot_at_doublings = snapshot_at_doublings
        self._mode_switches: tuple[Callable[[bool], Any], Callable[[bool], Any]] | None = None
        self.pause_poll = pause_poll
        self.optimizer: torch.optim.Optimizer | None = None  # the run's, once run() has started
        self.check_all_gradients = check_all_gradients  # scan every gradient each step (slower)
        self.seed: int = config.seed if config.seed is not None else random.randrange(2**31)
        self.device = pick_device(config.device)
        self.loss_name = ""
        self.num_outputs = 0

    # ---- the generator ----------------------------------------------------------------------------
    def run(self) -> Iterator[TrainEvent]:
        num_params = sum(p.numel() for p in self.model.parameters())
        threads = self.config.threads or pick_threads(num_params)
        previous_threads = torch.get_num_threads()
        torch.set_num_threads(threads)
        log.info("training %d parameters on %s with %d thread(s)", num_params, self.device, threads)
        try:
            yield from self._run()
        finally:
            torch.set_num_threads(previous_threads)

    def _run(self) -> Iterator[TrainEvent]:
        cfg, data, device = self.config, self.data, self.device
        yield from self.notices
        if self.init_weights:
            for message in initialize(self.model, cfg.init, self.seed, data.x_train, data.y_train):
                yield Notice(message)
        torch.manual_seed(self.seed)  # dropout and other in-model randomness
        shuffle_rng = torch.Generator().manual_seed(self.seed)
        self.model.to(device)
        self.train_model.to(device)

        x_train = data.x_train.to(device)
        with torch.no_grad():
            self.train_model.eval()
            probe_out = self.train_model(x_train[:2])
        self.num_outputs = int(probe_out.shape[-1]) if probe_out.ndim > 1 else 1
        self.loss_name = resolve_loss(cfg.loss, data.task, self.num_outputs)
        loss_fn = make_loss(
            self.loss_name, output_is_probability=self.output_is_probability, huber_delta=cfg.huber_delta
        )
        y_train = prepare_targets(self.loss_name, data.task, data.y_train, self.num_outputs).to(device)
        splits = {
            name: (x.to(device), prepare_targets(self.loss_name, data.task, y, self.num_outputs).to(device), y)
            for name in ("val", "test")
            for x, y in [data.split(name)]
            if x is not None and y is not None
        }

        n = x_train.shape[0]
        batch = min(cfg.batch_size, n)
        steps_per_epoch = math.ceil(n / batch)
        total_steps = steps_per_epoch * cfg.epochs
        optimizer = make_optimizer(self.train_model.parameters(), cfg.optimizer)
        # Readable while the run is paused: an explained step must continue its momentum/Adam state.
        self.optimizer = optimizer
        schedule = LRSchedule(cfg.schedule, cfg.optimizer.lr, steps_per_epoch, total_steps)
        named = self._named_params()
        params = [p for _, p in named]
        penalized = penalty_params(self.train_model) if (cfg.l1 or cfg.l2) else []
        sentinel: torch.Tensor | None = None
        full_check = self.check_all_gradients
        whole = cfg.shuffle and x_train.element_size() * x_train.numel() <= PERMUTE_WHOLE_BYTES

        result = TrainResult(device=str(device))
        control = self.control
        monitor_min_delta = cfg.early_stopping.min_delta if cfg.early_stopping else 0.0
        best_loss, bad_epochs = math.inf, 0
        global_step, samples = 0, 0
        paused_seconds = 0.0
        start = time.perf_counter()
        last_snapshot = start
        every_steps, every_seconds = self.snapshot_every_steps, self.snapshot_every_seconds
        next_doubling = 1 if self.snapshot_at_doublings else 0  # the next step to snapshot at (0: none)
        end_reason = "completed"
        stopped = False
        failure: tuple[str, str | None] | None = None
        current_lr = math.nan

        if self._snapshots_enabled:
            yield from self._snapshot(0, 0, 0.0)
        self.train_model.train()
        for epoch in range(1, cfg.epochs + 1):
            epoch_start_step = global_step
            loss_sum = 0.0
            loss_count = 0
            if cfg.shuffle:
                perm = torch.randperm(n, generator=shuffle_rng).to(device)
                if whole:
                    xs, ys = x_train[perm], y_train[perm]
                else:
                    xs, ys = x_train, y_train
            else:
                perm, xs, ys = None, x_train, y_train
            for step in range(1, steps_per_epoch + 1):
                if control.dirty:
                    new_lr = control.take_lr()
                    if new_lr is not None:
                        schedule.base_lr = new_lr
                        current_lr = math.nan  # force a write below
                    if not control.may_step():
                        pause_start = time.perf_counter()
                        while not control.stop_requested and not control.may_step():
                            yield Paused(global_step)
                            control.wait(self.pause_poll)
                        paused_seconds += time.perf_counter() - pause_start
                        if control.stop_requested:
                            stopped = True
                            break
                        new_lr = control.take_lr()
                        if new_lr is not None:
                            schedule.base_lr = new_lr
                            current_lr = math.nan
                        yield Resumed(global_step)
                global_step += 1
                lr = schedule.lr_at(global_step)
                if lr != current_lr:
                    set_lr(optimizer, lr)
                    current_lr = lr
                lo = (step - 1) * batch
                if perm is not None and not whole:
                    idx = perm[lo : lo + batch]
                    xb, yb = xs.index_select(0, idx), ys.index_select(0, idx)
                else:
                    xb, yb = xs[lo : lo + batch], ys[lo : lo + batch]
                out = self.train_model(xb)
                loss = loss_fn(out, yb)
                total = loss + weight_penalty(penalized, cfg.l1, cfg.l2) if penalized else loss
                optimizer.zero_grad(set_to_none=True)
                total.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward untyped
                loss_value = loss.item()
                if sentinel is None:
                    sentinel = next((p for p in params if p.grad is not None), None)
                # A NaN/Inf anywhere flows backwards into the input-most layer's gradient, so its sum
                # is a one-kernel check (a full check of every tensor costs ~20% of a tiny model's step);
                # the full scan runs only when this trips, to name the layer.
                grad_ok = sentinel is None or sentinel.grad is None or math.isfinite(sentinel.grad.sum().item())
                if not (math.isfinite(loss_value) and grad_ok and self._grads_finite(params, full_check)):
                    failure = self._describe_failure(named, loss_value, epoch, step, xb)
                    global_step -= 1
                    break
                optimizer.step()
                size = xb.shape[0]
                samples += size
                loss_sum += loss_value * size
                loss_count += size
                now = time.perf_counter()
                yield StepStats(
                    epoch, step, steps_per_epoch, global_step, loss_value, lr, samples, now - start - paused_seconds
                )
                # Inline, not a method: this runs every step.
                if (
                    (every_seconds and now - last_snapshot >= every_seconds)
                    or global_step == next_doubling
                    or (every_steps and global_step % every_steps == 0)
                ):
                    if global_step == next_doubling:
                        next_doubling *= 2
                    last_snapshot = now
                    yield from self._snapshot(epoch, global_step, now - start - paused_seconds)
            if failure is not None or stopped or global_step == epoch_start_step:
                break

            # ---- end of a full epoch: validation, best weights, schedules, early stopping ----
            train_loss = loss_sum / max(1, loss_count)
            val_loss: float | None = None
            val_metrics: dict[str, float] = {}
            if "val" in splits:
                val_loss, val_metrics = self._evaluate(loss_fn, *splits["val"])
            monitored = val_loss if val_loss is not None else train_loss
            is_best = monitored < best_loss - monitor_min_delta
            if is_best:
                best_loss, bad_epochs = monitored, 0
                result.best_epoch = epoch
                result.best_state = state_to_cpu(self.model)
            else:
                bad_epochs += 1
            schedule.epoch_end(monitored)
            elapsed = time.perf_counter() - start - paused_seconds
            result.epochs, result.steps = epoch, global_step
            result.train_loss, result.val_loss = train_loss, val_loss
            record: dict[str, Any] = {"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss, "lr": current_lr}
            record.update({f"val_{k}": v for k, v in val_metrics.items()})
            record["seconds"] = round(elapsed, 4)
            thin_append(result.history, record, lambda r: int(r["epoch"]))
            yield EpochStats(epoch, cfg.epochs, train_loss, val_loss, val_metrics, current_lr, elapsed, is_best)
            if cfg.early_stopping and bad_epochs >= cfg.early_stopping.patience:
                end_reason = "early_stopping"
                break
            if control.stop_requested:
                stopped = True
                break

        result.steps = global_step
        result.seconds = time.perf_counter() - start - paused_seconds
        result.last_state = state_to_cpu(self.model)
        restore = failure is None and not stopped and cfg.early_stopping and cfg.early_stopping.restore_best
        if restore and result.best_state is not None and result.best_epoch != result.epochs:
            self.model.load_state_dict(result.best_state)
            result.restored_best = True
            yield Notice(f"restored the weights of epoch {result.best_epoch} (best validation loss)")
        split = "test" if "test" in splits else "val" if "val" in splits else "train"
        final = splits.get(split, (x_train, y_train, data.y_train))
        result.test_loss, result.test_metrics, output = self._evaluate_outputs(loss_fn, *final)
        result.report = self._report(split, output, final[2], result.test_metrics)
        self.model.eval()
        if self._snapshots_enabled:
            yield from self._snapshot(result.epochs, global_step, result.seconds)
        if failure is not None:
            yield Failed(failure[0], result, failure[1])
        elif stopped:
            yield Stopped(result)
        else:
            yield Finished(result, end_reason)

    # ---- helpers ----------------------------------------------------------------------------------
    @property
    def _snapshots_enabled(self) -> bool:
        return bool(self.snapshot_every_steps or self.snapshot_every_seconds or self.snapshot_at_doublings)

    def _snapshot(self, epoch: int, global_step: int, elapsed: float) -> Iterator[Snapshot]:
        if self._mode_switches is None:
            self._mode_switches = (mode_switch(self.model), mode_switch(self.train_model))
        to_model_mode, to_train_mode = self._mode_switches
        was_training = self.train_model.training
        to_model_mode(False)
        try:
            # The consumer computes its probes while the generator is suspended here.
            yield Snapshot(epoch, global_step, elapsed, self.model)
        finally:
            to_train_mode(was_training)

    @staticmethod
    def _grads_finite(params: list[torch.Tensor], full: bool) -> bool:
        if not full:
            return True
        grads = [p.grad for p in params if p.grad is not None]
        return not grads or bool(torch.isfinite(torch.nn.utils.get_total_norm(grads, foreach=True)).item())

    def _named_params(self) -> list[tuple[str, torch.Tensor]]:
        named: list[tuple[str, torch.Tensor]] = [
            (k, p) for k, p in self.train_model.named_parameters() if p.requires_grad
        ]
        if self.node_order:
            rank = {node: i for i, node in enumerate(self.node_order)}
            named.sort(key=lambda item: rank.get(_node_of(item[0]), len(rank)))
        return named

    def _describe_failure(
        self, named: list[tuple[str, torch.Tensor]], loss_value: float, epoch: int, step: int, xb: torch.Tensor
    ) -> tuple[str, str | None]:
        """Name the first layer where a value stopped being finite: its weights, its output, its gradient.

        A loss of inf or NaN always starts somewhere: weights an earlier step pushed to inf, an output that
        overflowed in this batch's forward pass, or (with every value finite) an output so large that the
        loss itself overflows; the layer is named in each case.
        """
        where = f"epoch {epoch}, step {step}"
        advice = "(try a lower learning rate, normalised inputs or gradient-friendly activations)"
        for name, p in named:
            if not bool(torch.isfinite(p.detach()).all()):
                node = _node_of(name)
                return (
                    f"training stopped at {where}: the weights of '{node}' ({name}) became NaN or infinite {advice}",
                    node,
                )
        bad_output, last_output = self._forward_outputs(xb)
        if bad_output is not None:
            return (
                f"training stopped at {where}: the output of '{bad_output}' became NaN or infinite {advice}",
                bad_output,
            )
        for name, p in named:
            if p.grad is not None and not bool(torch.isfinite(p.grad).all()):
                node = _node_of(name)
                return (
                    f"training stopped at {where}: the gradient of '{node}' ({name}) became NaN or infinite {advice}",
                    node,
                )
        if last_output is not None:
            return (
                f"training stopped at {where}: the loss became {loss_value} because the output of '{last_output}' "
                f"is too large for it {advice}",
                last_output,
            )
        return (f"training stopped at {where}: the loss became {loss_value} (try a lower learning rate)", None)

    def _forward_outputs(self, xb: torch.Tensor) -> tuple[str | None, str | None]:
        """(first layer whose output on ``xb`` is not finite, last layer that ran), in execution order."""
        order: list[tuple[str, bool]] = []

        def recorder(name: str) -> Any:
            def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
                tensors = output if isinstance(output, tuple | list) else (output,)
                finite = all(bool(torch.isfinite(t).all()) for t in tensors if torch.is_tensor(t))
                order.append((name, finite))

            return hook

        handles = [child.register_forward_hook(recorder(name)) for name, child in self.train_model.named_children()]
        try:
            with torch.no_grad():
                self.train_model(xb)
        except RuntimeError:  # the probe is best effort: the failure message must still come out
            log.debug("re-running the failed batch to find the layer failed", exc_info=True)
        finally:
            for handle in handles:
                handle.remove()
        first_bad = next((name for name, finite in order if not finite), None)
        return first_bad, order[-1][0] if order else None

    def _evaluate(
        self, loss_fn: Any, x: torch.Tensor, y: torch.Tensor, y_raw: torch.Tensor
    ) -> tuple[float, dict[str, float]]:
        """Loss and metrics over a whole split, in eval mode and in chunks (bounded memory)."""
        loss, metrics, _ = self._evaluate_outputs(loss_fn, x, y, y_raw)
        return loss, metrics

    def _evaluate_outputs(
        self, loss_fn: Any, x: torch.Tensor, y: torch.Tensor, y_raw: torch.Tensor
    ) -> tuple[float, dict[str, float], np.ndarray]:
        """:meth:`_evaluate`, also returning the outputs (CPU, float32) the metrics were computed from."""
        was_training = self.train_model.training
        self.train_model.eval()
        outs, loss_total = [], 0.0
        with torch.no_grad():
            for lo in range(0, x.shape[0], EVAL_CHUNK):
                out = self.train_model(x[lo : lo + EVAL_CHUNK])
                loss_total += float(loss_fn(out, y[lo : lo + EVAL_CHUNK])) * out.shape[0]
                outs.append(out)
        self.train_model.train(was_training)
        output = torch.cat(outs).float().cpu().numpy()
        loss = loss_total / max(1, x.shape[0])
        if self.data.task == "classification":
            pred = predict_classes(output, self.output_is_probability)
            metrics = classification_metrics(y_raw.cpu().numpy(), pred, self.data.num_classes)
        else:
            metrics = regression_metrics(y.cpu().numpy(), output)
        return loss, metrics, output

    def _report(self, split: str, output: np.ndarray, y_raw: torch.Tensor, metrics: dict[str, float]) -> Report:
        """The Results view's report, from the outputs that gave ``metrics``: one rule, one answer."""
        truth = y_raw.cpu().numpy()
        if self.data.task == "classification":
            pred = predict_classes(output, self.output_is_probability)
            classes = int(self.data.num_classes or max(int(output.shape[-1]) if output.ndim > 1 else 2, 2))
            return classification_report(split, truth, pred, metrics, classes, self.data.class_names)
        return regression_report(split, truth, output, metrics)


def final_event(events: Iterator[TrainEvent]) -> TrainEvent:
    """Run a generator to the end and return its terminal event (tests, scripts)."""
    last: TrainEvent | None = None
    for event in events:
        last = event
    assert last is not None
    return last


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and torch (for scripts that build data or models outside the trainer)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
