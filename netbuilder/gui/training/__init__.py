"""The training docks of issue 5: dataset and training panels, live plots and the training worker.

``netbuilder.gui.app.create_main_window`` calls :func:`install` with each new main window.
"""

from __future__ import annotations

from typing import Any


def install(window: Any) -> Any:
    """Add the training docks and menu to ``window``; imported lazily so the editor starts without torch."""
    from netbuilder.gui.training.docks import install as install_docks

    return install_docks(window)
