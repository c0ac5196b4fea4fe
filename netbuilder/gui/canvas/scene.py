"""The canvas scene: renders the document's graph and follows its events; gestures become editor calls.

The scene never writes to the graph: it subscribes to graph events (model -> view) and hands gestures
to the :class:`Editor` (view -> model), which records them as undo commands.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneContextMenuEvent, QGraphicsSceneMouseEvent, QMenu

from netbuilder.core.events import EdgeAdded, EdgeRemoved, GraphEvent, NodeAdded, NodeMoved, NodeRemoved, ParamChanged
from netbuilder.core.graph import Edge, Graph
from netbuilder.gui.analysis import Analysis
from netbuilder.gui.canvas.edge_item import EdgeItem, card_rects
from netbuilder.gui.canvas.interactions import ConnectInteraction, Interaction, MoveInteraction
from netbuilder.gui.canvas.node_item import NodeItem
from netbuilder.gui.canvas.port_item import PortItem
from netbuilder.gui.core_text import core_message
from netbuilder.gui.document import Document
from netbuilder.gui.editor import Editor
from netbuilder.gui.theme import format_shape

log = logging.getLogger(__name__)


class CanvasScene(QGraphicsScene):
    node_activated = Signal(str)  # double-click on a node
    node_pressed = Signal(str)  # a click on a node (not a selection made by the program)
    fix_requested = Signal(str, int)  # node id, and which of its quick fixes the user chose

    def __init__(self, document: Document, editor: Editor, analysis: Analysis) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.analysis = analysis
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[Edge, EdgeItem] = {}
        self.snap_to_grid = True
        self.interaction: Interaction | None = None
        self._unsubscribe = lambda: None
        # A move re-routes the moved node's edges at once; other edges may have run past its old place
        # (or now run through its new one), so every edge is re-routed once the moves have settled.
        self._reroute_timer = QTimer(self)
        self._reroute_timer.setSingleShot(True)
        self._reroute_timer.setInterval(0)
        self._reroute_timer.timeout.connect(self.reroute_edges)
        # True while many cards move or appear at once: their edges are routed once afterwards.
        self.routing_paused = False
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        document.project_replaced.connect(self.rebuild)
        # A command (auto-layout, an undo) ends with its edges routed, before anything paints them.
        document.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        analysis.updated.connect(self._on_analysis_updated)
        editor.nodes_created.connect(self.select_nodes)
        self.rebuild()

    @property
    def graph(self) -> Graph:
        return self.document.graph

    # ---- model -> view -------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._unsubscribe()
        self.cancel_interaction()
        self.clear()
        self.node_items.clear()
        self.edge_items.clear()
        for node in self.graph.nodes:
            self._add_node_item(node)
        self.routing_paused = True  # route once at the end, not once per edge added
        for edge in self.graph.edges:
            self._add_edge_item(edge)
        self.routing_paused = False
        self.reroute_edges()
        self._unsubscribe = self.graph.subscribe(self._on_graph_event)
        self._on_analysis_updated()

    def _on_graph_event(self, event: GraphEvent) -> None:
        if isinstance(event, NodeAdded):
            self._add_node_item(event.node)
            self._reroute_timer.start()
        elif isinstance(event, NodeRemoved):
            item = self.node_items.pop(event.node.id)
            self.removeItem(item)
            self._reroute_timer.start()
        elif isinstance(event, EdgeAdded):
            self._add_edge_item(event.edge)
        elif isinstance(event, EdgeRemoved):
            edge_item = self.edge_items.pop(event.edge)
            edge_item.detach()
            self.removeItem(edge_item)
            if event.edge.dst in self.node_items:
                self._sync_ports(self.node_items[event.edge.dst])
            self._mark_connected(event.edge.src)
        elif isinstance(event, ParamChanged):
            self.node_items[event.node_id].refresh_params()
        elif isinstance(event, NodeMoved):
            item = self.node_items[event.node_id]
            if (item.pos().x(), item.pos().y()) != event.new:
                # A command moves many cards at once (auto-layout, undo): route once they all stand.
                self.routing_paused = True
                item.setPos(QPointF(*event.new))
                self.routing_paused = False
            self._reroute_timer.start()

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        if self._reroute_timer.isActive():
            self.reroute_edges()

    def reroute_edges(self) -> None:
        """Route every edge again around the cards where they are now."""
        self._reroute_timer.stop()
        cards = card_rects(self)
        for edge_item in self.edge_items.values():
            edge_item.update_path(cards)

    def _add_node_item(self, node: Any) -> None:
        item = NodeItem(node, self.graph.catalog.get(node.type))
        self.node_items[node.id] = item
        self.addItem(item)

    def _add_edge_item(self, edge: Edge) -> None:
        dst = self.node_items[edge.dst]
        self._sync_ports(dst)
        item = EdgeItem(edge, self.node_items[edge.src], dst)
        self.edge_items[edge] = item
        self.addItem(item)
        if not self.routing_paused:
            item.update_path()  # in the scene now, it can see the cards in its way
        self._mark_connected(edge.src)
        label = self.analysis.info.edge_shape(edge) if self.analysis.info is not None else None
        item.set_label(format_shape(label) if label is not None else "")

    def _sync_ports(self, item: NodeItem) -> None:
        inputs = self.graph.inputs_of(item.node_id)
        item.sync_ports(max((e.port for e in inputs), default=-1) + 1)
        connected = {e.port for e in inputs}
        for port in item.input_ports:
            port.connected = port.index in connected
            port.update()
        if not self.routing_paused:
            for edge_item in item.edges:
                edge_item.update_path()

    def _mark_connected(self, node_id: str) -> None:
        item = self.node_items.get(node_id)
        if item is not None:
            item.output_port.connected = bool(self.graph.outputs_of(node_id))
            item.output_port.update()

    def _on_analysis_updated(self) -> None:
        info = self.analysis.info
        errors: dict[str, str] = {}
        for problem in info.problems:
            if problem.node_id is not None and problem.node_id not in errors:
                errors[problem.node_id] = problem.message
        for node_id, item in self.node_items.items():
            node_info = info.nodes.get(node_id)
            if node_info is None:
                item.set_analysis("…" if not errors.get(node_id) else "?", None, errors.get(node_id))
                continue
            error = node_info.error.message if node_info.error is not None else errors.get(node_id)
            item.set_analysis(
                format_shape(node_info.output_shape), node_info.params, error, self.analysis.fix_for(node_id)
            )
        for edge, edge_item in self.edge_items.items():
            shape = info.edge_shape(edge)
            edge_item.set_label(format_shape(shape) if shape is not None else "")

    # ---- selection -----------------------------------------------------------------------------
    def selected_node_items(self) -> list[NodeItem]:
        return [item for item in self.selectedItems() if isinstance(item, NodeItem)]

    def selected_node_ids(self) -> list[str]:
        # In graph order, so copy/paste keeps the order of a Concat's inputs stable.
        chosen = {item.node_id for item in self.selected_node_items()}
        return [n.id for n in self.graph.nodes if n.id in chosen]

    def selected_edges(self) -> list[Edge]:
        return [item.edge for item in self.selectedItems() if isinstance(item, EdgeItem)]

    def select_nodes(self, node_ids: list[str]) -> None:
        self.clearSelection()
        for node_id in node_ids:
            item = self.node_items.get(node_id)
            if item is not None:
                item.setSelected(True)

    # ---- gestures ------------------------------------------------------------------------------
    def port_at(self, pos: QPointF) -> PortItem | None:
        for item in self.items(pos):
            if isinstance(item, PortItem):
                return item
        return None

    def edge_at(self, pos: QPointF) -> EdgeItem | None:
        for item in self.items(pos):
            if isinstance(item, EdgeItem):
                return item
            if isinstance(item, NodeItem):
                return None
        return None

    def cancel_interaction(self) -> None:
        if self.interaction is not None:
            self.interaction.cancel()
            self.interaction = None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            port = self.port_at(event.scenePos())
            if port is not None:
                self.interaction = ConnectInteraction(self, port)
                event.accept()
                return
        super().mousePressEvent(event)
        grabber = self.mouseGrabberItem()
        if event.button() == Qt.MouseButton.LeftButton and isinstance(grabber, NodeItem):
            self.interaction = MoveInteraction(self)
            self.node_pressed.emit(grabber.node_id)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if isinstance(self.interaction, ConnectInteraction):
            self.interaction.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        interaction, self.interaction = self.interaction, None
        if isinstance(interaction, ConnectInteraction):
            interaction.release(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if interaction is not None:
            interaction.release(event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem):
                self.node_activated.emit(item.node_id)
                return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        node = next((i for i in self.items(event.scenePos()) if isinstance(i, NodeItem)), None)
        edge = self.edge_at(event.scenePos())
        menu = QMenu()
        if node is not None:
            if not node.isSelected():
                self.select_nodes([node.node_id])
            fixes = self.analysis.fixes.get(node.node_id, [])
            for index, fix in enumerate(fixes):
                fix_action = QAction(
                    QCoreApplication.translate("CanvasScene", "Fix: {fix}").format(fix=core_message(fix.label)), menu
                )
                fix_action.triggered.connect(lambda _=False, i=index: self.fix_requested.emit(node.node_id, i))
                menu.addAction(fix_action)
            if fixes:
                menu.addSeparator()
            ids = self.selected_node_ids()
            menu.addAction(QCoreApplication.translate("CanvasScene", "Duplicate"), lambda: self.editor.duplicate(ids))
            menu.addAction(QCoreApplication.translate("CanvasScene", "Delete"), lambda: self.editor.delete(ids))
        elif edge is not None:
            menu.addAction(
                QCoreApplication.translate("CanvasScene", "Remove connection"),
                lambda: self.editor.disconnect(edge.edge),
            )
        else:
            return
        menu.exec(event.screenPos())

    def close(self) -> None:
        self._unsubscribe()
