"""Drag-and-drop payloads shared by the palette (source) and the canvas (target)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

LAYER_MIME = "application/x-netbuilder-layer"
NODES_MIME = "application/x-netbuilder-nodes"


def layer_mime(type_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(LAYER_MIME, type_id.encode("utf-8"))
    data.setText(type_id)
    return data


def layer_from_mime(data: QMimeData) -> str | None:
    if not data.hasFormat(LAYER_MIME):
        return None
    return bytes(data.data(LAYER_MIME).data()).decode("utf-8")
