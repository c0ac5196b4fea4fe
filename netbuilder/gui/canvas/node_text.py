"""What a node card says about its parameters: the few that matter, in words (``16 units``,
``3×3, 32 ch, stride 1``), and every value for the tooltip.

Written here rather than in the catalog because it is user-facing text that goes through Qt's
translation, which the pure core cannot use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.catalog import LayerType

Params = Mapping[str, Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("NodeCard", text)


# The singular and plural forms _count chooses from, marked for lupdate.
_FORMS = (
    QT_TRANSLATE_NOOP("NodeCard", "{n} feature"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} features"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} unit"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} units"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} layer"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} layers"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} head"),
    QT_TRANSLATE_NOOP("NodeCard", "{n} heads"),
)


def _count(n: object, one: str, many: str) -> str:
    """``1 unit`` but ``16 units`` (each form translated on its own: not every language has plurals)."""
    return _tr(one if n == 1 else many).format(n=n)


def _dims(value: Any) -> str:
    return "×".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _no_bias(p: Params) -> list[str]:
    return [] if p.get("bias", True) else [QCoreApplication.translate("NodeCard", "no bias")]


def _input(p: Params) -> list[str]:
    shape = list(p["shape"])
    parts = [_count(shape[0], "{n} feature", "{n} features") if len(shape) == 1 else _dims(shape)]
    if p.get("dtype") == "int64":
        parts.append(QCoreApplication.translate("NodeCard", "token ids"))
    return parts


def _dense(p: Params) -> list[str]:
    return [_count(p["out_features"], "{n} unit", "{n} units"), *_no_bias(p)]


def _conv(p: Params, dims: int) -> list[str]:
    k = p["kernel_size"]
    parts = [
        _dims([k] * dims),
        QCoreApplication.translate("NodeCard", "{n} ch").format(n=p["out_channels"]),
        QCoreApplication.translate("NodeCard", "stride {n}").format(n=p["stride"]),
    ]
    if p["padding"]:
        parts.append(QCoreApplication.translate("NodeCard", "pad {n}").format(n=p["padding"]))
    return parts + _no_bias(p)


def _pool(p: Params, dims: int) -> list[str]:
    k = p["kernel_size"]
    parts = [_dims([k] * dims), QCoreApplication.translate("NodeCard", "stride {n}").format(n=p["stride"] or k)]
    if p["padding"]:
        parts.append(QCoreApplication.translate("NodeCard", "pad {n}").format(n=p["padding"]))
    return parts


def _recurrent(p: Params) -> list[str]:
    parts = [QCoreApplication.translate("NodeCard", "{n} hidden").format(n=p["hidden_size"])]
    if p["num_layers"] > 1:
        parts.append(_count(p["num_layers"], "{n} layer", "{n} layers"))
    if p.get("nonlinearity") == "relu":
        parts.append("ReLU")
    if p["bidirectional"]:
        parts.append(QCoreApplication.translate("NodeCard", "both ways"))
    parts.append(
        QCoreApplication.translate("NodeCard", "all steps")
        if p["output"] == "all"
        else QCoreApplication.translate("NodeCard", "last step")
    )
    return parts


def _attention(p: Params) -> list[str]:
    parts = [_count(p["num_heads"], "{n} head", "{n} heads")]
    if p.get("causal"):
        parts.append(QCoreApplication.translate("NodeCard", "causal"))
    if p.get("dropout"):
        parts.append(QCoreApplication.translate("NodeCard", "dropout {p}").format(p=_number(p["dropout"])))
    return parts


def _encoder(p: Params) -> list[str]:
    return [
        _count(p["num_heads"], "{n} head", "{n} heads"),
        QCoreApplication.translate("NodeCard", "ff {n}").format(n=p["dim_feedforward"]),
    ]


FORMATTERS: dict[str, Callable[[Params], list[str]]] = {
    "Input": _input,
    "Dense": _dense,
    "Conv1d": lambda p: _conv(p, 1),
    "Conv2d": lambda p: _conv(p, 2),
    "MaxPool1d": lambda p: _pool(p, 1),
    "MaxPool2d": lambda p: _pool(p, 2),
    "AvgPool2d": lambda p: _pool(p, 2),
    "RNN": _recurrent,
    "LSTM": _recurrent,
    "GRU": _recurrent,
    "MultiheadAttention": _attention,
    "TransformerEncoderLayer": _encoder,
    "PositionalEncoding": lambda p: [
        QCoreApplication.translate("NodeCard", "learned")
        if p["kind"] == "learned"
        else QCoreApplication.translate("NodeCard", "sinusoidal"),
        QCoreApplication.translate("NodeCard", "max {n}").format(n=p["max_len"]),
    ],
    "Embedding": lambda p: [
        QCoreApplication.translate("NodeCard", "{n} tokens → {d}").format(n=p["num_embeddings"], d=p["embedding_dim"])
    ],
    "Dropout": lambda p: [
        QCoreApplication.translate("NodeCard", "drop {n}%").format(n=_number(round(p["p"] * 100, 1)))
    ],
    "LeakyReLU": lambda p: [QCoreApplication.translate("NodeCard", "slope {n}").format(n=_number(p["negative_slope"]))],
    "ELU": lambda p: [QCoreApplication.translate("NodeCard", "α {n}").format(n=_number(p["alpha"]))],
    "Softmax": lambda p: [QCoreApplication.translate("NodeCard", "over dim {n}").format(n=p["dim"])],
    "Concat": lambda p: [QCoreApplication.translate("NodeCard", "along dim {n}").format(n=p["dim"])],
    "Reshape": lambda p: [QCoreApplication.translate("NodeCard", "to {shape}").format(shape=_dims(p["shape"]))],
}


def card_text(layer_type: LayerType, params: Params) -> str:
    """The parameters that matter, short: what a card shows under its header."""
    formatter = FORMATTERS.get(layer_type.id)
    if formatter is not None:
        return ", ".join(formatter(params))
    # Other types: only what differs from the defaults (eps and momentum rarely matter at a glance).
    changed = [
        f"{spec.name} {_number(params[spec.name])}"
        for spec in layer_type.params
        if spec.name in params and params[spec.name] != spec.default
    ]
    if changed:
        return ", ".join(changed)
    return (
        QCoreApplication.translate("NodeCard", "defaults")
        if layer_type.params
        else QCoreApplication.translate("NodeCard", "no parameters")
    )


def full_values(layer_type: LayerType, params: Params) -> list[str]:
    """Every parameter as ``name = value``, for the tooltip."""
    rows = []
    for spec in layer_type.params:
        value = params.get(spec.name, spec.default)
        text = _dims(value) if isinstance(value, list | tuple) else _number(value)
        rows.append(f"{spec.name} = {text}")
    return rows
