"""Building the model to export: a fresh seeded one, or one with a user's weights file loaded.

Weights are read without unpickling arbitrary objects: safetensors through the training package's
checkpoint reader, and ``.pt``/``.pth`` state dicts only with ``torch.load(weights_only=True)``,
which refuses any pickled object that is not a tensor or a plain container.
"""

from __future__ import annotations

import io
import logging
import pickle
import warnings
from pathlib import Path

import torch
from torch import nn

from netbuilder.core.files import read_regular_file
from netbuilder.core.graph import Graph
from netbuilder.model.compiler import compile_graph
from netbuilder.training.checkpoint import check_state, read_weights, weights_file_limit
from netbuilder.training.errors import WeightsError

log = logging.getLogger(__name__)

PICKLE_SUFFIXES = (".pt", ".pth", ".bin")


def fresh_module(graph: Graph, seed: int = 0) -> nn.Module:
    """The graph's module with PyTorch's default initialisation under a fixed seed, in eval mode."""
    torch.manual_seed(seed)
    return compile_graph(graph).eval()


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """The tensors of a weights file (.safetensors, or a .pt/.pth state dict), never running pickled code."""
    path = Path(path)
    if path.suffix.lower() in PICKLE_SUFFIXES:
        return _read_pickled_state(path)
    tensors, _metadata = read_weights(path)
    return tensors


def _read_pickled_state(path: Path) -> dict[str, torch.Tensor]:
    raw = read_regular_file(
        path, weights_file_limit(), error=WeightsError, what="weights file", missing="no such weights file"
    )
    try:
        with warnings.catch_warnings():
            # Plain pickles (not torch.save zips) trigger a notice about their protocol; the
            # weights_only unpickler still refuses every non-tensor object, which is what matters.
            warnings.filterwarnings("ignore", message=r"Detected pickle protocol", category=UserWarning)
            state = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # weights_only loading stops at the first global it does not allow, before calling it.
        first_line = str(error).strip().splitlines()[-1] if str(error).strip() else "unknown object"
        raise WeightsError(
            "refused to load: the file holds Python objects, not just tensors (a pickle that could run code; "
            f"only state dicts load safely). Detail: {first_line[:200]}",
            path=str(path),
        ) from None
    except (RuntimeError, EOFError, OSError, ValueError) as error:
        raise WeightsError(f"not a readable PyTorch weights file ({error})", path=str(path)) from None
    if not isinstance(state, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in state.items()):
        raise WeightsError("not a state dict (expected a mapping of names to tensors)", path=str(path))
    return state


def load_weights_file(module: nn.Module, path: str | Path) -> None:
    """Load ``path`` into ``module`` (all or nothing); mismatches name every missing/extra/mis-shaped tensor."""
    tensors = read_state_dict(path)
    try:
        check_state(module, tensors)
    except WeightsError as error:
        raise error.with_path(str(path)) from None
    module.load_state_dict(tensors, strict=True)
    module.eval()
    log.info("loaded %d tensors from %s", len(tensors), path)
