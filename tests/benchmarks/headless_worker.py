"""A fresh process that trains one project headless, a slice at a time, for ``bench_gui_training.py``.

Why a process of its own: two processes running the very same training loop differ by up to ±2 % in
steps/s, steadily, for their whole life (memory layout; measured with two fresh processes training
spiral in alternating slices: 1.014, 0.989, 1.019 and 1.020 as medians of 8 slices each). The GUI
benchmark compares the app's training process against a headless run; with the headless side in the
benchmark's own process, every row of one invocation shared both draws, so a median of 3 rows was
no better than one. A fresh training process and a fresh headless process per row make the rows
independent draws, and their median means what a median should.

Protocol (lines on stdin/stdout): the first line is the project as JSON; then each ``seconds`` line
trains that long and answers ``steps seconds``; an empty line or end of input ends the process.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    from netbuilder.core.project import project_from_dict
    from netbuilder.training.events import StepStats
    from netbuilder.training.session import prepare
    from netbuilder.training.warmup import warm_up

    project = project_from_dict(json.loads(sys.stdin.readline()))
    # The app's training process warms torch up before the first Train: so does this one, or the
    # first slice pays the ~0.85 s torch._dynamo import inside its timed window.
    warm_up()
    events = prepare(project).trainer().run()
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        seconds, steps = float(line), 0
        start = time.perf_counter()
        for event in events:
            if type(event) is StepStats:
                steps += 1
                if time.perf_counter() - start >= seconds:
                    break
        print(steps, time.perf_counter() - start, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
