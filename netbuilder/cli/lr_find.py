"""``netbuilder lr-find FILE``: the learning-rate range test, headless (see ``training/lr_finder.py``).

Trains a copy of the network for about a hundred steps while the rate grows exponentially and prints
the suggested rate with a short loss-against-rate table; ``--json`` prints one JSON object with the
whole curve instead. The project file is not changed: apply the rate with ``train --lr`` or in the app.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netbuilder.cli.common import add_project_argument, open_project, print_json
from netbuilder.core.examples import EXAMPLE_PREFIX

TABLE_ROWS = 12


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lr-find",
        help="suggest a learning rate with a short range test",
        description="Train a copy of FILE (or example:NAME) for a few steps with a growing learning rate "
        "and suggest a rate; the project and its weights are not changed.",
    )
    add_project_argument(parser)
    parser.add_argument("--steps", type=int, default=100, help="steps of the test (default: 100)")
    parser.add_argument("--start-lr", type=float, default=1e-6, help="first learning rate (default: 1e-6)")
    parser.add_argument("--end-lr", type=float, default=10.0, help="last learning rate (default: 10)")
    parser.add_argument("--seed", type=int, help="random seed (default: the project's, else 0)")
    parser.add_argument("--json", action="store_true", help="print the curve and the suggestion as JSON")
    parser.set_defaults(func=run)


def _table(lrs: tuple[float, ...], losses: tuple[float, ...], mark: float | None) -> list[str]:
    every = max(1, len(lrs) // TABLE_ROWS)
    rows = ["learning rate   loss"]
    for i in range(0, len(lrs), every):
        near = mark is not None and lrs[i] <= mark * 10 < lrs[min(i + every, len(lrs) - 1)]
        rows.append(f"{lrs[i]:>13.2e}   {losses[i]:.4f}{'   <- climbing' if near else ''}")
    return rows


def run(args: argparse.Namespace) -> int:
    from netbuilder.training.config import TrainConfig
    from netbuilder.training.defaults import effective_training
    from netbuilder.training.errors import TrainingError
    from netbuilder.training.lr_finder import LRFindResult, find_lr
    from netbuilder.training.session import prepare

    project = open_project(args)
    section = effective_training(dict(project.training), project.dataset)  # unset values suit the data
    if args.seed is not None:
        section["seed"] = args.seed
    config = TrainConfig.from_dict(section)
    base_dir = None if args.project.startswith(EXAMPLE_PREFIX) else Path(args.project).resolve().parent
    setup = prepare(project, config, base_dir=base_dir)
    result = None
    for event in find_lr(setup, steps=args.steps, start_lr=args.start_lr, end_lr=args.end_lr):
        if isinstance(event, LRFindResult):
            result = event
    if result is None or not result.lrs:
        raise TrainingError("the range test ran no step (the loss was not finite from the start)")
    optimizer = config.optimizer
    if args.json:
        print_json(
            {
                "suggested_lr": result.suggested_lr,
                "reason": result.reason,
                "optimizer": optimizer.type,
                "project_lr": optimizer.lr,
                "steps": len(result.lrs),
                "lrs": list(result.lrs),
                "losses": list(result.losses),
            }
        )
        return 0
    ended = {"completed": "", "diverged": ", stopped when the loss diverged", "cancelled": ", cancelled"}
    print(
        f"{len(result.lrs)} steps of {optimizer.type} from lr {result.lrs[0]:.2g} to {result.lrs[-1]:.2g}"
        f"{ended[result.reason]}"
    )
    print("\n".join(_table(result.lrs, result.losses, result.suggested_lr)))
    if result.suggested_lr is None:
        print("no suggestion: the loss did not fall in this range (try other --start-lr/--end-lr)")
    else:
        print(f"suggested learning rate: {result.suggested_lr:.2g} (the project uses {optimizer.lr:g})")
    return 0
