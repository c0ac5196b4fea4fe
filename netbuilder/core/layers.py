"""The standard layer types: every family the seed articles teach.

Shapes follow PyTorch's conventions without the batch dimension: vectors ``(features,)``, sequences
``(time, features)`` (batch-first), images ``(channels, height, width)``. Input sizes of Dense, Conv and
the recurrent layers are inferred from upstream shapes, so a user only gives output sizes (as in Keras).
"""

from __future__ import annotations

from netbuilder.core.catalog import Catalog, LayerType
from netbuilder.core.params import ParamSpec, bool_param, choice_param, float_param, int_param, ints_param

_OUTPUT_MODE = choice_param(
    "output",
    "last",
    "return the last time step (for a classifier) or all steps (to stack layers)",
    ("last", "all"),
)


def _conv(dim: int) -> LayerType:
    kind = "1-D" if dim == 1 else "2-D"
    return LayerType(
        id=f"Conv{dim}d",
        category="Convolution",
        label=f"Conv{dim}D",
        doc=f"{kind} convolution: slides learned kernels over the input, multiply-accumulate at each position.",
        params=(
            int_param("out_channels", 32, "number of output channels (filters)", 1, 65536),
            int_param("kernel_size", 3, "kernel size", 1, 64),
            int_param("stride", 1, "step between kernel positions", 1, 64),
            int_param("padding", 0, "zeros added on each side", 0, 64),
            bool_param("bias", True, "learn an additive bias per channel"),
        ),
        id_prefix=f"conv{dim}d_" if dim == 1 else "conv",
        keywords=("convolution", "filter", "cnn", "kernel"),
    )


def _pool(op: str, dim: int) -> LayerType:
    name = "Max" if op == "max" else "Avg"
    what = "maximum" if op == "max" else "average"
    return LayerType(
        id=f"{name}Pool{dim}d",
        category="Pooling",
        label=f"{name}Pool{dim}D",
        doc=f"Takes the {what} over each window, shrinking the spatial size.",
        params=(
            int_param("kernel_size", 2, "window size", 1, 64),
            int_param("stride", 0, "step between windows (0 = same as the window size)", 0, 64),
            int_param("padding", 0, "zeros added on each side (at most half the window)", 0, 32),
        ),
        id_prefix=f"{op}pool{'1d_' if dim == 1 else ''}",
        keywords=("pool", "downsample", "subsample"),
        short_label=f"{name}Pool",
    )


def _recurrent(type_id: str, doc: str, extra: tuple[ParamSpec, ...] = ()) -> LayerType:
    return LayerType(
        id=type_id,
        category="Recurrent",
        label=type_id,
        doc=doc,
        params=(
            int_param("hidden_size", 32, "size of the hidden state", 1, 65536),
            int_param("num_layers", 1, "stacked recurrent layers", 1, 16),
            *extra,
            bool_param("bidirectional", False, "also read the sequence backwards (doubles the output size)"),
            _OUTPUT_MODE,
        ),
        id_prefix=type_id.lower(),
        keywords=("sequence", "recurrent", "time series", "rnn"),
    )


def _activation(
    type_id: str, label: str, doc: str, params: tuple[ParamSpec, ...] = (), keywords: tuple[str, ...] = ()
) -> LayerType:
    return LayerType(
        id=type_id,
        category="Activation",
        label=label,
        doc=doc,
        params=params,
        id_prefix=type_id.lower(),
        keywords=("activation", "nonlinearity", *keywords),
    )


STANDARD_LAYERS: tuple[LayerType, ...] = (
    LayerType(
        id="Input",
        category="Input",
        label="Input",
        doc="The network's input: one sample's shape, without the batch dimension.",
        params=(
            ints_param("shape", (2,), "shape of one sample, e.g. 2, or 1×28×28, or 20×1 for sequences"),
            choice_param("dtype", "float32", "float32 for numbers, int64 for token ids", ("float32", "int64")),
        ),
        min_inputs=0,
        max_inputs=0,
        id_prefix="input",
        keywords=("data", "features"),
    ),
    LayerType(
        id="Dense",
        category="Dense",
        label="Dense (Linear)",
        doc="Fully connected layer y = W·x + b; acts on the last dimension.",
        params=(
            int_param("out_features", 16, "number of output units (neurons)", 1, 1_000_000),
            bool_param("bias", True, "learn an additive bias b"),
        ),
        id_prefix="fc",
        keywords=("linear", "fully connected", "mlp", "neuron"),
    ),
    _conv(1),
    _conv(2),
    _pool("max", 1),
    _pool("max", 2),
    _pool("avg", 2),
    LayerType(
        id="GlobalAvgPool2d",
        category="Pooling",
        label="GlobalAvgPool2D",
        doc="Averages each channel over the whole image: (C, H, W) -> (C,).",
        id_prefix="gap",
        keywords=("pool", "global", "average"),
        short_label="GlobalAvg",
    ),
    _recurrent(
        "RNN",
        "Simple recurrent layer h_t = f(W·x_t + U·h_{t-1} + b).",
        (choice_param("nonlinearity", "tanh", "the activation f", ("tanh", "relu")),),
    ),
    _recurrent("LSTM", "Long short-term memory: input, forget and output gates keep a cell state."),
    _recurrent("GRU", "Gated recurrent unit: update and reset gates; lighter than an LSTM."),
    LayerType(
        id="MultiheadAttention",
        category="Attention",
        label="Self-Attention",
        doc="Multi-head self-attention softmax(Q·Kᵀ/√d_k)·V over a (time, features) sequence.",
        params=(
            int_param("num_heads", 4, "attention heads (must divide the feature size)", 1, 128),
            float_param("dropout", 0.0, "dropout on the attention weights", 0.0, 0.99),
            bool_param("causal", False, "each step attends only to itself and earlier steps"),
        ),
        id_prefix="attn",
        keywords=("attention", "self-attention", "mha", "transformer", "qkv"),
    ),
    LayerType(
        id="TransformerEncoderLayer",
        category="Attention",
        label="Transformer Encoder",
        doc="Self-attention and a feed-forward block, each with a residual connection and LayerNorm.",
        params=(
            int_param("num_heads", 4, "attention heads (must divide the feature size)", 1, 128),
            int_param("dim_feedforward", 128, "hidden size of the feed-forward block", 1, 1_000_000),
            float_param("dropout", 0.1, "dropout probability", 0.0, 0.99),
            choice_param("activation", "relu", "feed-forward activation", ("relu", "gelu")),
            bool_param("norm_first", False, "LayerNorm before (pre-norm) rather than after each block"),
        ),
        id_prefix="encoder",
        keywords=("transformer", "encoder", "attention"),
        short_label="Encoder",
    ),
    LayerType(
        id="PositionalEncoding",
        category="Attention",
        label="Positional Encoding",
        doc="Adds position information to a (time, features) sequence: fixed sinusoids or learned vectors.",
        params=(
            choice_param("kind", "sinusoidal", "fixed sin/cos waves or a learned table", ("sinusoidal", "learned")),
            int_param("max_len", 512, "longest sequence supported", 1, 1_000_000),
        ),
        id_prefix="posenc",
        keywords=("position", "transformer", "sinusoidal"),
        short_label="Pos. Enc.",
    ),
    LayerType(
        id="Embedding",
        category="Dense",
        label="Embedding",
        doc="Looks up a learned vector for each integer token id.",
        params=(
            int_param("num_embeddings", 100, "vocabulary size (token ids 0 .. n-1)", 1, 10_000_000),
            int_param("embedding_dim", 32, "size of each vector", 1, 1_000_000),
        ),
        id_prefix="embed",
        keywords=("token", "lookup", "word"),
    ),
    LayerType(
        id="BatchNorm1d",
        category="Normalization",
        label="BatchNorm1D",
        doc="Normalises each feature over the batch, then scales and shifts (features or channels×length).",
        params=(
            float_param("eps", 1e-5, "added to the variance for stability", 0.0, 1.0),
            float_param("momentum", 0.1, "running statistics update rate", 0.0, 1.0),
        ),
        id_prefix="bn",
        keywords=("batch norm", "normalize"),
    ),
    LayerType(
        id="BatchNorm2d",
        category="Normalization",
        label="BatchNorm2D",
        doc="Normalises each channel of an image over the batch, then scales and shifts.",
        params=(
            float_param("eps", 1e-5, "added to the variance for stability", 0.0, 1.0),
            float_param("momentum", 0.1, "running statistics update rate", 0.0, 1.0),
        ),
        id_prefix="bn2d_",
        keywords=("batch norm", "normalize"),
    ),
    LayerType(
        id="LayerNorm",
        category="Normalization",
        label="LayerNorm",
        doc="Normalises the last dimension of each sample, then scales and shifts.",
        params=(float_param("eps", 1e-5, "added to the variance for stability", 0.0, 1.0),),
        id_prefix="ln",
        keywords=("layer norm", "normalize"),
    ),
    LayerType(
        id="Dropout",
        category="Regularization",
        label="Dropout",
        doc="During training, zeroes each value with probability p (and scales the rest); off at inference.",
        params=(float_param("p", 0.5, "probability of dropping a value", 0.0, 0.99),),
        id_prefix="dropout",
        keywords=("regularization", "regularisation"),
    ),
    _activation(
        "Identity",
        "Identity / Linear",
        "Passes the input through unchanged (linear activation).",
        (),
        ("linear",),
    ),
    _activation("ReLU", "ReLU", "max(0, x): the hinge that piecewise-linear networks are built from.", (), ("hinge",)),
    _activation(
        "LeakyReLU",
        "Leaky ReLU",
        "x for x > 0, slope·x otherwise: never completely dead.",
        (float_param("negative_slope", 0.01, "slope for negative inputs", 0.0, 1.0),),
    ),
    _activation("Sigmoid", "Sigmoid", "1 / (1 + e^-x): squashes to (0, 1); binary probabilities.", (), ("logistic",)),
    _activation("Tanh", "Tanh", "Hyperbolic tangent: squashes to (-1, 1).", ()),
    _activation("SiLU", "Swish / SiLU", "x·sigmoid(x): smooth, non-monotonic.", (), ("swish",)),
    _activation("GELU", "GELU", "x·Φ(x): the smooth ReLU used in Transformers.", ()),
    _activation(
        "ELU",
        "ELU",
        "x for x > 0, α(eˣ−1) otherwise.",
        (float_param("alpha", 1.0, "scale for negative inputs", 0.0, 10.0),),
    ),
    _activation(
        "Softmax",
        "Softmax",
        "Turns scores into probabilities that sum to 1 (classification output).",
        (int_param("dim", -1, "dimension that sums to 1", -4, 4),),
        ("probability", "classification"),
    ),
    LayerType(
        id="Add",
        category="Merge",
        label="Add",
        doc="Element-wise sum of all inputs (same shapes): residual / skip connections.",
        min_inputs=2,
        max_inputs=None,
        id_prefix="add",
        keywords=("residual", "skip", "sum", "merge"),
    ),
    LayerType(
        id="Concat",
        category="Merge",
        label="Concat",
        doc="Joins all inputs along one dimension (other dimensions must match).",
        params=(int_param("dim", -1, "dimension to join along (-1 = last, 0 = first after the batch)", -4, 3),),
        min_inputs=2,
        max_inputs=None,
        id_prefix="concat",
        keywords=("concatenate", "merge", "join"),
    ),
    LayerType(
        id="Flatten",
        category="Shape",
        label="Flatten",
        doc="Flattens each sample to a vector, e.g. (64, 3, 3) -> (576,).",
        id_prefix="flatten",
        keywords=("reshape", "vector"),
    ),
    LayerType(
        id="Reshape",
        category="Shape",
        label="Reshape",
        doc="Gives each sample a new shape with the same number of values (-1 infers one size).",
        params=(ints_param("shape", (-1,), "new shape without the batch dimension", allow_minus_one=True),),
        id_prefix="reshape",
        keywords=("view", "shape"),
    ),
)


def standard_catalog() -> Catalog:
    """A new catalog holding the standard layer types."""
    catalog = Catalog()
    for layer_type in STANDARD_LAYERS:
        catalog.register(layer_type)
    return catalog


CATALOG: Catalog = standard_catalog()
