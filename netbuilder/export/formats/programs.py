"""Traced formats: a ``torch.export`` program (.pt2) and ONNX through the dynamo exporter.

Both trace the module once with a symbolic batch dimension; every other size (image side, sequence
length) is specialised to the graph's input shapes, which the export result says for sequence models.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
from torch.export import Dim

from netbuilder.core.graph import Graph
from netbuilder.export.errors import ExportError
from netbuilder.export.formats import ExportContext

log = logging.getLogger(__name__)

# Layer types whose time dimension torch.export / dynamo ONNX specialise to the traced length.
SEQUENCE_TYPES = ("RNN", "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer", "PositionalEncoding")


def sequence_note(graph: Graph) -> str | None:
    """A note for sequence models: their length is fixed in traced exports."""
    nodes = [n for n in graph.nodes if n.type in SEQUENCE_TYPES]
    if not nodes:
        return None
    lengths = sorted({n.params["shape"][0] for n in graph.nodes if n.type == "Input"})
    names = ", ".join(f"{n.type} '{n.id}'" for n in nodes[:3])
    return (
        f"{names}: torch.export and the dynamo ONNX exporter specialise the sequence length to "
        f"{'/'.join(str(s) for s in lengths)} steps; only the batch dimension is dynamic"
    )


def dynamic_shapes(context: ExportContext) -> dict[str, dict[int, Any]]:
    batch = Dim("batch", min=1, max=1 << 20)
    return {name: {0: batch} for name in context.input_names}


@contextlib.contextmanager
def _known_tracing_warnings() -> Iterator[None]:
    """Silence the warnings torch 2.13 itself raises while tracing (not about the user's model).

    - ``isinstance(treespec, LeafSpec)`` is a FutureWarning from torch's own ONNX decomposition code.
    - nn.LSTM/GRU/RNN reassign ``_flat_weights`` during tracing; torch warns that they are not
      buffers, but they are views of the registered parameters, so the traced program is correct
      (the fresh-process check compares outputs to prove it).
    - ``_check_is_size will be removed`` is a FutureWarning from code torch generates while tracing
      recurrent layers (seen when the export runs in a worker thread, as in the GUI).
    - "The .grad attribute of a Tensor that is not a leaf" is dynamo inspecting LSTM weight views
      while tracing in a worker thread; nothing reads those gradients.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"`isinstance\(treespec, LeafSpec\)` is deprecated")
        warnings.filterwarnings("ignore", message=r"The tensor attributes .*_flat_weights")
        warnings.filterwarnings("ignore", message=r"_check_is_size will be removed", category=FutureWarning)
        warnings.filterwarnings("ignore", message=r"The \.grad attribute of a Tensor that is not a leaf")
        yield


def _trace_error(fmt: str, error: Exception) -> ExportError:
    text = str(error).strip().splitlines()
    detail = text[0][:300] if text else type(error).__name__
    return ExportError(f"cannot export to {fmt}: torch could not trace the model ({type(error).__name__}: {detail})")


def export_program(context: ExportContext) -> torch.export.ExportedProgram:
    with _known_tracing_warnings():
        try:
            return torch.export.export(context.module, context.example_inputs, dynamic_shapes=dynamic_shapes(context))
        except Exception as error:  # torch raises many types here; all mean "cannot trace"
            raise _trace_error("pt2", error) from error


def write_pt2(context: ExportContext, paths: dict[str, Path]) -> dict[str, Any]:
    path = paths[".pt2"]
    program = export_program(context)
    torch.export.save(program, path)
    return {"kind": "pt2", "path": str(path)}


def write_onnx(context: ExportContext, paths: dict[str, Path]) -> dict[str, Any]:
    path = paths[".onnx"]
    noisy = logging.getLogger("torch.onnx._internal.exporter._registration")
    old_level = noisy.level
    # The exporter prints progress to stdout and logs missing torchvision ops; neither is the user's concern.
    noisy.setLevel(logging.ERROR)
    stdout = io.StringIO()
    try:
        with _known_tracing_warnings(), contextlib.redirect_stdout(stdout):
            program = torch.onnx.export(
                context.module,
                context.example_inputs,
                dynamo=True,
                dynamic_shapes=dynamic_shapes(context),
                input_names=list(context.input_names),
                output_names=["output"],
                external_data=False,
                verbose=False,
            )
            if program is None:
                raise ExportError("cannot export to onnx: the exporter returned no program")
            program.save(str(path), external_data=False)
    except ExportError:
        raise
    except Exception as error:
        raise _trace_error("onnx", error) from error
    finally:
        noisy.setLevel(old_level)
    log.debug("onnx exporter output: %s", stdout.getvalue())
    return {"kind": "onnx", "path": str(path), "inputs": list(context.input_names)}
