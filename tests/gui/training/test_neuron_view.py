"""The Neurons view: pruned links and units are shown as such, and a new frame updates the scene in
place (same items, no re-layout) while its pictures follow the weights."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QPointF, Qt

from netbuilder.core.examples import load_example
from netbuilder.gui.training.neuron_view import LinksItem, NeuronView
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.runner.inside_weights import inside_frame_for
from netbuilder.training.session import prepare


def spiral_weights() -> tuple[Any, dict[str, torch.Tensor]]:
    torch.manual_seed(0)
    project = load_example("spiral")
    setup = prepare(project)
    return project, state_to_cpu(setup.model.state_dict())


def hover(qtbot: Any, view: NeuronView, item: Any, local: QPointF) -> str:
    """Move the mouse over ``item`` at ``local`` (item coordinates) and return the tooltip it set."""
    point = view.mapFromScene(item.mapToScene(local))
    qtbot.mouseMove(view.viewport(), pos=point)
    qtbot.waitUntil(lambda: item.toolTip() != "", timeout=2000)
    return str(item.toolTip())


def test_pruned_links_are_dashed_grey_and_a_cut_off_unit_is_greyed(qtbot: Any) -> None:
    project, weights = spiral_weights()
    first = next(k for k in weights if k.endswith(".weight"))
    dense = first.split(".")[0]
    second = [k for k in weights if k.endswith(".weight")][1]
    pruned = dict(weights)
    cut = pruned[second].clone()
    cut[3] = 0.0  # unit 3 of the second layer: every incoming weight pruned
    cut[0, :4] = 0.0  # and four single links into unit 0
    pruned[second] = cut
    frame = inside_frame_for(project, pruned)
    assert frame is not None and frame.neurons is not None
    view = NeuronView()
    qtbot.addWidget(view)
    view.resize(1000, 380)
    view.show()
    view.show_frame(frame.neurons)
    layer2 = second.split(".")[0]
    links: LinksItem = view.links[layer2]
    inputs = cut.shape[1]
    zero = (cut.numpy().reshape(-1) == 0)[: len(links.codes)]
    assert zero.sum() == inputs + 4
    assert np.array_equal(links.codes == -1, zero)  # model -> UI: exactly the zero weights are "pruned"
    pen = next(p for p, lines in links._batches if len(lines) == zero.sum())
    assert pen.style() == Qt.PenStyle.DashLine and pen.color().red() == pen.color().green() == pen.color().blue()
    tiles = view.tiles[layer2]
    assert [t.pruned for t in tiles] == [i == 3 for i in range(len(tiles))]
    assert not any(t.pruned for t in view.tiles[dense])
    qtbot.waitExposed(view)
    assert "pruned" in hover(qtbot, view, tiles[3], QPointF(30, 30))
    assert "pruned" not in hover(qtbot, view, tiles[2], QPointF(30, 30))
    # A pruned link under the mouse: the first link into unit 0 (from the first unit of the layer before).
    a, b = links.starts[0], links.ends[0]
    middle = QPointF(*(a + 0.5 * (b - a)))
    assert links.nearest(middle) == 0 and links.tooltip_at(middle).endswith("= 0 (pruned)")
    # The weights come back (training goes on): the unit and its links are drawn as usual again.
    again = inside_frame_for(project, weights)
    assert again is not None and again.neurons is not None
    view.show_frame(again.neurons)
    assert not any(t.pruned for t in tiles) and not (links.codes == -1).any()


def test_a_new_frame_updates_the_scene_in_place(qtbot: Any) -> None:
    project, weights = spiral_weights()
    view = NeuronView()
    qtbot.addWidget(view)
    view.resize(1000, 380)
    view.show()
    frame = inside_frame_for(project, weights)
    assert frame is not None and frame.neurons is not None
    view.show_frame(frame.neurons)
    items = set(view.scene().items())
    rect = view.sceneRect()
    changed = {k: v * 0.5 + 0.1 for k, v in weights.items()}
    second = inside_frame_for(project, changed)
    assert second is not None and second.neurons is not None
    view.show_frame(second.neurons)
    assert set(view.scene().items()) == items and view.sceneRect() == rect  # no item made, no re-layout
    for layer in second.neurons.layers:
        links = view.links[layer.dense]
        assert np.allclose(links.weights, layer.weight.reshape(-1)[: len(links.weights)])  # the new weights
        tile = view.tiles[layer.dense][0]
        assert np.array_equal(tile.values, layer.values[0])
    # the same frame again changes no pen: nothing to repaint
    links = next(iter(view.links.values()))
    batches = links._batches
    view.show_frame(second.neurons)
    assert links._batches is batches
