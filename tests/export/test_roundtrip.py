"""Every bundled example in every model format: export, reload in ONE fresh process, compare outputs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from netbuilder.core.examples import example_names, load_example
from netbuilder.export.exporter import build_context, target_paths, write_artefact
from netbuilder.export.verify import CheckJob, run_checks
from netbuilder.export.weights import fresh_module

MODEL_FORMATS = ("safetensors", "pt", "pt2", "onnx", "py")
log = logging.getLogger(__name__)


@pytest.mark.slow
def test_every_example_in_every_format_reloads_with_equal_outputs(tmp_path: Path) -> None:
    jobs: list[CheckJob] = []
    for name in example_names():
        project = load_example(name)
        context = build_context(project, fresh_module(project.graph, seed=0))
        for fmt in MODEL_FORMATS:
            suffix = ".py" if fmt == "py" else f".{fmt}"
            paths = target_paths(fmt, tmp_path / f"{name.replace('-', '_')}_{fmt}{suffix}")
            jobs.append(write_artefact(context, fmt, paths, f"{name}/{fmt}", 1e-5))
    # One subprocess checks all 55 files: interpreter start-up and `import torch` dominate otherwise.
    results = run_checks(jobs)
    table = "\n".join(f"{r.label:32s} {r.max_abs_diff!s:>24s} {r.error or ''}" for r in results)
    log.info("examples x formats, max |diff|:\n%s", table)
    failed = [r.describe() for r in results if not r.ok]
    assert not failed, "\n".join(failed)
    assert len(results) == len(example_names()) * len(MODEL_FORMATS)


def test_py_export_is_checked_without_netbuilder(tmp_path: Path) -> None:
    """A generated file that imports netbuilder must fail its check (the check process blocks it)."""
    project = load_example("xor")
    context = build_context(project, fresh_module(project.graph))
    job = write_artefact(context, "py", target_paths("py", tmp_path / "model.py"), "py", 1e-5)
    source = Path(job.job["path"])
    source.write_text(source.read_text(encoding="utf-8") + "\nimport netbuilder\n", encoding="utf-8")
    (result,) = run_checks([job])
    assert not result.ok
    assert "netbuilder" in (result.error or "")
