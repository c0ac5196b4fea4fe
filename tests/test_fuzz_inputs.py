"""Fuzzing the input boundary: mutated example projects make `validate`, `summary` and `train --epochs 1`
succeed or print one clean `error:` line, within a time and memory bound (no traceback, no hang, no
multi-gigabyte allocation). ~25 examples keep the module near 20 s on a shared 2-core machine."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from netbuilder.cli.main import main
from tests.fuzz_projects import mutated_project_text

TIME_LIMIT_S = 20.0
TRAIN_BUDGET_S = 3.0
MEMORY_GROWTH_LIMIT_KB = 1_500_000  # ru_maxrss is in KiB on Linux
# 25 by default (~10 s); FUZZ_EXAMPLES=2000 for a long hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


@contextlib.contextmanager
def _interrupt_after(seconds: float) -> Iterator[None]:
    """Ctrl-C after ``seconds``: `train` then stops after its current step, as a user would make it."""
    previous = signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGINT))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_command(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    started = time.perf_counter()
    if argv[0] == "train":
        with _interrupt_after(TRAIN_BUDGET_S):
            code = main(argv)
    else:
        code = main(argv)
    elapsed = time.perf_counter() - started
    _out, err = capsys.readouterr()
    assert elapsed < TIME_LIMIT_S, f"{argv[0]} took {elapsed:.1f} s"
    assert code in (0, 1, 130), (code, err)
    assert "Traceback" not in err
    if code == 1:
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and all(line.startswith("error: ") for line in lines), err


@pytest.fixture(autouse=True)
def small_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Refuse anything above 1 GiB quickly: the fuzz looks for crashes, not for how big a model may get.
    monkeypatch.setenv("NETBUILDER_MEMORY_LIMIT", "1G")


@given(text=mutated_project_text())
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), deadline=None, suppress_health_check=list(HealthCheck)
)
def test_mutated_projects_give_a_result_or_one_clean_error(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "p.nbproj"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for argv in (["validate", str(path)], ["summary", str(path)], ["train", str(path), "--epochs", "1", "--quiet"]):
        _check_command(capsys, argv)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < MEMORY_GROWTH_LIMIT_KB, f"peak memory grew by {grown / 1024:.0f} MiB"
