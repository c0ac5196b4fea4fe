"""Make it small: quantise, prune and distil a trained network, and measure what each costs (no Qt)."""

from netbuilder.training.compression.distill import CompressionCancelled, DistillSettings, propose_student
from netbuilder.training.compression.lab import CURVE_SPARSITIES, CompressionLab, Variant, layer_sizes
from netbuilder.training.compression.measure import Metric

__all__ = [
    "CURVE_SPARSITIES",
    "CompressionCancelled",
    "CompressionLab",
    "DistillSettings",
    "Metric",
    "Variant",
    "layer_sizes",
    "propose_student",
]
