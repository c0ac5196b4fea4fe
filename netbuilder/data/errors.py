"""The one error type the data package raises for bad user input (specs, files, downloads)."""

from __future__ import annotations

from netbuilder.core.errors import NetBuilderError


class DatasetError(NetBuilderError):
    """A dataset that cannot be built: a bad spec field, an unreadable file, a failed download.

    The message names what is wrong precisely (the field, the file with its row and column, the URL),
    so that the GUI can show it next to the dataset panel and the CLI can print it as one line.
    """
