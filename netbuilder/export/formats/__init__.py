"""The export formats: what each writes, and how the fresh-process check loads it back.

A writer gets the in-memory module and writes its files to the (temporary) paths it is given; it
returns the check job that :mod:`netbuilder.export.verify` runs in a separate process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from netbuilder.core.graph import Graph


@dataclass(frozen=True)
class FormatInfo:
    """One export format: its id, the file suffix it writes, and one line for menus and --help."""

    name: str
    suffix: str
    description: str
    needs_weights: bool = True  # train-script exports the recipe, not a trained model
    companions: tuple[str, ...] = ()  # extra files written beside the main one (suffixes)


@dataclass
class ExportContext:
    """Everything a writer needs: the model, its graph and inputs, and names for generated code."""

    module: nn.Module
    graph: Graph
    example_inputs: tuple[torch.Tensor, ...]
    input_names: list[str]
    class_name: str = "Net"
    project_name: str = "Untitled"
    metadata: dict[str, str] = field(default_factory=dict)
    project: Any = None  # the Project (train-script needs its dataset and training sections)
    # Shape of the input statistics when the module standardises its input itself (dataset.normalize).
    standardize: tuple[int, ...] | None = None


# A writer gets the context and {suffix: temporary path}; it returns the check job for verify.py.
Writer = Callable[[ExportContext, dict[str, Path]], dict[str, Any]]

FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo("safetensors", ".safetensors", "weights (safetensors) with the graph spec in the metadata"),
        FormatInfo("pt", ".pt", "PyTorch state_dict, loadable with torch.load(weights_only=True)"),
        FormatInfo("pt2", ".pt2", "torch.export program with a dynamic batch dimension"),
        FormatInfo("onnx", ".onnx", "ONNX (dynamo exporter), dynamic batch, weights inside the file"),
        FormatInfo("py", ".py", "standalone PyTorch module file (+ .pt weights beside it)", companions=(".pt",)),
        FormatInfo(
            "train-script",
            ".py",
            "standalone training script (python / torchrun with DDP) + its data (.npz)",
            needs_weights=False,
            companions=(".npz",),
        ),
    )
}


def writer_for(name: str) -> Writer:
    """The writer of format ``name`` (imported lazily: ONNX pulls in onnxscript)."""
    if name in ("safetensors", "pt"):
        from netbuilder.export.formats import state_files

        return state_files.write_safetensors if name == "safetensors" else state_files.write_pt
    if name == "pt2":
        from netbuilder.export.formats import programs

        return programs.write_pt2
    if name == "onnx":
        from netbuilder.export.formats import programs

        return programs.write_onnx
    if name == "py":
        from netbuilder.export.formats import source

        return source.write_py
    if name == "train-script":
        from netbuilder.export import train_script

        return train_script.write_train_script
    raise KeyError(name)
