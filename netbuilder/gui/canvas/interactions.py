"""Mouse gestures on the canvas, one small object each (orange-canvas ``interactions.py`` style).

The scene forwards press/move/release to the active interaction; an interaction ends itself by
returning True from :meth:`release`. Each gesture turns into at most one editor call, so one gesture
is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem

from netbuilder.core.graph import Edge, Graph, Position
from netbuilder.gui.canvas.edge_item import curve
from netbuilder.gui.canvas.node_item import NodeItem
from netbuilder.gui.canvas.port_item import PortItem
from netbuilder.gui.editor import reachable
from netbuilder.gui.theme import canvas_colors

if TYPE_CHECKING:
    from netbuilder.gui.canvas.scene import CanvasScene


class Interaction:
    def move(self, pos: QPointF) -> None:
        pass

    def release(self, pos: QPointF) -> None:
        pass

    def cancel(self) -> None:
        pass


class ConnectInteraction(Interaction):
    """Drag from a port to a compatible port; compatible ports light up while dragging.

    Dragging from an input port that already has a connection picks that connection up: dropping it on
    another input re-routes it, dropping it on empty canvas removes it.
    """

    def __init__(self, scene: CanvasScene, port: PortItem) -> None:
        self.scene = scene
        graph = scene.graph
        self.picked: Edge | None = None
        if not port.is_output:
            self.picked = next((e for e in graph.inputs_of(port.node_id) if e.port == port.index), None)
        if self.picked is not None:
            src_item = scene.node_items[self.picked.src]
            self.anchor_port: PortItem = src_item.output_port
            scene.edge_items[self.picked].setVisible(False)
        else:
            self.anchor_port = port
        self.from_output = self.anchor_port.is_output
        self.targets = self._compatible_ports(graph)
        for target in self.targets:
            target.set_highlighted(True)
        self.line = QGraphicsPathItem()
        self.line.setPen(QPen(canvas_colors().port_highlight, 2.0, Qt.PenStyle.DashLine))
        self.line.setZValue(5)
        scene.addItem(self.line)
        self.move(self.anchor_port.scenePos())

    def _compatible_ports(self, graph: Graph) -> list[PortItem]:
        node_id = self.anchor_port.node_id
        ports: list[PortItem] = []
        if self.from_output:
            # Connecting src -> dst makes a cycle when dst is upstream of (or is) src.
            forbidden = reachable(graph, node_id, forward=False)
            for item in self.scene.node_items.values():
                if item.node_id in forbidden:
                    continue
                used = {e.port for e in graph.inputs_of(item.node_id) if e != self.picked}
                ports.extend(p for p in item.input_ports if p.index not in used)
        else:
            forbidden = reachable(graph, node_id, forward=True)
            ports = [item.output_port for item in self.scene.node_items.values() if item.node_id not in forbidden]
        return ports

    def _target_at(self, pos: QPointF) -> PortItem | None:
        for item in self.scene.items(pos):
            if isinstance(item, PortItem) and item in self.targets:
                return item
            if isinstance(item, NodeItem) and item.node_id != self.anchor_port.node_id:
                # Dropping on a node body means "its first free compatible port".
                return next((p for p in self.targets if p.node_item is item), None)
        return None

    def move(self, pos: QPointF) -> None:
        start = self.anchor_port.scenePos()
        target = self._target_at(pos)
        end = target.scenePos() if target is not None else pos
        self.line.setPath(curve(start, end) if self.from_output else curve(end, start))

    def release(self, pos: QPointF) -> None:
        target = self._target_at(pos)
        self._cleanup()
        editor = self.scene.editor
        if target is None:
            if self.picked is not None:
                editor.disconnect(self.picked)
            return
        if self.from_output:
            src, dst, port = self.anchor_port.node_id, target.node_id, target.index
        else:
            src, dst, port = target.node_id, self.anchor_port.node_id, self.anchor_port.index
        if self.scene.graph.layer_type(dst).is_variadic and self.picked is None:
            port = None  # merges take inputs in order: any free port appends the next one
        if self.picked is not None and (src, dst, port) == (self.picked.src, self.picked.dst, self.picked.port):
            return  # dropped back where it was
        editor.connect(src, dst, port, replace=self.picked)

    def cancel(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        for target in self.targets:
            target.set_highlighted(False)
        if self.picked is not None and self.picked in self.scene.edge_items:
            self.scene.edge_items[self.picked].setVisible(True)
        self.scene.removeItem(self.line)


class MoveInteraction(Interaction):
    """Qt moves the selected items while dragging; on release the whole drag becomes one Move step."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene
        self.start: dict[str, Position] = {}
        for item in scene.selected_node_items():
            self.start[item.node_id] = item.node.position
            item.snap_while_dragging = scene.snap_to_grid

    def release(self, pos: QPointF) -> None:
        moves: dict[str, tuple[Position, Position]] = {}
        for node_id, old in self.start.items():
            item = self.scene.node_items.get(node_id)
            if item is None:
                continue
            item.snap_while_dragging = False
            new = (item.pos().x(), item.pos().y())
            if new != old:
                moves[node_id] = (old, new)
        if moves:
            self.scene.editor.move_nodes(moves)

    def cancel(self) -> None:
        for node_id, old in self.start.items():
            item = self.scene.node_items.get(node_id)
            if item is not None:
                item.snap_while_dragging = False
                item.setPos(QPointF(*old))
