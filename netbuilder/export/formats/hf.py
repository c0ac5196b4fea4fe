"""A folder in the Hugging Face layout: ``model.safetensors``, ``config.json``, ``README.md``, ``model.py``.

``config.json`` holds the graph (NetBuilder's own spec, so the project can be rebuilt) and the input
shapes; ``README.md`` is a model card with the metrics and training settings of the run the weights
come from; ``model.py`` is the standalone module (torch only) with a ``load()`` that reads the
safetensors file beside it. As with the other formats, the folder is written under a temporary name
beside the target, loaded back in a fresh process through ``model.py``, compared with the in-memory
model, and only then renamed into place.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from safetensors.torch import save_file
from torch import nn

from netbuilder import __version__
from netbuilder.core.project import Project
from netbuilder.export.errors import ExportError, VerificationError
from netbuilder.export.formats import ExportContext
from netbuilder.export.formats.state_files import graph_metadata
from netbuilder.export.verify import CHECK_BATCH, CheckJob, expected_output, run_checks
from netbuilder.model.codegen import generate_code
from netbuilder.model.compiler import example_inputs
from netbuilder.training.checkpoint import state_to_cpu

log = logging.getLogger(__name__)

LOAD_HELPER = '''

def load(path: str | None = None, map_location: str = "cpu") -> {cls}:
    """{cls} with the weights of ``path`` (default: model.safetensors beside this file), in eval mode."""
    from pathlib import Path

    from safetensors.torch import load_file

    weights = Path(path) if path is not None else Path(__file__).with_name("model.safetensors")
    model = {cls}()
    model.load_state_dict(load_file(str(weights), device=map_location), strict=True)
    return model.eval()
'''


def _inputs(context: ExportContext) -> dict[str, list[int | None]]:
    """Input name → shape, the batch dimension as None."""
    names, tensors = context.input_names, context.example_inputs
    return {name: [None, *tensor.shape[1:]] for name, tensor in zip(names, tensors, strict=True)}


def model_config(context: ExportContext) -> dict[str, Any]:
    project: Project = context.project
    return {
        "architectures": [context.class_name],
        "model_type": "netbuilder",
        "netbuilder_version": __version__,
        "name": context.project_name,
        "inputs": _inputs(context),
        "standardizes_inputs": context.standardize is not None,
        "graph": context.graph.to_dict(),
        "dataset": dict(project.dataset) if project is not None else {},
    }


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def model_card(context: ExportContext, run: dict[str, Any] | None) -> str:
    """README.md: what the model is, how to load it, its metrics and the settings it was trained with."""
    project: Project = context.project
    training = dict(run.get("training") or {}) if run else dict(project.training if project else {})
    lines = [
        "---",
        "library_name: pytorch",
        "tags:",
        "- netbuilder",
        "---",
        "",
        f"# {context.project_name}",
        "",
        f"A `{context.class_name}` network designed and trained in NetBuilder {__version__}.",
        "",
        "## Use",
        "",
        "```python",
        "from model import load  # model.py in this folder; needs torch and safetensors",
        "",
        "net = load()",
        "```",
        "",
        "Inputs: " + ", ".join(f"`{name}` {shape[1:]}" for name, shape in _inputs(context).items()),
        "",
        "## Metrics",
        "",
    ]
    final = dict(run.get("final") or {}) if run else {}
    if final:
        lines += ["| metric | value |", "|---|---|"] + [f"| {k} | {_cell(v)} |" for k, v in final.items()]
        lines += ["", f"From run `{run.get('id')}` ({run.get('status')}, {run.get('epochs')} epochs)." if run else ""]
    else:
        lines.append("No training run recorded: these may be freshly initialised weights.")
    lines += ["", "## Training settings", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in training.items()]
    dataset = dict(project.dataset) if project is not None else {}
    lines += ["", f"Dataset: `{json.dumps(dataset)}`", ""]
    return "\n".join(lines)


def write_hf(context: ExportContext, folder: Path, run: dict[str, Any] | None) -> dict[str, Any]:
    weights = folder / "model.safetensors"
    save_file(state_to_cpu(context.module), str(weights), metadata=graph_metadata(context))
    (folder / "config.json").write_text(json.dumps(model_config(context), indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(model_card(context, run), encoding="utf-8")
    header = f"{context.project_name}: generated by NetBuilder."
    code = generate_code(context.graph, context.class_name, header=header, standardize=context.standardize)
    (folder / "model.py").write_text(code + LOAD_HELPER.format(cls=context.class_name), encoding="utf-8")
    return {"kind": "py", "path": str(folder / "model.py"), "weights": str(weights), "isolated": True}


def export_hf_folder(
    context: ExportContext, out: Path, run: dict[str, Any] | None, *, verify: bool, tolerance: float
) -> tuple[list[Path], list[Any]]:
    """Write the folder ``out`` (new, or empty) and check it; returns (files, check results)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError("the hf format writes a folder: give a new or empty folder", path=str(out))
    if not out.parent.is_dir():
        raise ExportError("the folder does not exist", path=str(out.parent))
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise ExportError(f"cannot write here: {error.strerror}", path=str(out)) from None
    try:
        job = write_hf(context, temp, run)
        checks = []
        if verify:
            inputs = example_inputs(context.graph, batch=CHECK_BATCH, seed=1)
            module: nn.Module = context.module
            checks = run_checks([CheckJob(f"hf {out.name}", job, inputs, expected_output(module, inputs), tolerance)])
            failed = [c for c in checks if not c.ok]
            if failed:
                raise VerificationError("; ".join(c.describe() for c in failed), path=str(out))
        if out.exists():
            out.rmdir()
        os.replace(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return [out / name for name in ("model.safetensors", "config.json", "README.md", "model.py")], checks


__all__ = ["export_hf_folder", "model_card", "model_config", "write_hf"]
