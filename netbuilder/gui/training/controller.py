"""``TrainingController``: the one owner of training for a document — runs, dataset, weights.

The main window creates it beside the document and the editor. It owns

- the :class:`TrainingSession` (the Qt adapter of the training runner) and the state of the active job;
- the runs: every Train makes a new :class:`~netbuilder.training.runner.run.Run` (kept in
  :attr:`runs`; :attr:`run` is the one the views show), fed by the session's replies and recorded in
  a run folder (:attr:`history`, a :class:`RunHistory`); Reset forgets the current run, and a
  project's current run comes back with its weights when the project is opened;
- the dataset of the project's dataset section, built off the GUI thread and cached by spec;
- the weights, which belong to the current run.

Panels and views never reach into each other: they call the controller's methods and listen to its
signals. Everything the views draw is in :attr:`run`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import torch
from PySide6.QtCore import QObject, Signal

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.project import Project
from netbuilder.data import Dataset, build_dataset
from netbuilder.gui.background import Background, Ticket
from netbuilder.gui.commands import AddNode, Connect, SetParam
from netbuilder.gui.training.lr_finder import LRFinder
from netbuilder.gui.training.restore_command import RestoreRun
from netbuilder.gui.training.run_history import RunHistory
from netbuilder.gui.training.section_command import ChooseDataset, SetSection
from netbuilder.gui.training.session import RunState, TrainingSession
from netbuilder.training.config import TrainConfig
from netbuilder.training.data_fit import fit_edits, fit_mismatch, wanted_outputs
from netbuilder.training.errors import TrainingError
from netbuilder.training.runner.batching import RunFailure
from netbuilder.training.runner.inside_weights import inside_frame_for
from netbuilder.training.runner.kept_weights import Revival, frame_for, revive_dead_units
from netbuilder.training.runner.messages import (
    CancelWork,
    ExplainStep,
    FindLandscape,
    InsideProbed,
    Job,
    Probed,
    RunEnded,
    RunStarted,
    ViewPlanned,
)
from netbuilder.training.runner.process import job_environment
from netbuilder.training.runner.run import Run, rekeyed
from netbuilder.training.runner.views import view_kind
from netbuilder.training.runs.rewind import checkpoint_views

log = logging.getLogger(__name__)

DATASET_CACHE_SIZE = 4
NODE_GAP = 260.0  # canvas units between proposed cards: room for the hidden layers dropped between
Weights = dict[str, torch.Tensor]


class TrainingController(QObject):
    state_changed = Signal(str)  # RunState value of the active job
    run_replaced = Signal()  # `run` is another run (or None): views redraw from scratch
    run_updated = Signal(object)  # the reply `run` just took in (RunStarted, ViewPlanned, Progress, Probed)
    run_ended = Signal()  # `run` is over (its outcome, report and weights are set)
    weights_changed = Signal()
    dataset_changed = Signal()  # `dataset`, `dataset_error` or `dataset_pending` changed
    message = Signal(str, int)  # text for the status bar, milliseconds to show it
    checkpoint_shown = Signal(object, object)  # epoch (None: the run's end), that moment's Report or None

    def __init__(self, document: Any, editor: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.editor = editor
        self.session = TrainingSession(self)
        self.background = Background(self)
        self.history = RunHistory(self)
        self.history.problem.connect(lambda text: self.message.emit(text, 10_000))
        self.runs: list[Run] = []
        self.watched_views: tuple[str, ...] | None = None  # inside views on screen (None: all)
        self.run: Run | None = None
        self._live: Run | None = None  # the run the active job feeds
        self._pending_renames: list[tuple[str, str]] = []
        self.dataset: Dataset | None = None
        self.dataset_error = ""
        self.dataset_pending = False
        self._dataset_key = ""
        self._dataset_cache: dict[str, Dataset] = {}
        self._dataset_ticket: Ticket | None = None
        self._frame_ticket: Ticket | None = None
        self._fit_command: ChooseDataset | None = None  # waits for its dataset to fit the network to it
        self.session.state_changed.connect(self.state_changed)
        self.session.replied.connect(self._on_session_replied)
        document.project_replaced.connect(self._on_document_project_replaced)
        document.section_changed.connect(self._on_document_section_changed)
        document.node_renamed.connect(self._on_document_node_renamed)
        document.saved.connect(self._on_document_saved)
        self._on_document_project_replaced()
        self.lr_finder = LRFinder(self)  # the learning-rate range test, a side job of a training process

    # ---- reading -------------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        project: Project = self.document.project
        return project

    @property
    def base_dir(self) -> Path | None:
        return self.document.path.parent if self.document.path is not None else None

    @property
    def state(self) -> RunState:
        return self.session.state

    @property
    def is_active(self) -> bool:
        return self.session.is_active

    @property
    def weights(self) -> Weights | None:
        return self.run.weights if self.run is not None else None

    def view_kind(self) -> str | None:
        """The live view that fits the current dataset: "decision", "hinge" or None."""
        return view_kind(self.dataset)

    def fit_problem(self) -> str:
        return fit_mismatch(self.document.graph, self.dataset)

    # ---- runs ----------------------------------------------------------------------------------
    def train(self, start: tuple[int, Weights] | None = None) -> bool:
        """Start a new run on a snapshot of the project; it continues from the current run's weights.

        ``start`` (epoch, weights) continues from a checkpoint of the current run instead of its end.
        Problems that stop it from starting (bad settings, no process) become :attr:`run` failures.
        """
        if self.session.is_active:
            return False
        project = self.project
        parent = self.run if self.run is not None and (self.run.weights is not None or start) else None
        run = Run(project.training, project.dataset, parent=parent, number=len(self.runs) + 1)
        weights = parent.weights if parent is not None else None
        if start is not None:
            run.epoch_offset, weights = start
        snapshot = project.to_dict()
        try:
            TrainConfig.from_dict(project.training)
            parent_id = parent.run_id if parent is not None else None
            run_dir = self.history.start(snapshot, run, parent_id, start[0] if start is not None else None)
            job = Job(
                snapshot,
                str(self.base_dir) if self.base_dir else None,
                weights,
                job_environment(),
                run_dir=run_dir,
                epoch_offset=run.epoch_offset,
                watch=self.watched_views,
            )
            self.session.start(job)
        except NetBuilderError as error:
            self.history.abandon(run)
            run.end(RunFailure(error.message, getattr(error, "node_id", None)), None)
            self._set_run(run)
            self.run_ended.emit()
            return False
        self._live = run
        self.runs.append(run)
        self._set_run(run)
        return True

    def pause(self) -> None:
        self.session.pause()

    def resume(self) -> None:
        self.session.resume()

    def step(self) -> None:
        self.session.step()

    def stop(self) -> None:
        self.session.stop()

    def toggle_pause(self) -> None:
        if self.state == RunState.RUNNING:
            self.pause()
        else:
            self.resume()

    def set_lr(self, lr: float) -> None:
        self.session.set_lr(lr)

    def explain_step(self, node_id: str) -> None:
        """Run the paused run's next step on one batch, explained for ``node_id`` (replies: Explained)."""
        if self.state == RunState.PAUSED:
            self.session.send_work(ExplainStep(node_id))

    def find_landscape(self, directions: str = "random") -> None:
        """A loss slice around the paused run's weights (replies: LandscapeFound), cancelled by cancel_work."""
        if self.state == RunState.PAUSED:
            self.session.send_work(FindLandscape(directions))

    def cancel_work(self) -> None:
        self.session.send_work(CancelWork())

    def reset(self) -> None:
        """Forget the current run and its weights: the next Train starts from a fresh initialisation."""
        if self.session.is_active:
            return
        self._set_run(None)
        self.weights_changed.emit()

    def use_weights(self, weights: Weights) -> None:
        """Make ``weights`` (from elsewhere: an import, a test) the current run's, as a run with no curves."""
        if self.session.is_active:
            return
        run = Run.from_history([], self.project.training, self.project.dataset, dict(weights))
        self.runs.append(run)
        self._set_run(run)
        self.weights_changed.emit()
        self.refresh_frame()

    def replace_weights(self, weights: Weights) -> None:
        """Give the current run other weights (revived units; their undo); needs no active job."""
        if self.run is None or self.session.is_active:
            return
        self.run.weights = weights
        self.weights_changed.emit()
        self.refresh_frame()

    def revive_dead_units(self) -> Revival:
        """New weights with every dead ReLU unit re-initialised (raises ``NetBuilderError``)."""
        if self.weights is None:
            raise TrainingError(self.tr("train first: there are no weights to repair yet"))
        return revive_dead_units(self.project, self.weights, self.base_dir, self._dataset_for_project())

    def shutdown(self) -> None:
        self.session.shutdown()
        self.lr_finder.shutdown()
        self.background.shutdown()
        self.history.shutdown()

    # ---- the run history: open, rewind, fork ---------------------------------------------------
    def open_run(self, run_id: str) -> bool:
        """Show a kept run and put its graph and settings into the editor (one undo step)."""
        if self.session.is_active:
            return False
        entry = self.history.entry(run_id)
        try:
            run = self.history.load(run_id)
        except NetBuilderError as error:
            self.message.emit(f"⚠ {error}", 10_000)
            return False
        if entry is not None:
            try:
                command = RestoreRun(self.project, entry.project, self.tr("Open run {0}").format(entry.name))
            except NetBuilderError as error:  # a snapshot the graph reader refuses: nothing was changed
                self.message.emit(f"⚠ {entry.id}: {error}", 10_000)
                return False
            self.document.undo_stack.push(command)
        self.runs.append(run)
        self._set_run(run)
        self.weights_changed.emit()
        self.refresh_frame()
        return True

    def show_checkpoint(self, epoch: int | None) -> None:
        """Make the views show the current run's checkpoint at ``epoch`` (None: its final weights)."""
        run = self.run
        if run is None or run.run_id is None or self.session.is_active:
            return
        if epoch is None:
            self.checkpoint_shown.emit(None, run.report)
            self.refresh_frame()
            return
        run_id, store = run.run_id, self.history.store
        self.refresh_frame(lambda: store.checkpoint(run_id, epoch), epoch)

    def continue_from(self, epoch: int) -> bool:
        """Fork a new run from the current run's checkpoint at ``epoch``, with the current settings."""
        run = self.run
        if run is None or run.run_id is None or self.session.is_active:
            return False
        try:
            weights = self.history.store.checkpoint(run.run_id, epoch)
        except NetBuilderError as error:
            self.message.emit(f"⚠ {error}", 10_000)
            return False
        return self.train((epoch, weights))

    def _set_run(self, run: Run | None) -> None:
        self.run = run
        if self._frame_ticket is not None:
            self._frame_ticket.cancel()
        self.run_replaced.emit()

    def _on_session_replied(self, reply: Any) -> None:
        run = self._live
        if run is None:
            return
        run.apply(reply)
        if isinstance(reply, RunStarted):
            for notice in reply.notices:
                self.message.emit(f"⚠ {notice}", 10_000)
        if isinstance(reply, RunEnded):
            self._live = None
            for old_id, new_id in self._pending_renames:
                run.rename_weights(old_id, new_id)
            self._pending_renames.clear()
            self.history.finish(run)
            if run is self.run:
                self.run_ended.emit()
                if run.weights is not None:
                    self.weights_changed.emit()
            # Trained weights and the run are part of what Save keeps.
            self.document.mark_modified()
        elif run is self.run:
            self.run_updated.emit(reply)

    # ---- the live view from kept weights --------------------------------------------------------
    def refresh_frame(self, read_weights: Any = None, epoch: int | None = None) -> None:
        """Recompute the current run's view frame from its weights, off the GUI thread.

        With ``read_weights`` (the checkpoint of ``epoch``), from those weights, with their report too.
        """
        run = self.run
        if run is None or (run.weights is None and read_weights is None) or self.session.is_active:
            return
        if self._frame_ticket is not None:
            self._frame_ticket.cancel()
        snapshot, weights, base_dir, dataset = self._kept_inputs(run)

        def compute() -> Any:
            from netbuilder.core.project import project_from_dict

            if read_weights is not None:
                views = checkpoint_views(project_from_dict(snapshot), read_weights(), base_dir, dataset)
                return views.setup, views.frame, views.report
            return (*frame_for(project_from_dict(snapshot), weights, base_dir, dataset), None)

        def done(result: Any) -> None:
            if self.run is not run:
                return
            setup, frame, report = result
            if read_weights is not None:
                self.checkpoint_shown.emit(epoch, report)
            run.view_setup = setup
            self.run_updated.emit(ViewPlanned(setup))
            if frame is not None:
                run.frame = frame
                self.run_updated.emit(Probed(frame))

        def failed(error: Exception) -> None:
            if isinstance(error, NetBuilderError):
                self.message.emit(self.tr("⚠ no view for the kept weights: {0}").format(error.message), 10_000)
            else:
                log.info("no view for the kept weights", exc_info=error)

        self._frame_ticket = self.background.submit(compute, done, failed)

    # ---- the inside views (neurons, convolutions, recurrent states, attention) ----------------------
    def watch_views(self, names: tuple[str, ...]) -> None:
        """The inside views a person can see now: runs compute only those (a hidden dock costs nothing)."""
        self.watched_views = tuple(names)
        if self.session.is_active:
            self.session.watch_views(self.watched_views)

    @property
    def is_feeding(self) -> bool:
        """Whether a job still sends frames for the current run (its end not received yet); the session
        stays active a moment longer, while its process winds down."""
        return self._live is not None and self._live is self.run

    def show_sample(self, index: int) -> None:
        """Show test sample ``index`` in the inside views: the running job probes it next; without a
        running job, its frame is computed from the kept weights off the GUI thread."""
        if self.is_feeding:
            self.session.show_sample(index)
        else:
            self.refresh_inside(first_sample=index)

    def _kept_inputs(self, run: Run) -> tuple[dict[str, Any], Weights | None, Path | None, Dataset | None]:
        """What a background computation from ``run``'s weights needs, taken now on the GUI thread."""
        return self.project.to_dict(), run.weights, self.base_dir, self._dataset_for_project()

    def refresh_inside(self, first_sample: int | None = None) -> None:
        """Recompute the current run's inside frame from its weights, off the GUI thread."""
        run = self.run
        if run is None or run.weights is None or self.is_feeding:
            return
        snapshot, weights, base_dir, dataset = self._kept_inputs(run)

        def compute() -> Any:
            from netbuilder.core.project import project_from_dict

            return inside_frame_for(project_from_dict(snapshot), weights, base_dir, dataset, first_sample)

        def done(frame: Any) -> None:
            if self.run is run and frame is not None:
                run.inside_views, run.inside_frame = frame.views, frame
                self.run_updated.emit(InsideProbed(frame))

        def failed(error: Exception) -> None:
            log.info("no inside views for the kept weights", exc_info=error)

        self.background.submit(compute, done, failed)

    # ---- dataset -------------------------------------------------------------------------------
    def choose_dataset(self, spec: dict[str, Any], text: str) -> None:
        """Replace the dataset section (one undo step) and fit the Input and output layer to the new data."""
        command = ChooseDataset(self.project, spec, text)
        self.document.undo_stack.push(command)
        self._fit_command = command
        self._fit_when_ready()

    def set_training(self, training: dict[str, Any], text: str, merge_key: str = "") -> None:
        self.document.undo_stack.push(SetSection(self.project, "training", training, text, merge_key=merge_key))

    def fit_network_to_data(self) -> None:
        """Set the Input shape and the last Dense layer's size from the dataset, as one undo step."""
        if self.dataset is None:
            return
        stack = self.document.undo_stack
        stack.beginMacro(self.tr("Fit the network to the data"))
        try:
            for node_id, key, value in fit_edits(self.document.graph, self.dataset):
                self.editor.set_param(node_id, key, value)
        finally:
            stack.endMacro()

    def reload_dataset(self) -> None:
        """Build the dataset again (its files changed, e.g. after a download)."""
        self._dataset_cache.pop(self._dataset_key, None)
        self._dataset_key = ""
        self._request_dataset()

    def _cache_key(self) -> str:
        return json.dumps(
            [self.project.dataset, str(self.base_dir), sorted(job_environment().items())], sort_keys=True, default=str
        )

    def _dataset_for_project(self) -> Dataset | None:
        return self.dataset if self._dataset_key == self._cache_key() else None

    def _request_dataset(self) -> None:
        key = self._cache_key()
        if key == self._dataset_key and (self.dataset is not None or self.dataset_pending or self.dataset_error):
            return
        self._dataset_key = key
        if self._dataset_ticket is not None:
            self._dataset_ticket.cancel()
            self._dataset_ticket = None
        spec, base_dir = dict(self.project.dataset), self.base_dir
        if not spec.get("kind"):
            self._set_dataset(None, "", pending=False)
            return
        cached = self._dataset_cache.get(key)
        if cached is not None:
            self._set_dataset(cached, "", pending=False)
            return
        self._set_dataset(None, "", pending=True)

        def done(dataset: Any) -> None:
            self._dataset_cache[key] = dataset
            while len(self._dataset_cache) > DATASET_CACHE_SIZE:
                self._dataset_cache.pop(next(iter(self._dataset_cache)))
            if key == self._dataset_key:
                self._set_dataset(dataset, "", pending=False)

        def failed(error: Exception) -> None:
            if key != self._dataset_key:
                return
            if isinstance(error, NetBuilderError):
                self._set_dataset(None, error.message, pending=False)
            else:
                log.error("building the dataset failed", exc_info=error)
                self._set_dataset(
                    None,
                    self.tr("cannot build this dataset: {0}: {1}").format(type(error).__name__, error),
                    pending=False,
                )

        self._dataset_ticket = self.background.submit(lambda: build_dataset(spec, base_dir=base_dir), done, failed)

    def _set_dataset(self, dataset: Dataset | None, error: str, *, pending: bool) -> None:
        self.dataset, self.dataset_error, self.dataset_pending = dataset, error, pending
        self.dataset_changed.emit()
        if dataset is not None:
            self._fit_when_ready()

    def _fit_when_ready(self) -> None:
        """Fit the network to the dataset the last ChooseDataset asked for, inside that same undo step."""
        command = self._fit_command
        if command is None or self.dataset is None or self._dataset_key != self._cache_key():
            return
        self._fit_command = None
        stack = self.document.undo_stack
        on_top = stack.index() == stack.count() and stack.count() > 0 and stack.command(stack.count() - 1) is command
        if not on_top:  # something else was done meanwhile: the panel offers the fit instead
            return
        graph = self.document.graph
        if len(graph) == 0:
            self._propose_ends(command)
            return
        for node_id, key, value in fit_edits(graph, self.dataset):
            try:
                command.add_applied(SetParam(node_id, key, value))
            except NetBuilderError as error:
                log.info("could not fit %s.%s to the data: %s", node_id, key, error)

    def _propose_ends(self, command: ChooseDataset) -> None:
        """An empty canvas and a dataset: propose the Input and the output layer, linked, in the same step.

        The link between them is where the person drops hidden layers (a drop on a link inserts).
        """
        dataset = self.dataset
        wanted = wanted_outputs(dataset) if dataset is not None else None
        if dataset is None or not wanted:
            return
        shape = list(dataset.input_shape)
        steps = [
            AddNode("Input", {"shape": shape}, (0.0, 0.0)),
            AddNode("Dense", {"out_features": int(wanted)}, (NODE_GAP * 3, 0.0)),
        ]
        try:
            for step in steps:
                command.add_applied(step)
            source, output = (step.node_id for step in steps)
            assert source is not None and output is not None
            command.add_applied(Connect(source, output))
        except NetBuilderError as error:
            log.info("could not propose the ends of a network: %s", error)
            return
        self.message.emit(
            self.tr(
                "Added an Input of shape {shape} and an output layer of {n}: drop hidden layers on the link"
            ).format(shape=tuple(shape), n=wanted),
            10_000,
        )

    # ---- slots ---------------------------------------------------------------------------------
    def _on_document_project_replaced(self) -> None:
        self.session.shutdown()
        self._live = None
        self._pending_renames.clear()
        self._fit_command = None
        self.runs = []
        self._set_run(None)
        self.weights_changed.emit()
        self._dataset_key = ""
        self._request_dataset()
        path = Path(self.document.path) if self.document.path is not None else None
        self.history.attach(path)
        if path is not None:
            try:
                run = self.history.load_current(path, self.project)
            except NetBuilderError as error:
                self.message.emit(f"⚠ {error}", 10_000)
                run = None
            if run is not None:
                self.runs = [run]
                self._set_run(run)
                self.weights_changed.emit()
                self.refresh_frame()

    def _on_document_section_changed(self, section: str) -> None:
        if section == "dataset":
            self._request_dataset()

    def _on_document_node_renamed(self, old_id: str, new_id: str) -> None:
        if self._live is not None:
            self._pending_renames.append((old_id, new_id))  # the weights still to come carry the old names
        for run in self.runs:
            if run is not self._live:
                run.rename_weights(old_id, new_id)
        if self.run is not None and self.run is not self._live and self.run.weights is not None:
            self.weights_changed.emit()

    def _on_document_saved(self, path: str) -> None:
        # Runs are written as they train; Save copies an unsaved project's runs beside the file.
        self.history.save_to(Path(path), self.project, self.runs, self.run)


__all__ = ["TrainingController", "rekeyed"]
