"""Probes: pure functions over a model that the GUI draws (decision grid, hinges, activations, linear
regions, gradient flow, unit health).

Call them on ``Snapshot.model`` while handling a :class:`~netbuilder.training.events.Snapshot` event (the
training generator is suspended then, so the weights are consistent), in the thread that iterates the
generator. They never change the model, except :func:`reinit_dead_units`, which is the GUI's one-click
repair and must be called between steps in the same way.
"""

from netbuilder.training.probes.capture import capture_outputs, relu_pairs
from netbuilder.training.probes.gradients import GradientDiagnosis, GradientFlow, LayerGradient, diagnose_gradients
from netbuilder.training.probes.grid import (
    GridProbe,
    activation_maps,
    decision_grid,
    grid_points,
)
from netbuilder.training.probes.health import (
    Bins,
    UnitHealth,
    dead_relu_share,
    gradient_norms,
    histogram,
    layer_parameters,
    reinit_dead_units,
    saturated_share,
    unit_health,
    weight_bins,
    weight_histograms,
)
from netbuilder.training.probes.hinges import (
    HingeProbe,
    HingeUnit,
    breakpoints_1d,
    hinge_decomposition,
    linear_regions_1d,
)
from netbuilder.training.probes.regions import RegionMap, linear_regions_2d, region_map, relu_patterns
from netbuilder.training.probes.views import function_range, input_scaling, plane_featurizer

__all__ = [
    "Bins",
    "GradientDiagnosis",
    "GradientFlow",
    "GridProbe",
    "HingeProbe",
    "HingeUnit",
    "LayerGradient",
    "RegionMap",
    "UnitHealth",
    "activation_maps",
    "breakpoints_1d",
    "capture_outputs",
    "dead_relu_share",
    "decision_grid",
    "diagnose_gradients",
    "function_range",
    "gradient_norms",
    "grid_points",
    "hinge_decomposition",
    "histogram",
    "input_scaling",
    "layer_parameters",
    "linear_regions_1d",
    "linear_regions_2d",
    "plane_featurizer",
    "region_map",
    "reinit_dead_units",
    "relu_pairs",
    "relu_patterns",
    "saturated_share",
    "unit_health",
    "weight_bins",
    "weight_histograms",
]
