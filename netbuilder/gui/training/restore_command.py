"""``RestoreRun``: put a kept run's graph, dataset and training settings back into the editor, as one undo step.

Built from steps of :mod:`netbuilder.gui.commands`: remove every node (with its edges), add the
snapshot's nodes with their ids, parameters and positions, connect its edges, replace the two sections.
The snapshot is parsed by the core graph reader first, so a damaged snapshot raises before anything
in the editor changes.
"""

from __future__ import annotations

import copy
from typing import Any

from netbuilder.core.graph import Graph
from netbuilder.core.project import Project
from netbuilder.gui.commands import AddNode, Connect, EditCommand, RemoveNode
from netbuilder.gui.training.section_command import ReplaceSection


class RestoreRun(EditCommand):
    """The project becomes the run's snapshot (``snapshot`` = ``Project.to_dict()`` form)."""

    def __init__(self, project: Project, snapshot: dict[str, Any], text: str) -> None:
        super().__init__(project.graph, text)
        wanted = Graph.from_dict(dict(snapshot.get("graph") or {}))  # raises for a damaged snapshot
        for node in list(project.graph.nodes)[::-1]:
            self.run(RemoveNode(node.id))
        for node in wanted.nodes:
            self.run(AddNode(node.type, copy.deepcopy(node.params), node.position, node_id=node.id))
        for edge in wanted.edges:
            self.run(Connect(edge.src, edge.dst, edge.port))
        for section in ("dataset", "training"):
            if isinstance(snapshot.get(section), dict):
                self.run(ReplaceSection(project, section, copy.deepcopy(snapshot[section])))


__all__ = ["RestoreRun"]
