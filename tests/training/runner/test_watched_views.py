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
        plan._last_frame = float("-inf")  # not paced away by the budget
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
