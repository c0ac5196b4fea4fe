"""Weights files: safetensors only (never pickle), written atomically.

``load_weights`` checks names and shapes before touching the module and raises :class:`WeightsError`
naming every missing, unexpected and mis-shaped tensor, so a user sees exactly why a file does not fit
(:func:`weights_mismatch` lists them for callers that keep their own tensors). Reading is bounded: a
regular file only, its header and metadata checked before use.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from netbuilder.core.errors import ProjectFileError
from netbuilder.core.files import atomic_write_bytes, read_regular_file
from netbuilder.core.limits import memory_limit
from netbuilder.core.schema import parse_json
from netbuilder.training.errors import WeightsError

log = logging.getLogger(__name__)

_LIST_LIMIT = 8
# safetensors' own reader refuses headers above 100 MB.
MAX_HEADER_BYTES = 100_000_000


def state_to_cpu(module_or_state: torch.nn.Module | dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """A detached, contiguous CPU copy of a state dict (safetensors refuses shared storage, so clone)."""
    state = module_or_state.state_dict() if isinstance(module_or_state, torch.nn.Module) else module_or_state
    return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in state.items()}


def save_weights(
    module_or_state: torch.nn.Module | dict[str, torch.Tensor],
    path: str | os.PathLike[str],
    metadata: dict[str, Any] | None = None,
) -> None:
    """Write the weights to ``path`` (.safetensors); ``metadata`` values are stored as text (JSON if not str)."""
    meta = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in (metadata or {}).items()}
    data = st_save(state_to_cpu(module_or_state), metadata=meta or None)
    atomic_write_bytes(path, data)
    log.info("saved weights to %s", path)


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_LIST_LIMIT])
    return shown + (f" and {len(items) - _LIST_LIMIT} more" if len(items) > _LIST_LIMIT else "")


def weights_file_limit() -> int:
    """The largest weights file read: the model has to fit in memory beside it anyway."""
    return memory_limit()


def _header(raw: bytes, path: str) -> dict[str, Any]:
    """The safetensors JSON header, bounded (length, nesting depth, number size) before it is parsed."""
    if len(raw) < 8:
        raise WeightsError(f"not a valid safetensors file ({len(raw)} bytes, shorter than its header)", path=path)
    length = int.from_bytes(raw[:8], "little")
    if length > min(len(raw) - 8, MAX_HEADER_BYTES):
        raise WeightsError(f"not a valid safetensors file (a header of {length} bytes)", path=path)
    try:
        header = parse_json(raw[8 : 8 + length].decode("utf-8"))
    except UnicodeDecodeError:
        raise WeightsError("not a valid safetensors file (its header is not UTF-8 text)", path=path) from None
    except ProjectFileError as error:
        raise WeightsError(f"not a valid safetensors file (header: {error.message})", path=path) from None
    if not isinstance(header, dict):
        raise WeightsError("not a valid safetensors file (its header is not a JSON object)", path=path)
    return header


def read_history(metadata: Mapping[str, str], path: str | None = None) -> list[dict[str, Any]]:
    """The training history stored under ``history``: a JSON list of per-epoch objects ([] if absent).

    Anything else (text that is not JSON, a JSON object or number, nesting deeper than a project may
    have) raises :class:`WeightsError`, so that a hand-edited file cannot crash whoever reads it.
    """
    text = metadata.get("history")
    if text is None:
        return []
    try:
        history = parse_json(text, allow_nan=True)
    except ProjectFileError as error:
        raise WeightsError(f"the 'history' metadata is not valid: {error.message}", path=path) from None
    if not isinstance(history, list) or not all(_is_epoch_record(record) for record in history):
        raise WeightsError(
            "the 'history' metadata must be a JSON list of per-epoch objects (whole 'epoch', numbers or null)",
            path=path,
        )
    return history


def _is_epoch_record(record: Any) -> bool:
    # What Trainer writes per epoch: {"epoch": 3, "train_loss": 0.1, "val_loss": None, "lr": ..., "val_accuracy": ...}
    if not isinstance(record, dict):
        return False
    epoch = record.get("epoch", 0)
    if isinstance(epoch, bool) or not isinstance(epoch, int):
        return False
    return all(
        value is None or (isinstance(value, int | float) and not isinstance(value, bool)) for value in record.values()
    )


def read_weights(path: str | os.PathLike[str]) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The tensors and metadata of a weights file; unreadable or hostile files raise :class:`WeightsError`.

    Only a regular file up to :func:`weights_file_limit` is read; the header is bounded before parsing
    and the ``history`` metadata is checked with :func:`read_history`.
    """
    name = os.fspath(path)
    raw = read_regular_file(
        name, weights_file_limit(), error=WeightsError, what="weights file", missing="no such weights file"
    )
    header = _header(raw, name)
    try:
        tensors = st_load(raw)
    except (SafetensorError, ValueError, UnicodeDecodeError) as error:
        raise WeightsError(f"not a valid safetensors file ({error})", path=name) from None
    metadata = header.get("__metadata__") or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise WeightsError("not a valid safetensors file (its metadata must map names to text)", path=name)
    read_history(metadata, name)
    return tensors, dict(metadata)


def weights_mismatch(expected: Mapping[str, torch.Size], weights: Mapping[str, torch.Tensor]) -> list[str]:
    """One line per tensor that does not fit: missing, unexpected, or of the wrong shape ([] if all fit).

    ``expected`` maps each parameter/buffer name of the model to its shape (``{k: v.shape for k, v in
    module.state_dict().items()}``).
    """
    missing, extra, shapes = _mismatches(expected, weights)
    return (
        [f"missing tensor {name} (the model has it, the file does not)" for name in missing]
        + [f"unexpected tensor {name} (in the file, not in the model)" for name in extra]
        + [f"wrong shape: {item}" for item in shapes]
    )


def _mismatches(
    expected: Mapping[str, torch.Size], weights: Mapping[str, torch.Tensor]
) -> tuple[list[str], list[str], list[str]]:
    missing = [k for k in expected if k not in weights]
    extra = [k for k in weights if k not in expected]
    shapes = [
        f"{k} (file {tuple(weights[k].shape)}, model {tuple(shape)})"
        for k, shape in expected.items()
        if k in weights and tuple(weights[k].shape) != tuple(shape)
    ]
    return missing, extra, shapes


def non_finite_tensors(weights: Mapping[str, torch.Tensor]) -> list[str]:
    """The names of floating-point tensors holding NaN or an infinity."""
    return [k for k, v in weights.items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]


def check_state(module: torch.nn.Module, tensors: dict[str, torch.Tensor]) -> None:
    """Raise :class:`WeightsError` unless ``tensors`` has exactly the module's names and shapes."""
    missing, extra, shapes = _mismatches({k: v.shape for k, v in module.state_dict().items()}, tensors)
    problems = []
    if missing:
        problems.append(f"missing tensors: {_names(missing)}")
    if extra:
        problems.append(f"unexpected tensors: {_names(extra)}")
    if shapes:
        problems.append(f"shape mismatch: {_names(shapes)}")
    if problems:
        node = (missing or extra or [k.split(" ")[0] for k in shapes])[0].split(".")[0]
        raise WeightsError("weights do not match the model: " + "; ".join(problems), node_id=node)


def load_weights(module: torch.nn.Module, path: str | os.PathLike[str]) -> dict[str, str]:
    """Load a weights file into ``module`` (all or nothing); returns the file's metadata."""
    tensors, metadata = read_weights(path)
    try:
        check_state(module, tensors)
    except WeightsError as error:
        raise error.with_path(str(path)) from None
    module.load_state_dict(tensors, strict=True)
    return metadata
