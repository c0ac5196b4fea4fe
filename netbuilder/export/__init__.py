"""Take the model away: weights, torch.export, ONNX, standalone code and a training script.

Every export is written to a temporary file beside its target, loaded back in a fresh Python process
(onnxruntime for ONNX, an environment without netbuilder for generated code), compared with the
in-memory model on a sample batch, and only then renamed into place.
"""

from netbuilder.export.errors import ExportError, VerificationError
from netbuilder.export.exporter import ExportOptions, ExportResult, export_model
from netbuilder.export.formats import FORMATS, FormatInfo
from netbuilder.export.weights import fresh_module, load_weights_file

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "FormatInfo",
    "VerificationError",
    "export_model",
    "fresh_module",
    "load_weights_file",
]
