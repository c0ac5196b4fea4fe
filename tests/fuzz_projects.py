"""Hypothesis strategies that mutate the bundled example projects: types, depth, sizes, unicode,
missing and extra keys. Shared by the headless fuzz tests and the GUI's."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from netbuilder.core.examples import load_example

# Small examples whose data builds in milliseconds (seed-cnn needs MNIST: its clean error is covered too).
EXAMPLES = ("xor", "spiral", "circles", "seed-linear-neuron", "seed-relu-pieces", "seed-mlp-regression", "seed-cnn")
DOCUMENTS = {name: load_example(name).to_dict() for name in EXAMPLES}
DEEP_MARKER = "\ue000deep\ue000"

NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 1, 2**31, 2**63, 10**12, 10**30, 0.5, -0.0, 1e-300, 1e300, 3.0]),
    st.floats(allow_nan=False, allow_infinity=False),
)
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)
# Field names the project format and the dataset/training sections know, so that extra keys collide
# with real ones often enough to matter.
KNOWN_KEYS = st.sampled_from(
    ["type", "id", "params", "shape", "kind", "samples", "path", "optimizer", "lr", "epochs", "seed", "units"]
)


def _containers(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value) if isinstance(value, list) else []


def _mutate_once(data: st.DataObject, document: dict[str, Any], keep: tuple[str, ...]) -> None:
    """Walk to a random container in ``document`` and change one of its entries (never under ``keep``)."""
    node: Any = document
    while True:
        children = [c for c in _containers(node) if isinstance(c, dict | list) and c]
        if node is document:
            children = [document[k] for k in document if k not in keep and isinstance(document[k], dict | list)]
            children = [c for c in children if c]
        if not children or data.draw(st.booleans(), label="stop here"):
            break
        node = data.draw(st.sampled_from(children), label="descend")
    keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
    if node is document:
        keys = [k for k in keys if k not in keep]
    action = data.draw(st.sampled_from(["replace", "delete", "extra", "deep", "text", "number"]), label="action")
    if action == "extra" or not keys:
        if isinstance(node, dict):
            node[data.draw(KNOWN_KEYS | TEXT, label="key")] = data.draw(JSON_VALUES, label="extra value")
        else:
            node.append(data.draw(JSON_VALUES, label="appended"))
        return
    key = data.draw(st.sampled_from(keys), label="key")
    if action == "delete":
        del node[key]
    elif action == "deep":
        node[key] = DEEP_MARKER
    else:
        strategy = {"replace": JSON_VALUES, "text": TEXT, "number": NUMBERS}[action]
        node[key] = data.draw(strategy, label=action)


@st.composite
def mutated_project_text(draw: st.DrawFn, keep: tuple[str, ...] = ()) -> str:
    """The JSON text of a bundled example with 1-3 hostile mutations, none inside the ``keep`` sections."""
    document = copy.deepcopy(DOCUMENTS[draw(st.sampled_from(EXAMPLES), label="example")])
    data = draw(st.data())
    for _ in range(draw(st.integers(1, 3), label="mutations")):
        _mutate_once(data, document, keep)
    text = json.dumps(document, ensure_ascii=False)
    depth = draw(st.sampled_from([65, 1000, 100_000]), label="depth")
    return text.replace(json.dumps(DEEP_MARKER, ensure_ascii=False), "[" * depth + "]" * depth)
