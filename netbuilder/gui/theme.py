"""Canvas colours for light and dark appearance, chosen from the application palette.

The widgets use Qt's Fusion style, whose palette follows the system colour scheme; the canvas paints
itself, so it asks :func:`canvas_colors` each time it repaints after a palette change.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Header colour per palette category: distinct hues, readable with white text in both themes.
CATEGORY_COLORS: dict[str, str] = {
    "Input": "#2e7d32",
    "Dense": "#1565c0",
    "Convolution": "#6a1b9a",
    "Pooling": "#8e24aa",
    "Recurrent": "#00838f",
    "Attention": "#ad1457",
    "Normalization": "#5d4037",
    "Activation": "#ef6c00",
    "Merge": "#37474f",
    "Shape": "#546e7a",
    "Regularization": "#827717",
}


@dataclass(frozen=True)
class CanvasColors:
    background: QColor
    grid_minor: QColor
    grid_major: QColor
    node_body: QColor
    node_border: QColor
    node_selected: QColor
    text: QColor
    text_dim: QColor
    edge: QColor
    edge_selected: QColor
    edge_label_bg: QColor
    port: QColor
    port_highlight: QColor
    error: QColor
    shape_text: QColor


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def canvas_colors() -> CanvasColors:
    if is_dark():
        return CanvasColors(
            background=QColor("#1e1f22"),
            grid_minor=QColor("#26282c"),
            grid_major=QColor("#31343a"),
            node_body=QColor("#2b2d31"),
            node_border=QColor("#4a4d55"),
            node_selected=QColor("#f0b429"),
            text=QColor("#e8e8e8"),
            text_dim=QColor("#a9adb5"),
            edge=QColor("#8a8f99"),
            edge_selected=QColor("#f0b429"),
            edge_label_bg=QColor(30, 31, 34, 220),
            port=QColor("#c9ccd3"),
            port_highlight=QColor("#4caf50"),
            error=QColor("#ef5350"),
            shape_text=QColor("#80cbc4"),
        )
    return CanvasColors(
        background=QColor("#f4f5f7"),
        grid_minor=QColor("#e9eaee"),
        grid_major=QColor("#dcdee3"),
        node_body=QColor("#ffffff"),
        node_border=QColor("#b9bdc6"),
        node_selected=QColor("#e08a00"),
        text=QColor("#1d1f23"),
        text_dim=QColor("#5f6470"),
        edge=QColor("#7b808a"),
        edge_selected=QColor("#e08a00"),
        edge_label_bg=QColor(244, 245, 247, 230),
        port=QColor("#4f5560"),
        port_highlight=QColor("#2e7d32"),
        error=QColor("#d32f2f"),
        shape_text=QColor("#00695c"),
    )


def category_color(category: str) -> QColor:
    return QColor(CATEGORY_COLORS.get(category, "#455a64"))


def format_shape(shape: tuple[int, ...] | None) -> str:
    """``(1, 28, 28)`` -> ``1×28×28``; unknown -> ``?``."""
    if shape is None:
        return "?"
    if len(shape) == 0:
        return "scalar"
    return "×".join(str(d) for d in shape)


def format_count(count: int) -> str:
    """Human-readable parameter counts: 1234 -> 1.2k, 3_400_000 -> 3.4M."""
    if count < 1000:
        return str(count)
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if count >= scale:
            return f"{count / scale:.1f}{suffix}"
    return str(count)
