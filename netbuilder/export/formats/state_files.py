"""Weights-only formats: safetensors (with the graph in its metadata) and a plain ``state_dict`` .pt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from netbuilder.export.compress import is_quantized, quantization_kind
from netbuilder.export.formats import ExportContext
from netbuilder.model.codegen import generate_code
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.compression.quantize import quiet_quantization


def graph_metadata(context: ExportContext) -> dict[str, str]:
    """Text metadata: the graph spec (so a weights file says what it fits) and where it came from."""
    return {
        "format": "pt",  # safetensors' own convention for PyTorch tensors
        "netbuilder.graph": json.dumps(context.graph.to_dict(), separators=(",", ":")),
        "netbuilder.project": context.project_name,
        "netbuilder.inputs": json.dumps(context.input_names),
        **context.metadata,
    }


def _state_job(context: ExportContext, path: Path, loader: str) -> dict[str, Any]:
    # The fresh process rebuilds the model from the standalone source, which proves both that the
    # weights load and that they fit the generated code's parameter names.
    return {
        "kind": "state_dict",
        "loader": loader,
        "path": str(path),
        "source": generate_code(context.graph, "Net", standardize=context.standardize),
    }


def write_safetensors(context: ExportContext, paths: dict[str, Path]) -> dict[str, Any]:
    path = paths[".safetensors"]
    save_file(state_to_cpu(context.module), str(path), metadata=graph_metadata(context))
    return _state_job(context, path, "safetensors")


def write_pt(context: ExportContext, paths: dict[str, Path]) -> dict[str, Any]:
    path = paths[".pt"]
    if is_quantized(context.module):
        # Packed int8 weights are not plain tensors, but weights_only loading accepts them.
        with quiet_quantization():
            torch.save(context.module.state_dict(), path)
        return {**_state_job(context, path, "pt"), "quantize": quantization_kind(context.module)}
    torch.save(state_to_cpu(context.module), path)
    return _state_job(context, path, "pt")
