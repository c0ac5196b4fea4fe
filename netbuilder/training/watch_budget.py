"""What watching a run may cost: the shares of training time that everything besides the step takes.

With every view open, a run in the app must train at ≥ 95 % of the speed of the same run headless
(issue 16). Each consumer below rations itself by its own measured cost: after a piece of work that
took c seconds it waits c / share before the next one, so a probe slowed tenfold by a busy machine
runs ten times less often instead of slowing training. The shares add up to 3.4 %; the rest of the
5 % is the fixed cost of passing every step through the run's layers (batching, recording,
diagnostics: ~1 % for spiral's 0.2 ms steps, measured by ``tests/benchmarks/bench_process_overhead.py``).

The rates a consumer also caps itself at (20 frames a second for the views, 5 readings a second for
the diagnostics) mean a cheap probe usually spends less than its share.
"""

from __future__ import annotations

PROBES = 0.013  # the live views (decision grid, hinges, the inside views), computed and sent: spiral ~1.35 ms at ~10 Hz
DIAGNOSTICS = 0.01  # gradients, unit health, weight histograms, linear regions
CHECKPOINTS = 0.01  # the run folder's checkpoints between the first and the last
HISTOGRAMS = 0.001  # TensorBoard's parameter and gradient histograms

__all__ = ["CHECKPOINTS", "DIAGNOSTICS", "HISTOGRAMS", "PROBES"]
