"""Light and dark appearance: the application palette for View ▸ Theme, and the canvas colours.

The widgets use Qt's Fusion style. "System" follows the desktop's colour scheme; "Light" and "Dark" set
a palette of their own, because many Linux desktops never tell Qt about a dark scheme. The canvas and
the plots paint themselves, so they ask :func:`canvas_colors` (and :func:`is_dark`) each time they
repaint after a theme change.
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from netbuilder.gui.settings import settings

log = logging.getLogger(__name__)

THEMES: tuple[str, ...] = ("system", "light", "dark")
SETTINGS_KEY = "appearance/theme"
# Views that paint themselves (canvas, plots, palette) register here to repaint after a theme change.
# Weakly: a closed window's panels must not be kept alive (or called) by the theme.
_LISTENERS: list[Callable[[], Callable[[], None] | None]] = []


def on_theme_changed(callback: Callable[[], None]) -> None:
    """Call ``callback`` after every theme change, for as long as its object lives."""
    if hasattr(callback, "__self__"):
        _LISTENERS.append(weakref.WeakMethod(callback))
    else:
        _LISTENERS.append(lambda: callback)


def _notify_listeners() -> None:
    alive = []
    for ref in _LISTENERS:
        callback = ref()
        owner = getattr(callback, "__self__", None)
        if callback is None or (isinstance(owner, shiboken6.Shiboken.Object) and not shiboken6.isValid(owner)):
            continue
        alive.append(ref)
        callback()
    _LISTENERS[:] = alive


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


def saved_theme() -> str:
    """The theme chosen in View ▸ Theme (kept in the settings), ``system`` by default."""
    value = str(settings().value(SETTINGS_KEY, "system"))
    return value if value in THEMES else "system"


def save_theme(theme: str) -> None:
    settings().setValue(SETTINGS_KEY, theme)


def apply_theme(theme: str) -> None:
    """Give the application the palette of ``theme`` (``system``, ``light`` or ``dark``)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    system_dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    dark = system_dark if theme == "system" else theme == "dark"
    if dark:
        QGuiApplication.setPalette(dark_palette())
    elif theme == "light":
        QGuiApplication.setPalette(light_palette())
    else:  # the platform's own palette, as before any choice was made
        QGuiApplication.setPalette(QPalette())
    log.info("theme %s (%s)", theme, "dark" if dark else "light")
    _notify_listeners()


def light_palette() -> QPalette:
    """Fusion's own light palette, whatever the desktop's scheme."""
    palette = QPalette(QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f5f5f5"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d1f23"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d1f23"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1d1f23"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffdc"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#1d1f23"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#1565c0"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#80848c"))
    _grey_out_disabled(palette, "#9a9da3")
    return palette


def _grey_out_disabled(palette: QPalette, color: str) -> None:
    """setColor(role, ...) sets every colour group: disabled text must be greyed again, or a disabled
    button looks enabled."""
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, QColor(color))


def dark_palette() -> QPalette:
    """A dark palette for Fusion: text of at least 7:1 contrast on the window and base colours."""
    palette = QPalette(QColor("#2b2d31"))
    roles = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#34373c",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.ToolTipBase: "#34373c",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.Highlight: "#3d7ab8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.PlaceholderText: "#8a8f99",
        QPalette.ColorRole.BrightText: "#ff8a80",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    _grey_out_disabled(palette, "#6f737a")
    return palette


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def canvas_colors() -> CanvasColors:
    """The canvas colours for the current palette; every card and edge asks on every paint."""
    return _canvas_colors(is_dark())


@functools.cache
def _canvas_colors(dark: bool) -> CanvasColors:
    # Cached: building fifteen QColors per paint was a fifth of a pan frame's time on a big graph.
    if dark:
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
    """A card header's colour (white text on it reads in both themes)."""
    return QColor(CATEGORY_COLORS.get(category, "#455a64"))


def category_text_color(category: str) -> QColor:
    """The category colour as text on the window: lightened in the dark theme, where brown and slate
    headers' colours would vanish into the background."""
    color = category_color(category)
    return color.lighter(190) if is_dark() else color


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
