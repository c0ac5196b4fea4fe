"""The runs of a project on disk: one folder per run in ``runs/<project name>/`` beside the project file.

A run folder holds

- ``run.json``: who the run is (id, name, star, when, the run it continued and from which epoch) and the
  project snapshot it trained (graph, dataset and training sections); written when the run starts;
- ``progress.jsonl``: one line per finished epoch, appended by the training process as it goes;
- ``checkpoints/epoch-NNNNNN.safetensors``: weights kept during training (see :mod:`.checkpoints`);
- ``weights.safetensors``: the final weights; ``tb/``: TensorBoard event files;
- ``record.json``: the :class:`~netbuilder.training.runner.run.Run` record (curves, report), written last.

``record.json`` marks a run as complete. A folder without it whose run is not training right now was
cut short (the process was killed): it lists as *interrupted*, its epochs come from ``progress.jsonl``
and its weights from its newest checkpoint. A folder whose ``run.json`` cannot be read lists as
*damaged* with the reason; it never stops the other runs (or the project) from opening. Every file
except the append-only progress log is written atomically. ``runs/<project name>/`` rather than
``runs/`` alone keeps two projects saved in one folder from mixing their runs; ``tensorboard --logdir
runs`` still finds them all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.files import read_regular_file
from netbuilder.core.project import atomic_write_bytes
from netbuilder.core.schema import parse_json
from netbuilder.training.checkpoint import read_weights, save_weights
from netbuilder.training.runner.run import Run

log = logging.getLogger(__name__)

RUNS_FOLDER = "runs"
META_FILE = "run.json"
RECORD_FILE = "record.json"
PROGRESS_FILE = "progress.jsonl"
WEIGHTS_FILE = "weights.safetensors"
CHECKPOINTS_FOLDER = "checkpoints"
TENSORBOARD_FOLDER = "tb"
META_FORMAT = "netbuilder-run-folder"
META_VERSION = 1
_CHECKPOINT_NAME = re.compile(r"^epoch-(\d{6})\.safetensors$")
_RUN_ID = re.compile(r"^run-(\d{4,})$")

Weights = dict[str, torch.Tensor]


class RunStoreError(NetBuilderError):
    """A run folder cannot be written or read (the message names the file)."""


def runs_folder_for(project_path: str | Path) -> Path:
    """``dir/name.nbproj`` → ``dir/runs/name``."""
    path = Path(project_path)
    return path.parent / RUNS_FOLDER / path.stem


def checkpoint_name(epoch: int) -> str:
    return f"epoch-{epoch:06d}.safetensors"


def write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, (json.dumps(data, indent=1, allow_nan=True) + "\n").encode("utf-8"))


@dataclass
class RunEntry:
    """One run folder as listed: enough for the Runs panel and ``netbuilder runs`` without loading tensors."""

    id: str
    path: Path
    status: str  # "finished" | "stopped" | "failed" | "running" | "interrupted" | "damaged"
    name: str = ""
    starred: bool = False
    created: float = 0.0
    project: dict[str, Any] = field(default_factory=dict)  # the snapshot it trained
    parent: str | None = None
    from_epoch: int | None = None  # the epoch of the parent's checkpoint it continued from
    epochs: list[dict[str, Any]] = field(default_factory=list)  # finished epochs (history records)
    summary: dict[str, Any] | None = None  # the trainer's final summary (test metrics, seconds)
    checkpoints: list[int] = field(default_factory=list)
    size: int = 0  # bytes on disk
    error: str = ""  # why a damaged folder is damaged

    @property
    def number(self) -> int:
        found = _RUN_ID.match(self.id)
        return int(found.group(1)) if found else 0

    @property
    def training(self) -> dict[str, Any]:
        return dict(self.project.get("training") or {})

    @property
    def dataset(self) -> dict[str, Any]:
        return dict(self.project.get("dataset") or {})

    @property
    def final_metrics(self) -> dict[str, float]:
        """The test metrics when the run finished, else the last epoch's validation metrics."""
        if self.summary and self.summary.get("test"):
            return {str(k): float(v) for k, v in self.summary["test"].items() if v is not None}
        if self.epochs:
            last = self.epochs[-1]
            return {k.removeprefix("val_"): float(v) for k, v in last.items() if k.startswith("val_") and v is not None}
        return {}

    @property
    def seconds(self) -> float | None:
        if self.summary and self.summary.get("seconds") is not None:
            return float(self.summary["seconds"])
        if self.epochs and self.epochs[-1].get("seconds") is not None:
            return float(self.epochs[-1]["seconds"])
        return None

    def to_json(self) -> dict[str, Any]:
        """What ``netbuilder runs --json`` prints for this run."""
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "starred": self.starred,
            "created": self.created,
            "parent": self.parent,
            "from_epoch": self.from_epoch,
            "epochs": len(self.epochs),
            "training": self.training,
            "final": self.final_metrics,
            "train_loss": self.epochs[-1].get("train_loss") if self.epochs else None,
            "val_loss": self.epochs[-1].get("val_loss") if self.epochs else None,
            "seconds": self.seconds,
            "checkpoints": list(self.checkpoints),
            "size_bytes": self.size,
            "path": str(self.path),
            "error": self.error,
        }


# A run's JSON files are written by us, but a run folder can be edited or damaged like any file:
# read them bounded in size and in nesting, as every other file the app opens.
MAX_JSON_BYTES = 256 * 2**20


def read_json_file(path: Path) -> Any:
    """The JSON value in ``path``; raises ``ValueError`` (or ``OSError``) for anything else."""
    if not path.exists():
        raise FileNotFoundError(str(path))
    try:
        text = read_regular_file(path, MAX_JSON_BYTES, what="run file").decode("utf-8")
        return parse_json(text, allow_nan=True)
    except NetBuilderError as error:
        raise ValueError(error.message) from None
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text ({error.reason})") from None


def read_progress(path: Path) -> list[dict[str, Any]]:
    """The epochs logged so far; a torn last line (the process died mid-write) is skipped."""
    epochs: list[dict[str, Any]] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return epochs
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and "epoch" in item:
            epochs.append(item)
    return epochs


def list_checkpoints(run_dir: Path) -> list[int]:
    folder = run_dir / CHECKPOINTS_FOLDER
    if not folder.is_dir():
        return []
    found = (_CHECKPOINT_NAME.match(p.name) for p in folder.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def folder_size(path: Path) -> int:
    """Bytes on disk; a hard-linked file (the last checkpoint is the final weights) counts once."""
    total, seen = 0, set()
    for item in path.rglob("*"):
        with contextlib.suppress(OSError):
            stat = item.stat()
            if item.is_file() and (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


class RunStore:
    """The run folders of one project (``root`` = ``runs/<project name>``); ``live`` ids are training now."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.live: set[str] = set()

    @classmethod
    def beside(cls, project_path: str | Path) -> RunStore:
        return cls(runs_folder_for(project_path))

    # ---- writing ---------------------------------------------------------------------------------
    def next_id(self) -> str:
        numbers = [int(m.group(1)) for p in self._folders() if (m := _RUN_ID.match(p.name))]
        return f"run-{max(numbers, default=0) + 1:04d}"

    def create(
        self, project: dict[str, Any], *, name: str = "", parent: str | None = None, from_epoch: int | None = None
    ) -> Path:
        """A new run folder holding the project snapshot; returns its path."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            run_id = self.next_id()
            path = self.root / run_id
            path.mkdir()
        except OSError as error:
            raise RunStoreError(f"cannot create a run folder: {error.strerror}", path=str(self.root)) from None
        meta = {
            "format": META_FORMAT,
            "version": META_VERSION,
            "id": run_id,
            "name": name or run_id,
            "starred": False,
            "created": time.time(),
            "parent": parent,
            "from_epoch": from_epoch,
            "project": project,
        }
        write_json(path / META_FILE, meta)
        return path

    def finish(self, run_id: str, run: Run) -> None:
        """Write the run's record (and its final weights unless the training process already did)."""
        path = self.root / run_id
        record = run.to_record()
        record["parent"] = None  # the parent is its own folder, named in run.json
        if run.weights is not None and not (path / WEIGHTS_FILE).exists():
            save_weights(run.weights, path / WEIGHTS_FILE)
        write_json(path / RECORD_FILE, record)
        self.live.discard(run_id)

    def update_meta(self, run_id: str, **changes: Any) -> None:
        """Rename or star a run (``name=``, ``starred=``)."""
        path = self.root / run_id / META_FILE
        meta = self._read_meta(path)
        meta.update(changes)
        write_json(path, meta)

    def delete(self, run_id: str) -> None:
        path = self.root / run_id
        if path.parent != self.root or not _RUN_ID.match(run_id):
            raise RunStoreError("not a run folder", path=str(path))
        try:
            shutil.rmtree(path)
        except OSError as error:
            raise RunStoreError(f"cannot delete: {error.strerror}", path=str(path)) from None

    def copy_from(self, other: RunStore, run_ids: Iterable[str]) -> dict[str, str]:
        """Copy runs of another store (an unsaved project's scratch runs) here; returns {old id: new id}."""
        renamed: dict[str, str] = {}
        for run_id in run_ids:
            source = other.root / run_id
            if not source.is_dir():
                continue
            self.root.mkdir(parents=True, exist_ok=True)
            new_id = self.next_id()
            try:
                shutil.copytree(source, self.root / new_id)
                meta = self._read_meta(self.root / new_id / META_FILE)
                parent = meta.get("parent")
                meta.update(id=new_id, parent=renamed.get(parent, parent) if isinstance(parent, str) else None)
                if meta.get("name") == run_id:
                    meta["name"] = new_id
                write_json(self.root / new_id / META_FILE, meta)
            except (OSError, RunStoreError) as error:
                log.warning("could not copy run %s: %s", run_id, error)
                continue
            renamed[run_id] = new_id
        return renamed

    # ---- reading ---------------------------------------------------------------------------------
    def _folders(self) -> list[Path]:
        try:
            return sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            return []

    def _read_meta(self, path: Path) -> dict[str, Any]:
        try:
            data = read_json_file(path)
        except FileNotFoundError:
            raise RunStoreError("missing", path=str(path)) from None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise RunStoreError(f"unreadable ({error})", path=str(path)) from None
        if not isinstance(data, dict) or data.get("format") != META_FORMAT or not isinstance(data.get("project"), dict):
            raise RunStoreError("not a NetBuilder run description", path=str(path))
        return data

    def entries(self) -> list[RunEntry]:
        """Every run folder, oldest first; damaged ones included (``status == "damaged"``)."""
        return [self.entry(path.name) for path in self._folders()]

    def entry(self, run_id: str) -> RunEntry:
        path = self.root / run_id
        entry = RunEntry(run_id, path, "damaged", name=run_id, size=folder_size(path))
        try:
            meta = self._read_meta(path / META_FILE)
        except RunStoreError as error:
            entry.error = str(error)
            return entry
        try:
            entry.name = str(meta.get("name") or run_id)
            entry.starred = bool(meta.get("starred"))
            entry.created = float(meta.get("created") or 0.0)
            entry.project = dict(meta["project"])
        except (TypeError, ValueError) as error:
            entry.error = f"{path / META_FILE}: damaged ({error})"
            return entry
        parent = meta.get("parent")
        entry.parent = parent if isinstance(parent, str) else None
        from_epoch = meta.get("from_epoch")
        entry.from_epoch = int(from_epoch) if isinstance(from_epoch, int) else None
        entry.checkpoints = list_checkpoints(path)
        record_path = path / RECORD_FILE
        if record_path.exists():
            try:
                record = read_json_file(record_path)
                entry.status = str(record["outcome"] or "stopped")
                entry.summary = record.get("summary")
                entry.epochs = [_history_item(e) for e in record["epochs"]]
            except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
                entry.status, entry.error = "damaged", f"{record_path}: unreadable ({error})"
            return entry
        entry.epochs = read_progress(path / PROGRESS_FILE)
        entry.status = "running" if run_id in self.live else "interrupted"
        return entry

    def load_run(self, run_id: str, *, with_weights: bool = True, depth: int = 0) -> Run:
        """The run of a folder, with its parents (raises :class:`RunStoreError` for a damaged one)."""
        entry = self.entry(run_id)
        if entry.status == "damaged":
            raise RunStoreError(entry.error or "damaged run folder", path=str(entry.path))
        weights = self.final_weights(run_id) if with_weights else None
        record_path = entry.path / RECORD_FILE
        if record_path.exists():
            try:
                run = Run.from_record(read_json_file(record_path), weights)
            except (OSError, ValueError, RecursionError) as error:
                raise RunStoreError(f"unreadable ({error})", path=str(record_path)) from None
        else:
            run = Run.from_history(entry.epochs, entry.training, entry.dataset, weights)
            run.outcome = "interrupted" if entry.status == "interrupted" else None
        run.number = entry.number
        run.run_id = run_id
        if entry.parent is not None and depth < 16 and (self.root / entry.parent).is_dir():
            with contextlib.suppress(RunStoreError):
                run.parent = self.load_run(entry.parent, with_weights=False, depth=depth + 1)
        return run

    def final_weights(self, run_id: str) -> Weights | None:
        """The final weights, else (an interrupted run) the newest checkpoint's, else None."""
        path = self.root / run_id
        candidates = [path / WEIGHTS_FILE] + [
            path / CHECKPOINTS_FOLDER / checkpoint_name(e) for e in reversed(list_checkpoints(path))
        ]
        for candidate in candidates:
            if candidate.exists():
                try:
                    return read_weights(candidate)[0]
                except NetBuilderError as error:
                    log.warning("skipped damaged weights %s: %s", candidate, error)
        return None

    def checkpoint(self, run_id: str, epoch: int) -> Weights:
        """The weights kept at ``epoch`` (raises ``WeightsError`` naming the file)."""
        return read_weights(self.root / run_id / CHECKPOINTS_FOLDER / checkpoint_name(epoch))[0]


def _history_item(epoch: dict[str, Any]) -> dict[str, Any]:
    """A Run record's epoch as a trainer history item (what ``progress.jsonl`` holds)."""
    item: dict[str, Any] = {"epoch": int(epoch["epoch"]), "train_loss": epoch["train_loss"]}
    item["val_loss"] = epoch.get("val_loss")
    item.update({f"val_{k}": v for k, v in dict(epoch.get("metrics") or {}).items()})
    return item


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    exponent = min(int(math.log(size, 1024)), 3)
    return f"{size / 1024**exponent:.1f} {('B', 'KB', 'MB', 'GB')[exponent]}"


__all__ = [
    "RunEntry",
    "RunStore",
    "RunStoreError",
    "checkpoint_name",
    "human_size",
    "list_checkpoints",
    "read_progress",
    "runs_folder_for",
]
