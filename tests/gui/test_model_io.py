"""File → Export Model… and File → Import PyTorch Model…, driven through the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from netbuilder.gui import model_io
from netbuilder.model.compiler import compile_graph

MODEL_FILE = """
import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

    def forward(self, x):
        return self.body(x)

class Sorting(nn.Module):
    def forward(self, x):
        return torch.sort(x).values
"""


def file_menu_texts(window: Any) -> list[str]:
    return [a.text() for a in window.menu("&File").actions()]


def test_export_and_import_sit_above_quit(window: Any) -> None:
    texts = file_menu_texts(window)
    assert texts.index("&Export Model…") < texts.index("&Quit")
    assert texts.index("&Import PyTorch Model…") < texts.index("&Quit")
    assert window.act_export.shortcut().toString() == "Ctrl+E"


def test_export_without_training_exports_a_fresh_model(window: Any, qtbot: Any) -> None:
    window.files.open_example("xor", ask=False)
    dialog = model_io.open_export_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.module is None
    assert "freshly initialised" in dialog.weights_edit.placeholderText()
    dialog.close()


def test_export_hands_over_trained_weights_that_fit_the_graph(window: Any, qtbot: Any) -> None:
    window.files.open_example("xor", ask=False)
    trained = compile_graph(window.document.graph)
    with torch.no_grad():
        trained.fc1.weight.fill_(0.5)
    window.training.use_weights({k: v.clone() for k, v in trained.state_dict().items()})
    dialog = model_io.open_export_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.module is not None
    assert torch.equal(dialog.module.fc1.weight, trained.fc1.weight)
    dialog.close()
    # Edit the graph so the weights no longer fit: the dialog falls back to a fresh model.
    window.document.graph.set_param("fc1", "out_features", 5)
    assert model_io.trained_module(window) is None


def test_import_opens_the_module_as_a_new_unsaved_project(
    window: Any, qtbot: Any, tmp_path: Path, dialogs: Any
) -> None:
    path = tmp_path / "user_model.py"
    path.write_text(MODEL_FILE)
    assert model_io.import_from_file(window, str(path), "Net", "4")
    graph = window.document.graph
    assert [n.type for n in graph.topological_order()] == ["Input", "Dense", "ReLU", "Dense"]
    assert window.document.is_dirty
    # Shapes follow after the analysis' debounce: every imported node gets one, with no problem.
    qtbot.waitUntil(lambda: len(window.analysis.info.nodes) == 4, timeout=5000)
    assert not window.analysis.info.problems
    assert window.analysis.info.nodes["body_2"].output_shape == (3,)
    assert not dialogs.calls


@pytest.mark.parametrize(
    ("class_name", "shape", "message"),
    [
        ("Net", "4,abc", "'abc' is not a size"),
        ("Sorting", "4", "sort"),
        ("Missing", "4", "Missing"),
    ],
)
def test_import_errors_are_shown_and_keep_the_project(
    window: Any, tmp_path: Path, dialogs: Any, class_name: str, shape: str, message: str
) -> None:
    window.files.open_example("xor", ask=False)
    before = window.document.graph.to_dict()
    path = tmp_path / "user_model.py"
    path.write_text(MODEL_FILE)
    assert not model_io.import_from_file(window, str(path), class_name, shape)
    (call,) = dialogs.of("critical")
    assert call[1] == "Cannot import" and message in call[2]
    assert window.document.graph.to_dict() == before


def test_parse_shape_accepts_the_usual_spellings() -> None:
    assert model_io.parse_shape("1, 28, 28") == [1, 28, 28]
    assert model_io.parse_shape("1×28×28") == [1, 28, 28]
    assert model_io.parse_shape("1x28x28") == [1, 28, 28]
    with pytest.raises(ValueError, match="give the input shape"):
        model_io.parse_shape("  ")
