"""Load exported files back in a fresh process, run a sample batch, and compare with the model.

One subprocess checks a whole list of artefacts (start-up and ``import torch`` dominate the cost).
The sample batch has a different size from the one used for tracing, so the check also proves the
batch dimension is dynamic.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file
from torch import nn

from netbuilder.core.files import CHECK_FOLDER_PREFIX, sweep_stale_work_folders, work_folder_prefix
from netbuilder.core.interpreter import script_command
from netbuilder.export.checker_script import CHECKER_SOURCE
from netbuilder.export.errors import VerificationError

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 1e-5
CHECK_BATCH = 3
TIMEOUT_S = 300.0


@dataclass
class CheckResult:
    """The outcome of loading one artefact in the fresh process."""

    label: str
    ok: bool
    max_abs_diff: float | None
    error: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"{self.label}: verified in a fresh process, max |diff| = {self.max_abs_diff:.3g}"
        if self.error:
            return f"{self.label}: FAILED to load in a fresh process: {self.error}"
        return f"{self.label}: FAILED, max |diff| = {self.max_abs_diff:.3g} is above the tolerance"


@dataclass
class CheckJob:
    """One artefact to check: the writer's job description, plus the sample inputs and expected output."""

    label: str
    job: dict[str, Any]
    inputs: tuple[torch.Tensor, ...]
    expected: torch.Tensor
    tolerance: float = DEFAULT_TOLERANCE


def expected_output(module: nn.Module, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
    with torch.no_grad():
        output = module(*inputs)
    if not torch.is_tensor(output):
        raise VerificationError(f"the model returns {type(output).__name__}, not one tensor")
    return output.detach().cpu()


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    # Two cores shared by everyone: one thread is plenty for a sample batch.
    env["OMP_NUM_THREADS"] = "1"
    return env


def run_checks(jobs: Sequence[CheckJob], *, python: str | None = None) -> list[CheckResult]:
    """Check every job in one fresh ``python -I`` process; returns one result per job, in order.

    ``python``: the interpreter to use; by default this one (in the frozen bundle: the bundle itself).
    """
    if not jobs:
        return []
    sweep_stale_work_folders(tempfile.gettempdir(), CHECK_FOLDER_PREFIX)
    with tempfile.TemporaryDirectory(prefix=work_folder_prefix(CHECK_FOLDER_PREFIX)) as folder:
        work = Path(folder)
        payload = []
        for index, check in enumerate(jobs):
            data_path = work / f"data_{index}.safetensors"
            tensors = {f"input_{i}": t.detach().cpu().contiguous() for i, t in enumerate(check.inputs)}
            tensors["expected"] = check.expected.contiguous()
            save_file(tensors, str(data_path))
            payload.append(
                {**check.job, "data": str(data_path), "num_inputs": len(check.inputs), "tolerance": check.tolerance}
            )
        (work / "jobs.json").write_text(json.dumps(payload), encoding="utf-8")
        (work / "nb_checker.py").write_text(CHECKER_SOURCE, encoding="utf-8")
        script, jobs_file = str(work / "nb_checker.py"), str(work / "jobs.json")
        command = [python, "-I", "-B", script, jobs_file] if python else script_command(script, jobs_file)
        try:
            completed = subprocess.run(
                command, cwd=work, env=_clean_env(), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            return [CheckResult(c.label, False, None, f"the check timed out after {TIMEOUT_S:.0f} s") for c in jobs]
    results: dict[int, CheckResult] = {}
    for line in completed.stdout.splitlines():
        if line.startswith("NBCHECK "):
            record = json.loads(line[len("NBCHECK ") :])
            index = int(record["index"])
            results[index] = CheckResult(jobs[index].label, bool(record["ok"]), record["max_abs_diff"], record["error"])
    crash = completed.stderr.strip().splitlines()[-1:] or [f"exit code {completed.returncode}"]
    out = []
    for index, check in enumerate(jobs):
        if index not in results:
            out.append(CheckResult(check.label, False, None, f"the check process died: {crash[0]}"))
        else:
            out.append(results[index])
    for result in out:
        log.info("%s", result.describe())
    return out
