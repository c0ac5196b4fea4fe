"""Pure-Python core: graph model, layer catalog, project files, typed errors. No torch, no Qt."""

from netbuilder.core.catalog import CATEGORIES, Catalog, LayerType
from netbuilder.core.errors import (
    CompileError,
    CycleError,
    DuplicateLayerError,
    FileVersionError,
    GraphError,
    NetBuilderError,
    ParamError,
    ProjectFileError,
    ShapeError,
    UnknownLayerError,
)
from netbuilder.core.graph import Edge, Graph, Node, RemovedNode
from netbuilder.core.layers import CATALOG, standard_catalog
from netbuilder.core.params import ParamKind, ParamSpec
from netbuilder.core.project import FORMAT_VERSION, Project, load_project, parse_project, save_project

__all__ = [
    "CATALOG",
    "CATEGORIES",
    "FORMAT_VERSION",
    "Catalog",
    "CompileError",
    "CycleError",
    "DuplicateLayerError",
    "Edge",
    "FileVersionError",
    "Graph",
    "GraphError",
    "LayerType",
    "NetBuilderError",
    "Node",
    "ParamError",
    "ParamKind",
    "ParamSpec",
    "Project",
    "ProjectFileError",
    "RemovedNode",
    "ShapeError",
    "UnknownLayerError",
    "load_project",
    "parse_project",
    "save_project",
    "standard_catalog",
]
