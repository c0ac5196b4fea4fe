"""How much memory a network needs, estimated from the inferred shapes before anything is allocated.

A Dense layer of 10⁶ × 10⁶ units passes shape inference (it runs on the meta device) and then asks
for 4 TB when built. These estimates let ``compile_graph``, ``validate`` and ``train`` refuse such a
network with a message naming its largest node instead.
"""

from __future__ import annotations

import math

from netbuilder.core.limits import check_memory
from netbuilder.model.inference import GraphInfo

BYTES_PER_VALUE = 4  # float32
# Training holds the weights, their gradients and up to two optimiser buffers each (Adam's moments).
TRAINING_COPIES = 4
# Each activation is kept for the backward pass and gets a gradient of its own there.
ACTIVATION_COPIES = 2


def parameter_bytes(info: GraphInfo) -> int:
    """Memory of the weights alone (what building the model allocates)."""
    return info.total_params * BYTES_PER_VALUE


def activation_values(info: GraphInfo) -> int:
    """Values every node outputs for one sample (the batch dimension left out)."""
    return sum(math.prod(node.output_shape) for node in info.nodes.values() if node.output_shape is not None)


def training_bytes(info: GraphInfo, batch_size: int) -> int:
    """Memory of one training step: weights with gradients and optimiser state, plus the batch's activations."""
    weights = info.total_params * BYTES_PER_VALUE * TRAINING_COPIES
    return weights + activation_values(info) * batch_size * BYTES_PER_VALUE * ACTIVATION_COPIES


def _largest_node(info: GraphInfo) -> str | None:
    nodes = [node for node in info.nodes.values() if node.params]
    return max(nodes, key=lambda node: node.params).node_id if nodes else None


def check_model_memory(info: GraphInfo, *, batch_size: int | None = None) -> None:
    """Raise ``MemoryLimitError`` when building (or, with ``batch_size``, training) the model needs too much."""
    largest = _largest_node(info)
    where = f" (largest: node '{largest}')" if largest else ""
    params = f"{info.total_params:,} parameters{where}"
    check_memory(parameter_bytes(info), f"the model's {params}", node_id=largest)
    if batch_size is not None:
        check_memory(
            training_bytes(info, batch_size), f"training the model ({params}, batch {batch_size})", node_id=largest
        )
