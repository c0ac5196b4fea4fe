"""The inside views: which fit each example, what their frames hold, and how a run carries them."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from netbuilder.core.examples import example_names, load_example
from netbuilder.training.control import TrainControl
from netbuilder.training.runner.inside import GALLERY_POOL, InsidePlan, SampleChoice, inside_views, pick_samples
from netbuilder.training.runner.messages import InsidePlanned, InsideProbed, Job, Reply, ViewPlanned
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.runner.run import Run
from netbuilder.training.session import prepare

FITTING = {
    "spiral": ["neurons"],
    "xor": ["neurons"],
    "circles": ["neurons"],
    "seed-relu-pieces": ["neurons"],
    "seed-linear-neuron": ["neurons"],
    "seed-cnn": ["filters", "feature-maps", "saliency", "misclassified"],
    "lstm-sequence": ["hidden-states"],
    "attention-sequence": ["attention"],
    "residual-mlp": [],  # Add: not a chain of dense layers
    "seed-digits-mlp": [],  # 64 inputs: no plane to draw units over
    "seed-mlp-regression": [],
}


@pytest.mark.parametrize("name", example_names())
def test_the_views_that_fit_each_example(name: str) -> None:
    project = load_example(name)
    setup = prepare(project)
    assert inside_views(project.graph, setup.dataset) == FITTING[name]


def test_image_frame_holds_the_models_own_feature_maps_for_one_sample_per_class() -> None:
    project = load_example("seed-cnn")
    setup = prepare(project)
    plan = InsidePlan(setup.dataset, project.graph)
    frame = plan.frame(setup.model)
    assert frame is not None and frame.images is not None and frame.views == tuple(FITTING["seed-cnn"])
    images = frame.images
    assert images.labels.tolist() == list(range(8))  # one test sample per class, in class order
    x = setup.dataset.x_test[torch.from_numpy(images.samples)]
    conv1 = setup.model.get_submodule("conv1")
    direct = F.conv2d(x, conv1.weight, conv1.bias).detach().numpy()
    np.testing.assert_allclose(images.maps["conv1"].astype(np.float32), direct, atol=2e-3, rtol=2e-3)  # float16 sent
    assert images.layer_order == ["conv1", "maxpool1", "conv2", "maxpool2", "conv3"]
    assert images.conv_source == {"conv1": "", "conv2": "maxpool1", "conv3": "maxpool2"}
    np.testing.assert_allclose(images.output.sum(axis=1), 1.0, atol=1e-5)  # the model ends in Softmax
    assert images.probabilities
    pool = min(GALLERY_POOL, len(setup.dataset.x_test))
    assert images.mistakes is not None and images.mistakes_checked == pool
    predicted = setup.model(setup.dataset.x_test[:pool]).argmax(1).numpy()
    wrong = np.flatnonzero(predicted != setup.dataset.y_test[:pool].numpy())[: len(images.mistakes)]
    np.testing.assert_array_equal(images.mistakes, wrong)
    assert len(pickle.dumps(frame)) < 2_000_000  # a few frames a second must stay light on the pipe


def test_a_picked_sample_comes_first() -> None:
    project = load_example("lstm-sequence")
    setup = prepare(project)
    plan = InsidePlan(setup.dataset, project.graph)
    choice = SampleChoice()
    choice.set(37)
    frame = plan.frame(setup.model, choice)
    assert frame is not None and frame.sequences is not None
    assert frame.sequences.samples[0] == 37 and len(frame.sequences.samples) == 8
    assert choice.take_change() is None  # taken once
    trace = frame.sequences.traces["lstm1"]
    with torch.no_grad():
        own, _ = torch.nn.LSTM.forward(
            setup.model.get_submodule("lstm1"), setup.dataset.x_test[frame.sequences.samples]
        )
    np.testing.assert_allclose(trace.hidden, own.numpy(), atol=1e-5)
    assert pick_samples(setup.dataset, 3, first=5).tolist() == [5, 0, 1]


def test_a_run_carries_its_inside_views_and_frame() -> None:
    project = load_example("attention-sequence")
    project.training = dict(project.training, epochs=1)
    replies: list[Reply] = []
    run = Run(project.training, project.dataset)

    def send(reply: Reply) -> None:
        reply = pickle.loads(pickle.dumps(reply))  # every reply crosses a pipe in real use
        replies.append(reply)
        run.apply(reply)

    run_job(Job(project.to_dict(), None, None, job_environment()), TrainControl(), send)
    kinds = [type(r) for r in replies]
    assert kinds.index(InsidePlanned) == kinds.index(ViewPlanned) + 1
    assert InsideProbed in kinds and run.outcome == "finished"
    assert run.inside_views == ("attention",)
    assert run.inside_frame is not None and run.inside_frame.sequences is not None
    weights = run.inside_frame.sequences.attention["encoder1.self_attn"]
    assert weights.shape == (8, 4, 20, 20)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-5)


@pytest.mark.parametrize("epochs", [2, 20])
def test_the_last_frame_of_a_run_shows_its_final_weights(epochs: int) -> None:
    """The run's last inside frame is of the weights it ends with (the views show what was trained)."""
    project = load_example("seed-linear-neuron")
    project.training = dict(project.training, epochs=epochs)
    run = Run(project.training, project.dataset)

    def send(reply: Reply) -> None:
        run.apply(pickle.loads(pickle.dumps(reply)))

    run_job(Job(project.to_dict(), None, None, job_environment()), TrainControl(), send)
    assert run.outcome == "finished" and run.weights is not None
    assert run.inside_frame is not None and run.inside_frame.neurons is not None
    layer = run.inside_frame.neurons.layers[0]
    np.testing.assert_array_equal(layer.weight, run.weights[f"{layer.dense}.weight"].numpy())
    np.testing.assert_array_equal(layer.bias, run.weights[f"{layer.dense}.bias"].numpy())


def test_one_forward_pass_gives_the_boundary_the_thumbnails_and_the_neuron_maps() -> None:
    """On 2-D data the decision grid, the canvas thumbnails and the Neurons view come from one pass
    over the decision grid; each still equals the network computed directly at its own points."""
    from netbuilder.training.probes.grid import grid_points
    from netbuilder.training.probes.views import plane_featurizer
    from netbuilder.training.runner.views import GRID, THUMB, ViewPlan

    torch.manual_seed(3)
    project = load_example("spiral")
    setup = prepare(project)
    model = setup.model.eval()
    plan = ViewPlan(setup.dataset, project.graph)
    inside = plan.plan_inside()
    assert inside is not None and inside.shares_plane
    calls = []
    hook = model.register_forward_pre_hook(lambda _m, args: calls.append(args[0].shape[0]))
    try:
        frame, inside_frame = plan.frames(model)
    finally:
        hook.remove()
    assert calls == [GRID * GRID]  # one forward pass, over the decision grid's points
    assert frame is not None and inside_frame is not None and inside_frame.neurons is not None
    featurize, extent = plane_featurizer(setup.dataset)
    neurons = inside_frame.neurons
    # the neurons' own grid: their axis points, featurised as the training inputs were
    gx, gy = np.meshgrid(neurons.axis, neurons.axis)
    points = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
    first = neurons.layers[0]
    dense = model.get_submodule(first.dense)
    with torch.no_grad():
        hidden = torch.tanh(dense(featurize(points)))
    g = len(neurons.axis)
    np.testing.assert_allclose(first.values, hidden.T.reshape(-1, g, g).numpy(), atol=1e-5)
    # the same maps as the Neurons view's own pass (no decision view) would give
    alone = inside.frame(model)
    assert alone is not None and alone.neurons is not None
    for a, b in zip(alone.neurons.layers, neurons.layers, strict=True):
        np.testing.assert_allclose(a.values, b.values, atol=1e-5)
    # the thumbnails: the hidden activation at a 24×24 choice of the grid's points
    xs, _ys, all_points = grid_points(extent, GRID)
    picked = np.round(np.linspace(0, GRID - 1, THUMB)).astype(int)
    tg_x, tg_y = np.meshgrid(xs[picked], xs[picked])
    thumb_points = torch.from_numpy(np.stack([tg_x.ravel(), tg_y.ravel()], 1))
    with torch.no_grad():
        thumbs = torch.tanh(dense(featurize(thumb_points)))
    shown = frame.activations[first.shown]
    np.testing.assert_allclose(shown, thumbs.T.reshape(-1, THUMB, THUMB)[: len(shown)].numpy(), atol=1e-5)
    with torch.no_grad():
        probs = model(featurize(all_points))
    np.testing.assert_allclose(frame.probs.reshape(-1, probs.shape[1]), probs.numpy(), atol=1e-5)
