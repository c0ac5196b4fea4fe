"""Text from the pure core (layer docs, categories, parameter docs, common messages), shown translated.

The core holds no Qt, so its strings are English; ``python -m netbuilder.gui.i18n update`` collects the
catalog's strings into the ``.ts`` (contexts below) and these functions look them up at display time.
Messages with values in them are matched against English templates and rebuilt from the translated one.
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.catalog import LayerType
from netbuilder.core.params import ParamSpec

LAYER_CONTEXT = "Layers"
LAYER_NAME_CONTEXT = "LayerNames"
CATEGORY_CONTEXT = "LayerCategories"
PARAM_CONTEXT = "LayerParams"
MESSAGE_CONTEXT = "CoreMessages"


def layer_title(layer_type: LayerType) -> str:
    """The type's label (as in the code) and, where the language has one, its common name: "Conv2D · 二维卷积层"."""
    name = QCoreApplication.translate(LAYER_NAME_CONTEXT, layer_type.label)
    return layer_type.label if name == layer_type.label else f"{layer_type.label} · {name}"


def layer_doc(layer_type: LayerType) -> str:
    return QCoreApplication.translate(LAYER_CONTEXT, layer_type.doc)


def category_name(category: str) -> str:
    return QCoreApplication.translate(CATEGORY_CONTEXT, category)


def param_doc(spec: ParamSpec) -> str:
    return QCoreApplication.translate(PARAM_CONTEXT, spec.doc)


# (regular expression over the English message, its template with the groups as {0}, {1}, ...):
# the messages a learner meets most (shape mismatches, missing inputs, quick fixes).
_MESSAGES: tuple[tuple[str, object], ...] = (
    (
        r"(.+?) '([^']+)' expects a vector \(or a sequence\), gets (.+); insert Flatten to make it (.+)\?",
        QT_TRANSLATE_NOOP(
            "CoreMessages", "{0} '{1}' expects a vector (or a sequence), gets {2}; insert Flatten to make it {3}?"
        ),
    ),
    (
        r"(.+?) '([^']+)' expects a sequence \(time, features\), gets (.+)",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' expects a sequence (time, features), gets {2}"),
    ),
    (
        r"(.+?) '([^']+)' expects (.+), gets ([^;]+); reshape to (.+)\?",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' expects {2}, gets {3}; reshape to {4}?"),
    ),
    (r"(.+?) '([^']+)' expects (.+), gets (.+)", QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' expects {2}, gets {3}")),
    (
        r"(.+?) '([^']+)': window (.+) is larger than the input (.+)",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}': window {2} is larger than the input {3}"),
    ),
    (
        r"(.+?) '([^']+)': (\d+) heads must divide the feature size (\d+)",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}': {2} heads must divide the feature size {3}"),
    ),
    (
        r"Add '([^']+)' needs inputs of equal shape, gets (.+)",
        QT_TRANSLATE_NOOP("CoreMessages", "Add '{0}' needs inputs of equal shape, gets {1}"),
    ),
    (
        r"Reshape '([^']+)' cannot turn (.+) \((\d+) values\) into (.+)",
        QT_TRANSLATE_NOOP("CoreMessages", "Reshape '{0}' cannot turn {1} ({2} values) into {3}"),
    ),
    (
        r"'([^']+)' outputs (\d+) values but the dataset needs (\d+)",
        QT_TRANSLATE_NOOP("CoreMessages", "'{0}' outputs {1} values but the dataset needs {2}"),
    ),
    (
        r"(.+?) '([^']+)' needs an input; connect one",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' needs an input; connect one"),
    ),
    (
        r"(.+?) '([^']+)' needs at least (\d+) inputs; connect one",
        QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' needs at least {2} inputs; connect one"),
    ),
    (
        r"the network has (\d+) outputs \((.+)\); connect or remove all but one",
        QT_TRANSLATE_NOOP("CoreMessages", "the network has {0} outputs ({1}); connect or remove all but one"),
    ),
    (r"the network has no Input node", QT_TRANSLATE_NOOP("CoreMessages", "the network has no Input node")),
    (
        r"the network must have exactly one output node",
        QT_TRANSLATE_NOOP("CoreMessages", "the network must have exactly one output node"),
    ),
    (
        r"the graph has a cycle through '([^']+)'",
        QT_TRANSLATE_NOOP("CoreMessages", "the graph has a cycle through '{0}'"),
    ),
    (
        r"connecting '([^']+)' to '([^']+)' would make a cycle",
        QT_TRANSLATE_NOOP("CoreMessages", "connecting '{0}' to '{1}' would make a cycle"),
    ),
    (r"a node named '([^']+)' already exists", QT_TRANSLATE_NOOP("CoreMessages", "a node named '{0}' already exists")),
    (r"(.+?) '([^']+)' takes no inputs", QT_TRANSLATE_NOOP("CoreMessages", "{0} '{1}' takes no inputs")),
    (r"Insert Reshape to (.+)", QT_TRANSLATE_NOOP("CoreMessages", "Insert Reshape to {0}")),
    (r"Insert (\w+) before it", QT_TRANSLATE_NOOP("CoreMessages", "Insert {0} before it")),
    (r"Set (\S+) to (.+)", QT_TRANSLATE_NOOP("CoreMessages", "Set {0} to {1}")),
    # The Training panel's suggestion (netbuilder.training.defaults.suggest); its parts follow.
    (
        r"Adam, learning rate (\S+) and (\d+) epochs suit (.+) \((.+)\)",
        QT_TRANSLATE_NOOP("CoreMessages", "Adam, learning rate {0} and {1} epochs suit {2} ({3})"),
    ),
    (r"([\d,]+) samples", QT_TRANSLATE_NOOP("CoreMessages", "{0} samples")),
    (r"its samples", QT_TRANSLATE_NOOP("CoreMessages", "its samples")),
    (r"2-D points", QT_TRANSLATE_NOOP("CoreMessages", "2-D points")),
    (r"a 1-D function", QT_TRANSLATE_NOOP("CoreMessages", "a 1-D function")),
    (r"sequences", QT_TRANSLATE_NOOP("CoreMessages", "sequences")),
    (r"(\d+×\d+) images", QT_TRANSLATE_NOOP("CoreMessages", "{0} images")),
    (r"a table of features", QT_TRANSLATE_NOOP("CoreMessages", "a table of features")),
)
# Why a run stopped (netbuilder.training.trainer): the first layer whose values stopped being finite.
_MESSAGES += (
    (
        r"training stopped at (epoch \d+, step \d+): (.+)",
        QT_TRANSLATE_NOOP("CoreMessages", "training stopped at {0}: {1}"),
    ),
    (r"epoch (\d+), step (\d+)", QT_TRANSLATE_NOOP("CoreMessages", "epoch {0}, step {1}")),
    (
        r"the (weights|gradient) of '([^']+)' \((.+)\) became NaN or infinite \((.+)\)",
        QT_TRANSLATE_NOOP("CoreMessages", "the {0} of '{1}' ({2}) became NaN or infinite ({3})"),
    ),
    (
        r"the output of '([^']+)' became NaN or infinite \((.+)\)",
        QT_TRANSLATE_NOOP("CoreMessages", "the output of '{0}' became NaN or infinite ({1})"),
    ),
    (
        r"the loss became (\S+) because the output of '([^']+)' is too large for it \((.+)\)",
        QT_TRANSLATE_NOOP("CoreMessages", "the loss became {0} because the output of '{1}' is too large for it ({2})"),
    ),
    (r"the loss became (\S+) \((.+)\)", QT_TRANSLATE_NOOP("CoreMessages", "the loss became {0} ({1})")),
    (r"weights", QT_TRANSLATE_NOOP("CoreMessages", "weights")),
    (r"gradient", QT_TRANSLATE_NOOP("CoreMessages", "gradient")),
    (
        r"try a lower learning rate, normalised inputs or gradient-friendly activations",
        QT_TRANSLATE_NOOP(
            "CoreMessages", "try a lower learning rate, normalised inputs or gradient-friendly activations"
        ),
    ),
    (r"try a lower learning rate", QT_TRANSLATE_NOOP("CoreMessages", "try a lower learning rate")),
)
# Templates whose parts are phrases of their own (not only names or numbers): translated part by part.
_NESTED = {
    "Adam, learning rate {0} and {1} epochs suit {2} ({3})",
    "training stopped at {0}: {1}",
    "the {0} of '{1}' ({2}) became NaN or infinite ({3})",
    "the output of '{0}' became NaN or infinite ({1})",
    "the loss became {0} because the output of '{1}' is too large for it ({2})",
    "the loss became {0} ({1})",
}
_COMPILED = tuple((re.compile(pattern + r"\Z", re.DOTALL), str(template)) for pattern, template in _MESSAGES)


def core_message(message: str) -> str:
    """``message`` from the core or the model package in the user's language, where a template matches."""
    for pattern, template in _COMPILED:
        match = pattern.match(message)
        if match:
            parts = match.groups()
            if template in _NESTED:
                parts = tuple(core_message(part) for part in parts)
            return QCoreApplication.translate(MESSAGE_CONTEXT, template).format(*parts)
    return message


_OUTCOMES = {
    "stopped": QT_TRANSLATE_NOOP("RunProgress", "stopped"),
    "failed": QT_TRANSLATE_NOOP("RunProgress", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunProgress", "interrupted (the training process ended before the run did)"),
}
_FINISH_REASONS = {
    "completed": QT_TRANSLATE_NOOP("RunProgress", "completed"),
    "early_stopping": QT_TRANSLATE_NOOP("RunProgress", "early_stopping"),
}


def _progress_tr(text: object) -> str:
    return QCoreApplication.translate("RunProgress", str(text))


def run_progress_text(run: Any) -> str:
    """What the Training panel says about ``run`` (a :class:`netbuilder.training.runner.run.Run`), in the
    user's language: the same facts as ``Run.progress_text``, which stays English for the CLI."""
    stats = run.last_step
    epochs = run.planned_epochs or (stats.epoch if stats is not None else 0)
    if stats is None:
        text = QCoreApplication.translate("RunProgress", "Starting…") if run.outcome is None else ""
    else:
        rate = stats.global_step / stats.elapsed if stats.elapsed > 0 else math.nan
        total = max(1, epochs * stats.steps_per_epoch)
        done = (stats.epoch - 1) * stats.steps_per_epoch + stats.step
        eta = (total - done) / rate if math.isfinite(rate) and rate > 0 else math.nan
        rate_text = (
            QCoreApplication.translate("RunProgress", "{0:,.0f} steps/s").format(rate) if math.isfinite(rate) else "…"
        )
        eta_text = (
            QCoreApplication.translate("RunProgress", "{0:.0f} s left").format(eta) if math.isfinite(eta) else "…"
        )
        if run.outcome is not None:
            eta_text = QCoreApplication.translate("RunProgress", "{0:.1f} s").format(stats.elapsed)
        text = QCoreApplication.translate("RunProgress", "epoch {0}/{1} · step {2}/{3} · {4} · {5}").format(
            stats.epoch, epochs, stats.step, stats.steps_per_epoch, rate_text, eta_text
        )
    if run.outcome == "finished":
        reason = _FINISH_REASONS.get(run.finish_reason)
        suffix = _progress_tr(reason) if reason else run.finish_reason
        finished = QCoreApplication.translate("RunProgress", "finished")
        suffix = QCoreApplication.translate("RunProgress", "finished ({0})").format(suffix) if suffix else finished
    else:
        outcome = _OUTCOMES.get(run.outcome or "")
        suffix = _progress_tr(outcome) if outcome else ""
    if suffix:
        return f"{text} — {suffix}" if text else suffix[:1].upper() + suffix[1:]
    if run.paused:
        text += QCoreApplication.translate("RunProgress", " (paused)")
    return text
