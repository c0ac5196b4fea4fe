"""The ``netbuilder`` command: no subcommand (or a FILE) opens the desktop app; subcommands run headless.

Each subcommand lives in its own module with ``register(subparsers)``; heavy imports (torch, Qt) happen
inside the command so that ``netbuilder --help`` stays instant. Every :class:`NetBuilderError` becomes
one ``error: ...`` line and exit code 1: a user never sees a traceback for bad input.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from collections.abc import Sequence

from netbuilder import __version__
from netbuilder.cli.common import one_line
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.interpreter import RUN_SCRIPT_OPTION, run_script

log = logging.getLogger(__name__)

# Subcommand name -> module in netbuilder.cli, in the order `netbuilder --help` lists them.
COMMAND_MODULES = {
    "examples": "examples",
    "summary": "summary",
    "code": "code",
    "validate": "validate",
    "train": "train",
    "runs": "runs",
    "lr-find": "lr_find",
    "export": "export",
    "import": "import_model",
    "download": "download",
    "plot": "plot",
    "compress": "compress",
    "self-test": "self_test",  # hidden: the app checks itself (packaging/smoke-test-bundle)
}


def _subcommand_names() -> set[str]:
    return set(COMMAND_MODULES)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="netbuilder",
        description="Design neural networks visually, train them, watch them learn, export them. "
        "Without a command, opens the desktop app (optionally with FILE or example:NAME).",
    )
    parser.add_argument("--version", action="version", version=f"netbuilder {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES.values():
        try:
            module = importlib.import_module(f"netbuilder.cli.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"netbuilder.cli.{module_name}":
                continue  # a command that this build does not have yet
            raise
        module.register(subparsers)
    return parser


def _run_gui(project_arg: str | None) -> int:
    try:
        from netbuilder.gui.app import run
    except ImportError as error:
        print(f"error: the desktop app is not available ({error})", file=sys.stderr)
        return 1
    return run(project_arg)


def main(argv: Sequence[str] | None = None) -> int:
    # In the frozen bundle a spawned training process starts this executable again; freeze_support
    # turns it into that process (and exits). A no-op in a normal install.
    multiprocessing.freeze_support()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == [RUN_SCRIPT_OPTION]:
        return run_script(args_list[1:])  # the bundle standing in for `python -I -B SCRIPT`
    # `netbuilder` and `netbuilder FILE` open the app; anything else is a subcommand or an option.
    if not args_list or (args_list[0] not in _subcommand_names() and not args_list[0].startswith("-")):
        if len(args_list) > 1:
            print(f"error: unknown command '{args_list[0]}' (see netbuilder --help)", file=sys.stderr)
            return 2
        return _run_gui(args_list[0] if args_list else None)
    parser = build_parser()
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except NetBuilderError as error:
        print(f"error: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
