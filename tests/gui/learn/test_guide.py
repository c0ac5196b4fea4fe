"""Help ▸ Guide: every page renders in both languages with its formula and plot, search finds pages,
example links open their example, and "What is this?" opens the right page."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from gui_helpers import click, press, release, set_spin
from learn_helpers import click_link
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QInputMethodEvent, QTextDocument
from PySide6.QtWidgets import QApplication

from netbuilder.core.examples import example_names, list_examples
from netbuilder.core.layers import CATALOG
from netbuilder.gui.learn.content import load_guide
from netbuilder.gui.learn.language import LANGUAGES, content_language
from netbuilder.training.config import LOSSES, OPTIMIZERS
from netbuilder.training.trajectories import optimizer_paths

# What the articles cover and the app has (seeds-digest.md), each of which must have a page.
ARTICLE_LAYERS = (
    "Dense", "Conv2d", "MaxPool2d", "AvgPool2d", "Flatten", "RNN", "LSTM", "GRU", "MultiheadAttention",
    "TransformerEncoderLayer", "PositionalEncoding", "Dropout", "BatchNorm1d", "BatchNorm2d",
)  # fmt: skip
ARTICLE_ACTIVATIONS = ("Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "SiLU", "Softmax")
ARTICLE_LOSSES = ("mse", "mae", "cross_entropy", "bce")
ARTICLE_OPTIMIZERS = ("sgd", "adam")
ARTICLE_REGULARISERS = ("training:l1", "training:l2", "training:early_stopping", "layer:Dropout", "layer:BatchNorm1d")
ARTICLE_METRICS = ("accuracy", "precision", "recall", "f1", "rmse")


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


# Each plotted function written out independently of the app's curves module.
EXPECTED = {
    "activation:identity": {"f": lambda x: x},
    "activation:relu": {"f": lambda x: np.maximum(0, x)},
    "activation:leaky_relu": {"f": lambda x: np.where(x > 0, x, 0.01 * x)},
    "activation:sigmoid": {"f": sigmoid},
    "activation:tanh": {"f": np.tanh},
    "activation:swish": {"f": lambda x: x * sigmoid(x)},
    "activation:softmax": {"f": lambda x: np.exp(x) / (np.exp(x) + np.exp(0))},
    "loss:mse": {"loss": lambda p: (p - 1) ** 2},
    "loss:mae": {"loss": lambda p: np.abs(p - 1)},
    "loss:cross_entropy": {"loss": lambda p: -np.log(p)},
    "loss:bce": {"target 1": lambda p: -np.log(p), "target 0": lambda p: -np.log(1 - p)},
    "penalty:l1": {"penalty": np.abs},
    "penalty:l2": {"penalty": np.square},
}


def plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_content_is_complete_in_both_languages_and_covers_the_articles() -> None:
    guides = [load_guide(language) for language in LANGUAGES]
    assert [p.id for p in guides[0].pages] == [p.id for p in guides[1].pages]
    english, chinese = guides
    for a, b in zip(english.pages, chinese.pages, strict=True):
        assert a.title != b.title or a.title in ("ReLU", "Leaky ReLU", "Sigmoid", "Tanh", "Softmax", "Adam", "Dropout")
        assert a.summary != b.summary and a.when != b.when  # translated, not copied
        assert "\\" not in a.formula + b.formula  # rendered rich text, not LaTeX source
    for guide in guides:
        for type_id in ARTICLE_LAYERS + ARTICLE_ACTIVATIONS:
            assert CATALOG.get(type_id).id == type_id  # the app has it
            assert guide.page_for_topic(f"layer:{type_id}") is not None, type_id
        for loss in ARTICLE_LOSSES:
            assert loss in LOSSES and guide.page_for_topic(f"loss:{loss}") is not None, loss
        for optimizer in ARTICLE_OPTIMIZERS:
            assert optimizer in OPTIMIZERS and guide.page_for_topic(f"optimizer:{optimizer}") is not None
        for topic in ARTICLE_REGULARISERS:
            page = guide.page_for_topic(topic)
            assert page is not None and page.kind == "regularizer", topic
        for metric in ARTICLE_METRICS:
            assert guide.page_for_topic(f"metric:{metric}") is not None, metric
        assert {p.example for p in guide.pages if p.example} <= set(example_names())
        assert {p.kind for p in guide.pages} == {kind for kind, _ in guide.kinds}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_with_formula_and_plot(qtbot: Any, window: Any, language: str, request: Any) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    assert content_language() == language
    guide = window.learning.show_guide()
    qtbot.waitExposed(guide)
    assert guide.guide.language == language
    for page in guide.guide.pages:
        guide.show_page(page.id)
        assert guide.tree.currentItem().text(0) == page.title
        text = guide.browser.toPlainText()
        assert page.title in text and page.summary in text and page.when in text
        assert plain(page.formula) in text, page.id  # the formula, rendered
        assert ("<sub>" in page.formula or "<sup>" in page.formula) == ("vertical-align" in guide.browser.toHtml())
        assert guide.plot_box.isVisibleTo(guide) == bool(page.plot)
        if page.plot == "optimizers":
            qtbot.waitUntil(lambda: guide.paths_ready, timeout=60_000)  # computed off the GUI thread
            qtbot.waitUntil(lambda: "Adam" in guide.curve_items, timeout=5000)
            for name, path in optimizer_paths().items():
                x, y = guide.curve_items[name].getData()
                np.testing.assert_allclose(np.column_stack([x, y]), path)
        elif page.plot:
            for key, function in EXPECTED[page.plot].items():
                x, y = guide.curve_items[key].getData()
                assert len(x) > 50
                np.testing.assert_allclose(y, function(x), rtol=1e-9, atol=1e-12, err_msg=f"{page.id} {key}")
            if "derivative" in guide.curve_items:  # the derivative is the function's slope
                x, f = guide.curve_items["f"].getData()
                _, df = guide.curve_items["derivative"].getData()
                slope = np.gradient(f, x)
                smooth = np.abs(x) > 0.1  # away from ReLU's kink
                np.testing.assert_allclose(df[smooth][1:-1], slope[smooth][1:-1], atol=2e-3, err_msg=page.id)


def test_search_finds_pages_by_typing(qtbot: Any, window: Any) -> None:
    guide = window.learning.show_guide()
    guide.search.setFocus()
    qtbot.keyClicks(guide.search, "adam")
    assert guide.visible_page_ids() == ["adam"]
    guide.search.clear()
    qtbot.keyClicks(guide.search, "pool")
    assert set(guide.visible_page_ids()) == {"maxpool", "avgpool"}
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.current_page is not None and guide.current_page.id == "maxpool"
    guide.search.clear()
    qtbot.keyClicks(guide.search, "no such concept")
    assert guide.visible_page_ids() == []
    guide.search.clear()
    assert len(guide.visible_page_ids()) == len(guide.guide.pages)


def type_with_input_method(field: Any, text: str) -> None:
    """Chinese text arrives as an input method's commit, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    field.setFocus()
    QApplication.sendEvent(field, event)


def test_search_in_chinese(qtbot: Any, window: Any, chinese: None) -> None:
    guide = window.learning.show_guide()
    type_with_input_method(guide.search, "池化")
    assert set(guide.visible_page_ids()) == {"maxpool", "avgpool"}
    guide.search.clear()
    type_with_input_method(guide.search, "过拟合")
    assert "overfitting" in guide.visible_page_ids()


def test_every_example_link_opens_its_example(qtbot: Any, window: Any) -> None:
    guide = window.learning.show_guide()
    titles = {e.name: e.title for e in list_examples()}
    pages_by_example = {p.example: p for p in guide.guide.pages if p.example}
    assert len(pages_by_example) >= 8
    for name, page in pages_by_example.items():
        window.files.new()
        guide.show_page(page.id)
        click_link(qtbot, guide.browser, titles[name])
        assert window.document.project.name == titles[name], page.id
        assert window.document.path is None and not window.document.is_dirty  # the usual example flow
        assert window.stack.currentWidget() is window.view


def test_guide_follows_the_language(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import QLocale

    guide = window.learning.show_guide()
    guide.show_page("overfitting")
    assert guide.browser.toPlainText().startswith("Overfitting")
    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        window.learning.act_guide.trigger()
        assert guide.browser.toPlainText().startswith("过拟合")  # the same page, now in Chinese
        assert guide.tree.topLevelItem(0).text(0) == "基本概念"
    finally:
        QLocale.setDefault(before)


def test_what_is_this_from_the_palette(qtbot: Any, window: Any) -> None:
    palette = window.palette_panel
    tree = palette.tree
    item = palette.item_for("ReLU")
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    QApplication.sendEvent(
        tree.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, tree.viewport().mapToGlobal(pos))
    )
    menu = palette.context_menu
    assert menu is not None and menu.isVisible()
    what = next(a for a in menu.actions() if a.text() == "What is this?")
    assert what.isEnabled()
    menu.setActiveAction(what)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    guide = window.learning.guide
    assert guide.isVisible() and guide.current_page is not None and guide.current_page.id == "relu"
    # A layer the articles do not cover has no page: the entry is there but disabled.
    item = palette.item_for("GELU")
    tree.scrollToItem(item)
    pos = tree.visualItemRect(item).center()
    QApplication.sendEvent(
        tree.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, tree.viewport().mapToGlobal(pos))
    )
    assert not next(a for a in palette.context_menu.actions() if a.text() == "What is this?").isEnabled()
    palette.context_menu.close()


def test_what_is_this_from_the_inspector(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-cnn")
    window.show_canvas()
    inspector = window.inspector
    for node_id, page_id in (("conv1", "conv"), ("maxpool1", "maxpool"), ("flatten1", "flatten")):
        item = window.scene.node_items[node_id]
        window.view.ensureVisible(item)
        press(window.view, item.sceneBoundingRect().center() + QPoint(0, 0))
        release(window.view, item.sceneBoundingRect().center())
        assert inspector.node_id == node_id
        click(qtbot, inspector.help_button)
        assert window.learning.guide.current_page.id == page_id
    item = window.scene.node_items["input1"]
    press(window.view, item.sceneBoundingRect().center())
    release(window.view, item.sceneBoundingRect().center())
    assert inspector.node_id == "input1" and not inspector.help_button.isVisibleTo(inspector)  # no page


def test_what_is_this_from_the_training_panel(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-linear-neuron")
    window.show_dock("TrainingDock")
    panel = window.training_docks.training_panel
    click(qtbot, panel.help_buttons["optimizer"])
    assert window.learning.guide.current_page.id == "sgd"  # the example's optimiser
    panel.optimizer.setFocus()
    qtbot.keyClicks(panel.optimizer, "a")  # keyboard search picks "adam"
    assert window.document.project.training["optimizer"]["type"] == "adam"
    click(qtbot, panel.help_buttons["optimizer"])
    assert window.learning.guide.current_page.id == "adam"
    for key, page_id in (
        ("loss", "mse"),
        ("l1", "l1"),
        ("l2", "l2"),
        ("early_stopping", "early_stopping"),
        ("lr", "learning_rate"),
    ):
        click(qtbot, panel.help_buttons[key])
        assert window.learning.guide.current_page.id == page_id
    set_spin(qtbot, panel.l2, 0.01)
    assert window.document.project.training["l2"] == 0.01


def test_what_is_this_for_the_automatic_loss_follows_the_data(qtbot: Any, window: Any) -> None:
    window.files.open_example("seed-digits-mlp")
    qtbot.waitUntil(lambda: window.training.dataset is not None, timeout=60_000)
    window.show_dock("TrainingDock")
    panel = window.training_docks.training_panel
    panel.loss.setFocus()
    qtbot.keyClicks(panel.loss, "a")  # keyboard search picks "auto"
    assert window.document.project.training["loss"] == "auto"
    click(qtbot, panel.help_buttons["loss"])
    assert window.learning.guide.current_page.id == "cross_entropy"  # what "auto" means for 10 classes
    window.document.undo_stack.undo()
    assert panel.loss.currentText() == "cross_entropy"


def test_guide_keeps_its_page_when_closed_and_reopened(qtbot: Any, window: Any) -> None:
    guide = window.learning.show_guide()
    guide.show_page("dropout")
    guide.close()
    assert not guide.isVisible()
    window.learning.act_guide.trigger()
    assert guide.isVisible() and guide.current_page.id == "dropout"
    assert "Dropout" in guide.browser.toPlainText()


def test_a_missing_translation_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from netbuilder.gui.learn import content

    real = content._read

    def without_relu(folder: str, name: str) -> Any:
        data = real(folder, name)
        if name == "zh_CN.json":
            del data["pages"]["relu"]["when"]
        return data

    monkeypatch.setattr(content, "_read", without_relu)
    with pytest.raises(content.ContentError, match=r"guide/zh_CN.json page 'relu': missing text 'when'"):
        content.load_guide.__wrapped__("zh_CN")
    assert content.load_guide.__wrapped__("en").page("relu").when  # the other language is untouched
