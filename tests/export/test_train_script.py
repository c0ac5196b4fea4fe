"""The train-script export trains the spiral example under torchrun (2 CPU ranks, gloo) like the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netbuilder.core.examples import load_example
from netbuilder.export import ExportOptions, export_model


@pytest.mark.slow
def test_spiral_trains_with_torchrun_in_the_apps_accuracy_band(tmp_path: Path) -> None:
    from netbuilder.training.session import prepare
    from netbuilder.training.trainer import final_event

    project = load_example("spiral")
    result = export_model(project, ExportOptions("train-script", tmp_path / "train.py"))
    assert result.ok and result.checks[0].max_abs_diff == 0.0
    torchrun = Path(sys.executable).with_name("torchrun")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"OMP_NUM_THREADS": "1"}
    completed = subprocess.run(
        [str(torchrun), "--standalone", "--nproc_per_node=2", "train.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT "))
    ddp = json.loads(line[len("RESULT ") :])
    assert ddp["world_size"] == 2
    assert (tmp_path / "train_weights.pt").exists()

    app = final_event(prepare(project).trainer().run())
    app_accuracy = app.result.test_metrics["accuracy"]  # type: ignore[attr-defined]
    assert ddp["test_accuracy"] >= 0.9
    assert abs(ddp["test_accuracy"] - app_accuracy) <= 0.05, (ddp, app_accuracy)
