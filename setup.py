"""Build step: compile the Qt translations (resources/i18n/*.ts) into .qm files inside the built package.

Everything else is declared in pyproject.toml. The .qm files are never committed; when PySide6's lrelease
is not in the build environment (an isolated build), the app compiles them on first start instead.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

log = logging.getLogger(__name__)


def _lrelease() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    folder = Path(PySide6.__file__).parent
    return next((p for p in (folder / "lrelease", folder / "lrelease.exe") if p.exists()), None)


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        lrelease = _lrelease()
        if lrelease is None:
            log.warning("PySide6's lrelease is not available: the .qm files are compiled when the app starts")
            return
        out = Path(self.build_lib) / "netbuilder" / "resources" / "i18n"
        for ts in sorted(Path("resources/i18n").glob("*.ts")):
            out.mkdir(parents=True, exist_ok=True)
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(out / ts.with_suffix(".qm").name)], check=True)


setup(cmdclass={"build_py": BuildWithTranslations})
