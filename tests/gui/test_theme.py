"""View ▸ Theme: System, Light, Dark, remembered across runs; canvas, cards and plots follow it."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import build_chain, settle
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from netbuilder.gui.theme import canvas_colors, is_dark, saved_theme


def theme_action(window: Any, text: str) -> Any:
    view_menu = window.menu("&View")
    theme_menu = next(a.menu() for a in view_menu.actions() if a.menu() and a.text().replace("&", "") == "Theme")
    return next(a for a in theme_menu.actions() if a.text().replace("&", "") == text)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(autouse=True)
def back_to_system(window: Any) -> Any:
    yield
    theme_action(window, "System").trigger()


@pytest.mark.parametrize("theme", ["Dark", "Light"])
def test_the_theme_menu_recolours_everything_readably_and_is_remembered(window: Any, qtbot: Any, theme: str) -> None:
    window.show_canvas()
    build_chain(window, ("Input", {"shape": [2]}), ("Dense", {}))
    settle(qtbot, window)
    theme_action(window, theme).trigger()
    dark = theme == "Dark"
    assert is_dark() == dark
    assert saved_theme() == theme.lower()
    assert theme_action(window, theme).isChecked()

    palette = QGuiApplication.palette()
    assert contrast(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)) >= 7
    colors = canvas_colors()
    assert (colors.background.lightness() < 128) == dark
    for text in (colors.text, colors.text_dim, colors.shape_text):
        assert contrast(text, colors.node_body) >= 4.5  # card text on the card
    # The canvas really paints in those colours.
    image = window.view.viewport().grab().toImage()
    corner = image.pixelColor(2, 2)
    assert abs(corner.lightness() - colors.background.lightness()) < 30

    from netbuilder.gui.training.plot_style import make_plot_widget, plot_background, plot_foreground

    plot = make_plot_widget("Loss")
    qtbot.addWidget(plot)
    background, foreground = QColor(*plot_background()), QColor(*plot_foreground())
    assert (background.lightness() < 128) == dark
    assert contrast(foreground, background) >= 7
    assert plot.getPlotItem().getAxis("left").textPen().color() == foreground


def test_a_plot_made_before_the_change_is_recoloured(window: Any, qtbot: Any) -> None:
    from netbuilder.gui.training.plot_style import make_plot_widget, plot_foreground

    plot = make_plot_widget("Decision boundary")
    qtbot.addWidget(plot)
    theme_action(window, "Dark").trigger()
    assert plot.backgroundBrush().color().lightness() < 128
    assert plot.getPlotItem().getAxis("bottom").textPen().color() == QColor(*plot_foreground())
    assert plot.getPlotItem().titleLabel.opts["color"] == plot_foreground()
    theme_action(window, "Light").trigger()
    assert plot.backgroundBrush().color().lightness() > 128


def test_the_saved_theme_applies_at_start(window: Any, qtbot: Any) -> None:
    theme_action(window, "Dark").trigger()
    from netbuilder.gui.app import create_main_window

    QGuiApplication.setPalette(QPalette())  # as a fresh start would be
    second = create_main_window()
    qtbot.addWidget(second)
    assert is_dark()
    assert second.theme_actions["dark"].isChecked()
