"""Typed, user-facing errors.

Every error a user can cause carries what it concerns (a node id, a file) so that the GUI can pin it
to a node and the CLI can print one precise line. Nothing in NetBuilder raises a bare exception for
bad user input.
"""

from __future__ import annotations


class NetBuilderError(Exception):
    """Base of every error caused by user input (a graph, a file, a parameter)."""

    def __init__(self, message: str, *, node_id: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node_id = node_id
        self.path = path

    def __str__(self) -> str:
        prefix = f"{self.path}: " if self.path else ""
        return prefix + self.message

    def with_path(self, path: str) -> NetBuilderError:
        """Return this error with the file it came from attached (keeps the concrete type)."""
        self.path = path
        return self


class UnknownLayerError(NetBuilderError):
    """A layer type id that the catalog does not know."""


class DuplicateLayerError(NetBuilderError):
    """A second registration of a layer type id."""


class ParamError(NetBuilderError):
    """A parameter value of the wrong type, out of range, or unknown."""


class GraphError(NetBuilderError):
    """A structural problem: unknown node, port in use, bad id."""


class CycleError(GraphError):
    """The graph contains a cycle (a network must be a DAG)."""


class ShapeError(NetBuilderError):
    """A node cannot run on the shapes it receives."""


class ProjectFileError(NetBuilderError):
    """A project file that cannot be read: missing, truncated, not JSON, wrong structure."""


class FileVersionError(ProjectFileError):
    """A project file written by a newer NetBuilder than this one."""


class CompileError(NetBuilderError):
    """The graph cannot be compiled; ``problems`` lists every node-level error found."""

    def __init__(self, problems: list[NetBuilderError]) -> None:
        first = problems[0] if problems else None
        message = "; ".join(p.message for p in problems) if problems else "cannot compile"
        super().__init__(message, node_id=first.node_id if first else None)
        self.problems = problems
