"""Inside views that nobody can see are not computed: the GUI says which docks are on screen."""

from __future__ import annotations

import pickle

from netbuilder.core.examples import load_example
from netbuilder.training.control import TrainControl
from netbuilder.training.runner.inside import WATCHED, InsidePlan
from netbuilder.training.runner.messages import InsideProbed, Job, Reply, WatchViews
from netbuilder.training.runner.process import job_environment, run_job
from netbuilder.training.session import prepare


def test_a_hidden_view_costs_nothing_and_a_shown_one_comes_back() -> None:
    project = load_example("spiral")
    setup = prepare(project)
    plan = InsidePlan(setup.dataset, project.graph)
    try:
        WATCHED.set(())  # the Neurons dock is a hidden tab
        hidden = plan.frame(setup.model)
        assert hidden is not None and hidden.neurons is None
        WATCHED.set(("neurons",))  # its tab is raised
        shown = plan.frame(setup.model)
        assert shown is not None and shown.neurons is not None
    finally:
        WATCHED.set(None)


def test_a_job_computes_only_the_views_it_was_told_are_watched() -> None:
    project = load_example("spiral")
    project.training = dict(project.training, epochs=3)
    frames: list[Reply] = []

    def send(reply: Reply) -> None:
        reply = pickle.loads(pickle.dumps(reply))
        if isinstance(reply, InsideProbed):
            frames.append(reply)

    try:
        run_job(Job(project.to_dict(), None, None, job_environment(), watch=()), TrainControl(), send)
        assert frames and all(f.frame.neurons is None for f in frames)  # type: ignore[union-attr]
    finally:
        WATCHED.set(None)
    assert WatchViews(("neurons",)) == pickle.loads(pickle.dumps(WatchViews(("neurons",))))  # crosses the pipe


def test_image_views_compute_only_the_parts_on_screen() -> None:
    """Filters alone need no forward pass; feature maps need no backward pass; the saliency needs both.
    Every part that is computed still equals the direct computation."""
    import numpy as np
    import torch
    import torch.nn.functional as F

    project = load_example("seed-cnn")
    setup = prepare(project)
    plan = InsidePlan(setup.dataset, project.graph)
    conv1 = setup.model.get_submodule("conv1")
    x = setup.dataset.x_test[torch.from_numpy(plan.samples)]
    direct = F.conv2d(x, conv1.weight, conv1.bias).detach().numpy()
    seen = {}
    try:
        for watched in [("filters",), ("feature-maps",), ("saliency",), ("misclassified",), None]:
            WATCHED.set(watched)
            frame = plan.frame(setup.model)
            assert frame is not None and frame.images is not None
            seen[watched] = frame.images
    finally:
        WATCHED.set(None)
    filters = seen[("filters",)]
    assert not filters.maps and filters.saliency is None and filters.mistakes is None
    assert not filters.holds("feature-maps") and not filters.holds("saliency") and filters.holds("filters")
    np.testing.assert_array_equal(filters.filters["conv1"], conv1.weight.detach().numpy())
    maps = seen[("feature-maps",)]
    assert maps.holds("feature-maps") and maps.saliency is None
    np.testing.assert_allclose(maps.maps["conv1"].astype(np.float32), direct, atol=2e-3, rtol=2e-3)
    assert maps.holds("filters")  # the explanation of a value reads the kernels
    saliency = seen[("saliency",)]
    assert saliency.holds("saliency") and not saliency.maps and not saliency.holds("filters")
    assert seen[("misclassified",)].mistakes is not None  # the gallery, searched when it is watched
    everything = seen[None]
    assert everything.holds("feature-maps") and everything.holds("saliency")
    np.testing.assert_allclose(everything.saliency, saliency.saliency, atol=1e-6)
    np.testing.assert_allclose(everything.output, maps.output, atol=1e-6)
