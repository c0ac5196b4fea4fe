"""``netbuilder plot``: every view ``--list`` names renders to a non-empty image, for every example."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from netbuilder.cli.main import main
from netbuilder.core.examples import example_names

# The offscreen platform plugin's note about size hints is the test platform talking, not NetBuilder.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["plot", *args, "--list"]) == 0
    return capsys.readouterr().out.split()


def assert_picture(path: Path) -> None:
    from PySide6.QtGui import QImage

    assert path.exists() and path.stat().st_size > 1000, path
    if path.suffix == ".png":
        image = QImage(str(path))
        assert not image.isNull() and image.width() == 640
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 8, f"{path.name} is nearly blank"


@pytest.mark.parametrize("name", example_names())
def test_every_listed_view_renders(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    views = listed(capsys, f"example:{name}")
    assert "loss" not in views  # no run, no loss curve
    for view in views:
        out = tmp_path / f"{name}-{view}.png"
        assert main(["plot", f"example:{name}", "--view", view, "--out", str(out), "--size", "640x400"]) == 0
        assert_picture(out)


def test_a_short_run_adds_the_loss_and_confusion_and_svg_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    views = listed(capsys, "example:xor", "--epochs", "2")
    assert views[:2] == ["loss", "confusion"] and "decision" in views and "neurons" in views
    for view in ("loss", "confusion"):
        out = tmp_path / f"{view}.png"
        assert (
            main(["plot", "example:xor", "--epochs", "2", "--view", view, "--out", str(out), "--size", "640x400"]) == 0
        )
        assert_picture(out)
    svg = tmp_path / "neurons.svg"
    assert main(["plot", "example:xor", "--view", "neurons", "--out", str(svg)]) == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<svg" in svg.read_text(encoding="utf-8")


def test_a_view_that_does_not_fit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plot", "example:seed-cnn", "--view", "attention", "--out", str(tmp_path / "a.png")])
    assert code == 1
    err = capsys.readouterr().err
    assert "does not fit" in err and "feature-maps" in err
    assert main(["plot", "example:seed-cnn", "--view", "filters"]) == 1  # no --out


def test_plot_draws_a_recorded_run_the_latest_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from netbuilder.cli.main import main
    from netbuilder.core.examples import load_example
    from netbuilder.core.project import save_project

    project = tmp_path / "xor.nbproj"
    save_project(load_example("xor"), project)
    assert main(["train", str(project), "--epochs", "3", "--quiet"]) == 0  # records run-0001
    assert main(["train", str(project), "--epochs", "2", "--quiet"]) == 0  # and run-0002
    capsys.readouterr()
    latest = tmp_path / "latest.png"
    assert main(["plot", str(project), "--view", "loss", "--out", str(latest)]) == 0
    assert "run-0002" in capsys.readouterr().err and latest.stat().st_size > 1000
    first = tmp_path / "first.png"
    assert main(["plot", str(project), "--view", "confusion", "--run", "run-0001", "--out", str(first)]) == 0
    assert "run-0001" in capsys.readouterr().err and first.stat().st_size > 1000
    assert main(["plot", str(project), "--view", "loss", "--run", "nope", "--out", str(first)]) == 1
    assert "no run 'nope'" in capsys.readouterr().err
