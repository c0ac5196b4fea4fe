"""Weights files: safetensors only (never pickle), written atomically.

``load_weights`` checks names and shapes before touching the module and raises :class:`WeightsError`
naming every missing, unexpected and mis-shaped tensor, so a user sees exactly why a file does not fit.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from netbuilder.core.files import atomic_write_bytes
from netbuilder.training.errors import WeightsError

log = logging.getLogger(__name__)

_LIST_LIMIT = 8


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


def read_weights(path: str | os.PathLike[str]) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The tensors and metadata of a weights file; unreadable files raise :class:`WeightsError`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise WeightsError("no such weights file", path=str(path)) from None
    except OSError as error:
        raise WeightsError(f"cannot read: {error.strerror}", path=str(path)) from None
    try:
        tensors = st_load(raw)
        header_len = int.from_bytes(raw[:8], "little")
        header = json.loads(raw[8 : 8 + header_len])
    except (SafetensorError, ValueError, UnicodeDecodeError) as error:
        raise WeightsError(f"not a valid safetensors file ({error})", path=str(path)) from None
    metadata = header.get("__metadata__") or {}
    return tensors, dict(metadata)


def check_state(module: torch.nn.Module, tensors: dict[str, torch.Tensor]) -> None:
    """Raise :class:`WeightsError` unless ``tensors`` has exactly the module's names and shapes."""
    expected = module.state_dict()
    missing = [k for k in expected if k not in tensors]
    extra = [k for k in tensors if k not in expected]
    shapes = [
        f"{k} (file {tuple(tensors[k].shape)}, model {tuple(v.shape)})"
        for k, v in expected.items()
        if k in tensors and tuple(tensors[k].shape) != tuple(v.shape)
    ]
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
