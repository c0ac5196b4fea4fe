"""Running a Python script in a fresh process, from a normal install or from the frozen bundle.

The export checks load each exported file in a fresh interpreter (``python -I -B SCRIPT``). In the
PyInstaller bundle ``sys.executable`` is the app itself and there is no ``python``; the bundle then
starts itself with :data:`RUN_SCRIPT_OPTION` and runs the script in place of the app
(:func:`run_script`), with the same isolation: no netbuilder modules loaded, no bytecode written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

# Hidden: the bundle's stand-in for ``python -I -B SCRIPT ARGS``; not listed by ``netbuilder --help``.
RUN_SCRIPT_OPTION = "--run-python-script"


def is_frozen() -> bool:
    """True inside a bundle made by PyInstaller (or any freezer that sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def script_command(script: str | Path, *args: str) -> list[str]:
    """The command that runs ``script`` with ``args`` in a fresh, isolated Python process."""
    if is_frozen():
        return [sys.executable, RUN_SCRIPT_OPTION, str(script), *args]
    return [sys.executable, "-I", "-B", str(script), *args]


def run_script(argv: Sequence[str]) -> int:
    """Run ``argv[0]`` as ``__main__`` with ``argv[1:]`` as its arguments, as ``python -I -B`` would.

    Returns the script's exit status. The netbuilder modules this process loaded to get here are
    forgotten first, so that a script which refuses ``import netbuilder`` (the export check does, so
    that an exported file cannot secretly depend on it) sees the same as in a bare interpreter.
    """
    if not argv:
        sys.stderr.write(f"error: {RUN_SCRIPT_OPTION} needs a script\n")
        return 2
    import runpy  # here: every `netbuilder` start imports this module, few run a script

    script, *args = argv
    if not Path(script).is_file():
        sys.stderr.write(f"error: no such script: {script}\n")
        return 2
    sys.dont_write_bytecode = True
    for name in [name for name in sys.modules if name == "netbuilder" or name.startswith("netbuilder.")]:
        del sys.modules[name]
    sys.argv = [script, *args]
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        return _exit_status(stop.code)
    return 0


def _exit_status(code: object) -> int:
    """The process status ``sys.exit(code)`` gives in a normal interpreter."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1
