"""The canvas view: zoom (wheel, keys), pan (middle button or Space+drag), rubber-band selection,
layer drops from the palette (onto empty canvas or onto an edge to insert), Tab quick-add, fit to view.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from netbuilder.gui.canvas.edge_item import EdgeItem
from netbuilder.gui.canvas.node_item import BODY_HEIGHT, GRID, NODE_WIDTH
from netbuilder.gui.canvas.quick_add import QuickAddPopup
from netbuilder.gui.canvas.scene import CanvasScene
from netbuilder.gui.layout import FRAME_MARGIN
from netbuilder.gui.mime import layer_from_mime
from netbuilder.gui.theme import canvas_colors

log = logging.getLogger(__name__)

MIN_ZOOM = 0.1
MAX_ZOOM = 4.0
# Below this zoom a card's 9 pt text is too small to read; opening a project never frames smaller.
READABLE_ZOOM = 0.8
# A card's bounding rect already holds 10 px for its outline; framing adds the rest of the margin.
ITEM_OUTLINE = 10.0


class CanvasView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, scene: CanvasScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.canvas = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSceneRect(QRectF(-50_000, -50_000, 100_000, 100_000))
        self._panning: QPoint | None = None
        self._space_down = False
        # After a project opens, the framing follows viewport resizes (docks settle after the first
        # show) until the person pans or zooms; otherwise a late resize cuts the graph at both ends.
        self._framing_follows_resize = False
        self._min_start_zoom = READABLE_ZOOM
        self._drop_edge: EdgeItem | None = None
        self.quick_add = QuickAddPopup(scene.graph.catalog, self)
        self.quick_add.layer_chosen.connect(self._on_quick_add_layer_chosen)
        self._quick_add_pos = QPointF()
        self.empty_hint = self._make_empty_hint()
        scene.document.graph_edited.connect(self._update_empty_hint)
        scene.document.project_replaced.connect(self._update_empty_hint)
        self._update_empty_hint()

    # ---- the empty canvas ----------------------------------------------------------------------
    def _make_empty_hint(self) -> QLabel:
        # A child of the view, not of its viewport: the view scrolls its viewport's children with the scene.
        hint = QLabel(self)
        hint.setObjectName("EmptyCanvasHint")
        hint.setTextFormat(Qt.TextFormat.RichText)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setOpenExternalLinks(False)
        hint.linkActivated.connect(self._on_empty_hint_link_activated)
        hint.setText(
            "<h3>"
            + self.tr("An empty network")
            + "</h3><p>"
            + self.tr("Drag a layer from the <b>Layers</b> panel onto the canvas,")
            + "<br>"
            + self.tr("or press <b>Tab</b> here and type a layer's name (Dense, Conv2D, LSTM…).")
            + "</p><p>"
            + self.tr("Most networks start with an <a href='add:Input'>Input</a> layer.")
            + "<br>"
            + self.tr("Or pick a dataset in the <b>Dataset</b> panel first: the app proposes the Input")
            + "<br>"
            + self.tr("and the output layer for it, and you drop hidden layers on the link between them.")
            + "</p><p>"
            + self.tr("Or open a ready-made network from <b>File ▸ Examples</b>.")
            + "</p>"
        )
        return hint

    def _update_empty_hint(self) -> None:
        self._place_empty_hint()
        self.empty_hint.setVisible(len(self.canvas.graph) == 0)

    def _place_empty_hint(self) -> None:
        area = self.viewport().geometry().adjusted(24, 24, -24, -24)
        self.empty_hint.setFixedWidth(max(200, min(520, area.width())))
        self.empty_hint.setFixedHeight(self.empty_hint.heightForWidth(self.empty_hint.width()))
        self.empty_hint.move(area.center() - self.empty_hint.rect().center())

    def _on_empty_hint_link_activated(self, link: str) -> None:
        if link.startswith("add:"):
            self.add_layer_at(link.removeprefix("add:"), self.center_scene_pos())
            self.setFocus()

    # ---- zoom and pan --------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        factor = zoom / self.zoom
        if not math.isclose(factor, 1.0):
            self.scale(factor, factor)
            self.zoom_changed.emit(self.zoom)

    def zoom_by(self, factor: float) -> None:
        self._framing_follows_resize = False
        self.set_zoom(self.zoom * factor)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_to_view(self) -> None:
        rect = QRectF()
        for item in self.canvas.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        if rect.isNull():
            self.centerOn(0, 0)
            return
        margin = FRAME_MARGIN - ITEM_OUTLINE
        rect.adjust(-margin, -margin, margin, margin)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.5:  # a tiny graph should not be blown up to poster size
            self.set_zoom(1.5)
            self.centerOn(rect.center())
        elif self.zoom < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
        self.zoom_changed.emit(self.zoom)

    def auto_layout(self) -> bool:
        """Arrange the graph to fit this view (one undo step), then frame it."""
        size = self.viewport().size()
        changed = self.canvas.editor.auto_layout((float(size.width()), float(size.height())))
        self._framing_follows_resize = False
        self.fit_to_view()
        return changed

    def show_graph_start(self, min_zoom: float = READABLE_ZOOM) -> None:
        """Fit the graph, but never below a readable zoom: long chains then show from their inputs."""
        self._framing_follows_resize = True
        self._min_start_zoom = min_zoom
        self._frame_start(min_zoom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty_hint()
        if self._framing_follows_resize:
            self._frame_start(self._min_start_zoom)

    def _frame_start(self, min_zoom: float) -> None:
        self.fit_to_view()
        if self.zoom >= min_zoom or not self.canvas.node_items:
            return
        rect = QRectF()
        for item in self.canvas.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        self.set_zoom(min_zoom)
        half_width = self.viewport().width() / (2 * min_zoom)
        self.centerOn(rect.left() - 40 + half_width, rect.center().y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._framing_follows_resize = False
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015**delta)  # smooth on touchpads, ~20% per mouse-wheel notch
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_down
        ):
            self._framing_follows_resize = False
            self._panning = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._panning is not None:
            pos = event.position().toPoint()
            delta = pos - self._panning
            self._panning = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._panning is not None:
            self._panning = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ---- keys ----------------------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab belongs to quick-add, not to focus traversal

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Tab:
            self.open_quick_add()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
        elif key == Qt.Key.Key_Escape:
            self.canvas.cancel_interaction()
            self.canvas.clearSelection()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
        super().keyReleaseEvent(event)

    def cursor_scene_pos(self) -> QPointF:
        local = self.viewport().mapFromGlobal(self.cursor().pos())
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
        return self.mapToScene(local)

    def center_scene_pos(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def open_quick_add(self, scene_pos: QPointF | None = None) -> None:
        self._quick_add_pos = scene_pos if scene_pos is not None else self.cursor_scene_pos()
        global_pos = self.viewport().mapToGlobal(self.mapFromScene(self._quick_add_pos))
        self.quick_add.popup_at(global_pos)

    def _on_quick_add_layer_chosen(self, type_id: str) -> None:
        self.add_layer_at(type_id, self._quick_add_pos)

    def add_layer_at(self, type_id: str, scene_pos: QPointF) -> str | None:
        """Add a layer centred on ``scene_pos`` (snapped to the grid)."""
        x = scene_pos.x() - NODE_WIDTH / 2
        y = scene_pos.y() - BODY_HEIGHT / 2
        if self.canvas.snap_to_grid:
            x, y = round(x / GRID) * GRID, round(y / GRID) * GRID
        return self.canvas.editor.add_node(type_id, (x, y))

    # ---- drops from the palette ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if layer_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if layer_from_mime(event.mimeData()) is None:
            super().dragMoveEvent(event)
            return
        edge = self.canvas.edge_at(self.mapToScene(event.position().toPoint()))
        self._set_drop_edge(edge)
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_edge(None)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        type_id = layer_from_mime(event.mimeData())
        if type_id is None:
            super().dropEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        edge = self.canvas.edge_at(pos)
        self._set_drop_edge(None)
        if edge is not None and not self.canvas.graph.catalog.get(type_id).is_source:
            self.canvas.editor.insert_on_edge(type_id, edge.edge, (pos.x() - NODE_WIDTH / 2, pos.y() - BODY_HEIGHT / 2))
        else:
            self.add_layer_at(type_id, pos)
        event.acceptProposedAction()
        self.setFocus()

    def _set_drop_edge(self, edge: EdgeItem | None) -> None:
        if self._drop_edge is not None and self._drop_edge is not edge and self._drop_edge.scene() is not None:
            self._drop_edge.set_drop_target(False)
        self._drop_edge = edge
        if edge is not None:
            edge.set_drop_target(True)

    # ---- background ----------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        colors = canvas_colors()
        painter.fillRect(rect, colors.background)
        if self.zoom < 0.35:
            return  # a grid finer than a few pixels is noise, and costly
        step = GRID
        left = math.floor(rect.left() / step) * step
        top = math.floor(rect.top() / step) * step
        minor = QPen(colors.grid_minor, 0)
        major = QPen(colors.grid_major, 0)
        x = left
        while x < rect.right():
            painter.setPen(major if round(x / step) % 5 == 0 else minor)
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += step
        y = top
        while y < rect.bottom():
            painter.setPen(major if round(y / step) % 5 == 0 else minor)
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += step

    def refresh_theme(self) -> None:
        self.resetCachedContent()
        for item in self.canvas.items():
            item.update()
        self.viewport().update()
