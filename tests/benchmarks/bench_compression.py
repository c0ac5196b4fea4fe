"""What each compression variant buys, as ratios against float measured in one run (the machine is noisy).

For the digits MLP (trained briefly) and the seed CNN (its seeded initial weights: latency and size do
not depend on training): size, latency per batch of 64 (median of 15 warm runs, one thread) and the test
metric, each variant against float. Also the time the lab itself takes per variant.

    python tests/benchmarks/bench_compression.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from functools import partial

from netbuilder.core.examples import load_example
from netbuilder.training.checkpoint import state_to_cpu
from netbuilder.training.compression import CompressionLab, DistillSettings
from netbuilder.training.session import prepare


def lab_for(example: str, epochs: int) -> CompressionLab:
    project = load_example(example)
    project.training["seed"] = 0
    project.training["epochs"] = max(1, epochs)
    setup = prepare(project)
    if epochs:
        for _event in setup.trainer().run():
            pass
    return CompressionLab(project, state_to_cpu(setup.model), dataset=setup.dataset)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="repeat the latency measurement this often")
    args = parser.parse_args()
    print(f"{'network':<16}{'variant':<28}{'size ×':>8}{'latency ×':>11}{'metric':>9}{'Δ':>9}{'lab s':>8}")
    for example, epochs in (("seed-digits-mlp", 30), ("seed-cnn", 0)):
        lab = lab_for(example, epochs)
        makers = {
            "int8": lab.quantized,
            "pruned 50%": partial(lab.pruned, 0.5),
            "structured 50%": partial(lab.structured, 0.5),
        }
        if example == "seed-digits-mlp":
            makers["student (60 epochs)"] = lambda lab=lab: lab.distilled(settings=DistillSettings(epochs=60))[0]
        for name, make in makers.items():
            start = time.perf_counter()
            variant = make()
            seconds = time.perf_counter() - start
            ratios = []
            for _ in range(args.rounds):  # float and variant timed back to back: a ratio within one moment
                ratios.append(lab.measure("float", "float", lab.setup.model, lab.project.graph).latency_ms)
                ratios[-1] = lab.measure(variant.key, name, variant.module, variant.graph).latency_ms / ratios[-1]
            size = variant.size_bytes / lab.reference.size_bytes
            print(
                f"{example:<16}{name:<28}{size:>8.3f}{statistics.median(ratios):>11.3f}"
                f"{variant.metric.value:>9.4f}{variant.delta:>+9.4f}{seconds:>8.2f}"
            )


if __name__ == "__main__":
    main()
