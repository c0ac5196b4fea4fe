"""The compression lab, checked against direct computations: quantise, prune, distil, keep as a run."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.examples import load_example
from netbuilder.export import ExportOptions
from netbuilder.export.compress import export_variant
from netbuilder.model.compiler import compile_graph
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.compression import CompressionLab, DistillSettings, propose_student
from netbuilder.training.compression.keep import keep_as_run
from netbuilder.training.compression.measure import outputs
from netbuilder.training.compression.prune import prunable_weights
from netbuilder.training.runs.store import RunStore
from netbuilder.training.session import prepare

# Dynamic int8 of the digits MLP moved its softmax probabilities by at most ~0.1 (seed 0, 30 epochs)
# and changed ~1% of the test predictions; these bounds leave room for other seeds and CPUs.
PROBABILITY_TOLERANCE = 0.2
PREDICTION_AGREEMENT = 0.97


@pytest.fixture(scope="module")
def digits_lab() -> CompressionLab:
    project = load_example("seed-digits-mlp")
    project.training["seed"] = 0
    setup = prepare(project)
    for _event in setup.trainer().run():
        pass
    return CompressionLab(project, state_to_cpu(setup.model), dataset=setup.dataset)


def direct_accuracy(module: torch.nn.Module, lab: CompressionLab) -> float:
    """Accuracy computed here, independently of the lab's code: argmax of the outputs against the labels."""
    with torch.no_grad():
        predicted = module.eval()(lab.x_test).argmax(-1)
    return float((predicted == lab.y_test).double().mean())


def test_int8_outputs_stay_close_to_float_and_the_reported_delta_is_a_direct_evaluation(
    digits_lab: CompressionLab,
) -> None:
    float_out = outputs(digits_lab.reference.module, digits_lab.x_test)
    variant = digits_lab.quantized()
    int8_out = outputs(variant.module, digits_lab.x_test)
    assert variant.quantization == "dynamic"
    assert float((int8_out - float_out).abs().max()) <= PROBABILITY_TOLERANCE
    agreement = float((int8_out.argmax(-1) == float_out.argmax(-1)).float().mean())
    assert agreement >= PREDICTION_AGREEMENT
    reference = direct_accuracy(digits_lab.reference.module, digits_lab)
    assert digits_lab.reference.metric.value == pytest.approx(reference)
    assert variant.delta == pytest.approx(direct_accuracy(variant.module, digits_lab) - reference)


def test_int8_file_is_at_least_twice_smaller_for_a_dense_network(digits_lab: CompressionLab, tmp_path: Path) -> None:
    variant = digits_lab.quantized()
    assert digits_lab.reference.size_bytes >= 2 * variant.size_bytes
    result = export_variant(digits_lab.project, variant, ExportOptions("pt", tmp_path / "int8.pt"))
    assert result.ok and result.checks  # verified in a fresh process
    float_file = tmp_path / "float.pt"
    export_variant(digits_lab.project, digits_lab.reference, ExportOptions("pt", float_file))
    assert float_file.stat().st_size >= 2 * (tmp_path / "int8.pt").stat().st_size


def test_int8_variant_says_which_formats_cannot_hold_it(digits_lab: CompressionLab, tmp_path: Path) -> None:
    variant = digits_lab.quantized()
    exports = variant.to_json()["exports"]
    assert exports["pt"] == "ok"
    assert exports["onnx"].startswith("not supported: ") and "pt2" in exports["pt2"]
    with pytest.raises(NetBuilderError, match="cannot export this int8 variant as onnx"):
        export_variant(digits_lab.project, variant, ExportOptions("onnx", tmp_path / "q.onnx"))


@pytest.mark.parametrize("sparsity", [0.3, 0.8])
def test_pruned_variant_has_the_stated_sparsity_and_a_direct_metric(
    digits_lab: CompressionLab, sparsity: float
) -> None:
    variant = digits_lab.pruned(sparsity)
    weights = [w for _, w in prunable_weights(variant.module)]
    total = sum(w.numel() for w in weights)
    zeros = sum(int((w == 0).sum()) for w in weights)
    assert zeros == round(sparsity * total)
    assert variant.sparsity == pytest.approx(zeros / total)
    assert variant.metric.value == pytest.approx(direct_accuracy(variant.module, digits_lab))
    reference = direct_accuracy(digits_lab.reference.module, digits_lab)
    assert variant.delta == pytest.approx(variant.metric.value - reference)
    biases = sum(p.numel() for n, p in variant.module.named_parameters() if n.endswith("bias"))
    assert variant.nonzero_params <= total - zeros + biases


def test_fine_tuning_after_pruning_keeps_the_zeros(digits_lab: CompressionLab) -> None:
    variant = digits_lab.pruned(0.8, fine_tune_epochs=3)
    assert len(variant.history) == 3
    weights = [w for _, w in prunable_weights(variant.module)]
    total = sum(w.numel() for w in weights)
    assert sum(int((w == 0).sum()) for w in weights) >= round(0.8 * total)
    assert variant.metric.value >= digits_lab.pruned(0.8).metric.value


def test_structured_pruning_shrinks_the_exported_layer_shapes(digits_lab: CompressionLab, tmp_path: Path) -> None:
    variant = digits_lab.structured(0.5)
    assert variant.to_json()["layers"] == {"fc1": 25, "fc2": 25, "fc3": 10}
    assert variant.metric.value == pytest.approx(direct_accuracy(variant.module, digits_lab))
    out = tmp_path / "small.pt"
    result = export_variant(digits_lab.project, variant, ExportOptions("pt", out))
    assert result.ok
    state = torch.load(out, weights_only=True)
    assert tuple(state["fc1.weight"].shape) == (25, 64)
    assert tuple(state["fc2.weight"].shape) == (25, 25)
    assert tuple(state["fc3.weight"].shape) == (10, 25)
    assert variant.size_bytes < digits_lab.reference.size_bytes


def test_structured_pruning_keeps_the_units_it_removes_from_mattering() -> None:
    """Removing units that were zero already changes nothing: the kept units carry every output."""
    project = load_example("seed-digits-mlp")
    module = compile_graph(project.graph)
    state = state_to_cpu(module)
    for layer in ("fc1", "fc2"):  # half the units of each hidden layer output relu(0) = 0 whatever comes in
        state[f"{layer}.weight"][::2] = 0.0
        state[f"{layer}.bias"][::2] = 0.0
    from netbuilder.training.compression.prune import prune_structured

    result = prune_structured(project.graph, state, 0.5)
    small = compile_graph(result.graph)
    small.load_state_dict(result.state)
    module.load_state_dict(state)
    x = torch.randn(16, 64)
    with torch.no_grad():
        assert torch.allclose(small(x), module(x), atol=1e-6)


def test_static_int8_for_convolutions(tmp_path: Path) -> None:
    project = load_example("seed-cnn")
    setup = prepare(project)  # the seeded initial weights are enough to compare int8 with float
    lab = CompressionLab(project, state_to_cpu(setup.model), dataset=setup.dataset)
    variant = lab.quantized()
    assert variant.quantization == "static"
    float_out = outputs(lab.reference.module, lab.x_test[:200])
    int8_out = outputs(variant.module, lab.x_test[:200])
    assert float((int8_out - float_out).abs().max()) <= PROBABILITY_TOLERANCE
    assert lab.reference.size_bytes >= 2 * variant.size_bytes
    result = export_variant(lab.project, variant, ExportOptions("pt", tmp_path / "cnn-int8.pt"))
    assert result.ok and result.max_abs_diff == 0.0


def test_lstm_is_quantised_dynamically() -> None:
    project = load_example("lstm-sequence")
    setup = prepare(project)
    lab = CompressionLab(project, state_to_cpu(setup.model), dataset=setup.dataset)
    variant = lab.quantized()
    quantized = {type(m).__name__ for m in variant.module.modules() if "quantized.dynamic" in type(m).__module__}
    assert "LSTM" in quantized
    assert lab.reference.metric.name == "mse"
    assert variant.delta == pytest.approx(variant.metric.value - lab.reference.metric.value)


def test_distilled_student_matches_or_beats_the_student_trained_from_scratch(digits_lab: CompressionLab) -> None:
    """Seed 0, 64→16→16→10 students, 60 epochs each: 0.974 with the teacher (T=2, α=0.9), 0.967 without.

    (Across seeds 0–2 the margin is small and not always positive: the test split has 270 images.)
    """
    student = propose_student(digits_lab.project.graph)
    distilled, scratch = digits_lab.distilled(student, DistillSettings(temperature=2.0, alpha=0.9, epochs=60))
    assert distilled.to_json()["layers"] == {"fc1": 16, "fc2": 16, "fc3": 10}
    assert len(distilled.history) == len(scratch.history) == 60
    assert distilled.metric.value >= scratch.metric.value
    assert distilled.nonzero_params < digits_lab.reference.nonzero_params / 3


def test_variants_kept_as_runs_are_listed_with_their_graph_and_metric(
    digits_lab: CompressionLab, tmp_path: Path
) -> None:
    store = RunStore(tmp_path / "runs" / "digits")
    small = digits_lab.structured(0.5, fine_tune_epochs=2)
    quantized = digits_lab.quantized()
    ids = [keep_as_run(store, digits_lab.project, v, "classification") for v in (small, quantized)]
    entries = {e.id: e for e in store.entries()}
    kept = entries[ids[0]]
    assert kept.status == "finished" and kept.name == small.label
    assert kept.final_metrics["accuracy"] == pytest.approx(small.metric.value)
    assert len(kept.epochs) == 2
    sizes = {n["id"]: n["params"].get("out_features") for n in kept.project["graph"]["nodes"]}
    assert sizes["fc1"] == 25
    run = store.load_run(ids[1])
    assert run.weights is not None
    module = compile_graph(digits_lab.project.graph)
    module.load_state_dict(run.weights)  # dequantised int8 weights load into the float graph
    assert direct_accuracy(module, digits_lab) == pytest.approx(quantized.metric.value, abs=0.02)


def test_bad_requests_get_clear_messages(digits_lab: CompressionLab) -> None:
    with pytest.raises(NetBuilderError, match=r"sparsity must be between 0 and 0\.99"):
        digits_lab.pruned(1.5)
    other = load_example("seed-digits-mlp").graph
    other.set_param("fc3", "out_features", 5)
    with pytest.raises(NetBuilderError, match="student's output"):
        digits_lab.distilled(other, DistillSettings(epochs=1))
    with pytest.raises(NetBuilderError, match="alpha must be between 0 and 1"):
        DistillSettings(alpha=2.0)


def test_an_int8_lstm_says_it_cannot_be_exported(tmp_path: Path) -> None:
    project = load_example("lstm-sequence")
    setup = prepare(project)
    lab = CompressionLab(project, state_to_cpu(setup.model), dataset=setup.dataset)
    variant = lab.quantized()
    assert all(why.startswith("not supported: int8 LSTM/GRU") for why in variant.to_json()["exports"].values())
    with pytest.raises(NetBuilderError, match="weights_only"):
        export_variant(lab.project, variant, ExportOptions("pt", tmp_path / "lstm-int8.pt"))
    assert list(tmp_path.iterdir()) == []
