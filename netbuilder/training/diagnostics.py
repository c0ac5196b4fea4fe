"""The end-of-run diagnostics as JSON-ready values: what ``netbuilder train --json`` reports.

Per layer: the gradient norm of the last step (the gradients stay on the parameters after training),
the share of dead ReLU units and of saturated sigmoid/tanh units over the training inputs; for a
classifier on the 2-D plane whose network has ReLUs, the number of linear regions over a stated
grid. The probes are those the GUI shows live (:mod:`netbuilder.training.probes`), called once.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from netbuilder.training.probes.health import gradient_norms, unit_health
from netbuilder.training.probes.regions import region_map
from netbuilder.training.probes.views import plane_featurizer
from netbuilder.training.session import TrainingSetup

REGION_RESOLUTION = 200
# Dead and saturated shares are read on at most this many training samples (the first ones): enough
# to see a unit fire, and bounded for large image sets.
HEALTH_SAMPLES = 4096


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def is_plane_classifier(dataset: Any) -> bool:
    """A classification dataset whose samples are points of the 2-D plane (possibly with engineered features)."""
    extras = getattr(dataset, "extras", {})
    return bool(dataset.task == "classification" and "points_train" in extras and "features" in extras)


def diagnostics_report(setup: TrainingSetup) -> dict[str, Any]:
    """{"layers": {node id: {...}}, "linear_regions": {...} or None} for the trained ``setup.model``."""
    model = setup.model
    param = next(model.parameters(), None)
    device = param.device if param is not None else torch.device("cpu")
    x = setup.data.x_train[:HEALTH_SAMPLES].to(device)
    grads = gradient_norms(model)
    has_grad = any(p.grad is not None for p in model.parameters())
    health = unit_health(model, x)
    layers: dict[str, dict[str, Any]] = {}
    for node in setup.node_order:
        entry: dict[str, Any] = {}
        if node in grads:
            entry["grad_norm"] = _finite(grads[node]) if has_grad else None
        if node in health:
            if health[node].dead_share is not None:
                entry["dead_share"] = health[node].dead_share
            if health[node].saturated_share is not None:
                entry["saturated_share"] = health[node].saturated_share
        if entry:
            layers[node] = entry
    regions = None
    if is_plane_classifier(setup.dataset) and any(h.kind == "relu" for h in health.values()):
        featurize, extent = plane_featurizer(setup.dataset)
        found = region_map(model, extent, REGION_RESOLUTION, featurize)
        regions = {"count": found.count, "extent": extent, "resolution": REGION_RESOLUTION}
    return {"layers": layers, "linear_regions": regions}
