"""Entry point of the PyInstaller bundle: the same as the ``netbuilder`` command.

:func:`netbuilder.cli.main.main` also serves the bundle's hidden roles: a spawned training process
(``multiprocessing.freeze_support``) and the stand-in for ``python`` in the export checks.
"""

import sys

from netbuilder.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
