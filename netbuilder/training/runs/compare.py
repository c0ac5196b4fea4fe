"""What differs between runs, said the way a person would: "lr 0.02 → 0.2", "tanh → relu".

A run's *settings* here are one flat dict: the training section (``optimizer.lr`` shown as ``lr``),
the dataset section (``data.…``) and a one-line network summary. :func:`differences` names what
changed from one run to the next (the Runs panel's "changes" column, the comparison legend);
:func:`comparison_rows` is the side-by-side table, each row marked when its values differ.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netbuilder.core.errors import NetBuilderError
from netbuilder.training.config import TrainConfig
from netbuilder.training.runs.store import RunEntry

# Short names for the settings people change most; any other key keeps its dotted path.
SHORT_NAMES = {"optimizer.lr": "lr", "optimizer.type": "optimizer", "batch_size": "batch", "schedule.type": "schedule"}
ACTIVATIONS = {"relu", "tanh", "sigmoid", "gelu", "leakyrelu", "elu", "silu", "softplus", "mish", "selu"}
# Settings that say nothing about how a run differs (and change every time or not at all).
IGNORED = {"seed", "threads", "device"}


def network_summary(graph: dict[str, Any]) -> str:
    """The Dense widths in order and the hidden activations ("16-16-2 tanh"), else the layer count."""
    nodes = list(graph.get("nodes") or [])
    widths = [str(n["params"].get("out_features")) for n in nodes if n.get("type") == "Dense" and "params" in n]
    acts: list[str] = []
    for node in nodes:
        name = str(node.get("type", "")).lower()
        if name in ACTIVATIONS and name not in acts:
            acts.append(name)
    if widths:
        return "-".join(widths) + (" " + "/".join(acts) if acts else "")
    return f"{len(nodes)} layers"


def full_training(training: dict[str, Any]) -> dict[str, Any]:
    """Every setting written out: a run recorded by the CLI (all settings) and one recorded by the app
    (only what the project sets) then differ only where they really do."""
    try:
        return TrainConfig.from_dict(training).to_dict()
    except NetBuilderError:
        return training


def _flatten(section: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in section.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", out)
        elif key not in IGNORED:
            out[SHORT_NAMES.get(name, name)] = value


def run_settings(project: dict[str, Any]) -> dict[str, Any]:
    """The flat settings of a project snapshot (network, training, dataset)."""
    out: dict[str, Any] = {"network": network_summary(dict(project.get("graph") or {}))}
    _flatten(full_training(dict(project.get("training") or {})), "", out)
    data: dict[str, Any] = {}
    _flatten(dict(project.get("dataset") or {}), "data.", data)
    out.update(data)
    return out


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "—" if not math.isfinite(value) else f"{value:.4g}"
    if isinstance(value, list):
        return "×".join(str(v) for v in value)
    return str(value)


def _changed(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    keys = list(a) + [k for k in b if k not in a]
    return [k for k in keys if a.get(k) != b.get(k)]


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed from settings ``before`` to ``after``: ["lr 0.02 → 0.2", "tanh → relu"]."""
    out = []
    for key in _changed(before, after):
        old, new = format_value(before.get(key)), format_value(after.get(key))
        if key == "network":
            out.append(_network_change(old, new))
        else:
            out.append(f"{key} {old} → {new}")
    return out


def _network_change(old: str, new: str) -> str:
    """Say only the part of the network summary that changed ("tanh → relu" when the widths stay)."""
    old_widths, _, old_acts = old.partition(" ")
    new_widths, _, new_acts = new.partition(" ")
    if old_widths == new_widths and old_acts != new_acts:
        return f"{old_acts or 'linear'} → {new_acts or 'linear'}"
    return f"network {old} → {new}"


def legend_labels(names: Sequence[str], settings: Sequence[dict[str, Any]]) -> list[str]:
    """One legend entry per run: its name and what differs from the first run ("run-0002: lr 0.02 → 0.2")."""
    labels = []
    for index, (name, values) in enumerate(zip(names, settings, strict=True)):
        changes = differences(settings[0], values) if index else []
        labels.append(f"{name}: {', '.join(changes)}" if changes else name)
    return labels


@dataclass(frozen=True)
class Row:
    """One line of the comparison table: a setting or a final metric, one text per run."""

    name: str
    values: tuple[str, ...]
    differs: bool


def comparison_rows(settings: Sequence[dict[str, Any]], finals: Sequence[dict[str, Any]]) -> list[Row]:
    """Settings rows first (in the order the first run lists them), then the final metrics."""
    rows: list[Row] = []
    for table in (settings, finals):
        keys: list[str] = []
        for values in table:
            keys.extend(k for k in values if k not in keys)
        for key in keys:
            raw = [values.get(key) for values in table]
            texts = tuple(format_value(v) for v in raw)
            rows.append(Row(key, texts, len(set(texts)) > 1))
    return rows


PREFERRED_METRICS = ("accuracy", "rmse", "r2", "mae")


def final_text(entry: RunEntry) -> str:
    """The one number a run list shows: "accuracy 0.975", "rmse 0.031", else the last training loss."""
    metrics = entry.final_metrics
    name = next((m for m in PREFERRED_METRICS if m in metrics), next(iter(metrics), None))
    if name is None:
        loss = entry.epochs[-1].get("train_loss") if entry.epochs else None
        return "" if loss is None else f"loss {format_value(loss)}"
    return f"{name} {metrics[name]:.3f}"


def final_values(entry_json: dict[str, Any]) -> dict[str, Any]:
    """The final numbers of a listed run (``RunEntry.to_json()``), in table order."""
    out: dict[str, Any] = {"status": entry_json.get("status"), "epochs": entry_json.get("epochs")}
    out["train loss"] = entry_json.get("train_loss")
    out["val loss"] = entry_json.get("val_loss")
    out.update({f"test {k}": v for k, v in dict(entry_json.get("final") or {}).items()})
    seconds = entry_json.get("seconds")
    out["seconds"] = None if seconds is None else round(float(seconds), 1)
    return out


__all__ = [
    "Row",
    "comparison_rows",
    "differences",
    "final_text",
    "final_values",
    "format_value",
    "legend_labels",
    "network_summary",
    "run_settings",
]
