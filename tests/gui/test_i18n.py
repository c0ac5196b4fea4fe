"""The app in Simplified Chinese and English: complete .ts, every visible string translated, the menu switch.

The walk collects what a person can read (labels, buttons, menus and their status tips, tooltips, window
and dock titles, tabs, combo items, headers, placeholders, plot titles and axis labels) and fails on any
English word left in Chinese mode (and on any Chinese in English mode), naming the widget and the text.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pytest
from gui_helpers import click, set_spin
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QTabBar,
    QTableView,
    QTreeView,
    QTreeWidget,
    QWidget,
)

from netbuilder.gui import i18n

LONG = 120_000
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Proper names, formats, units and code that stay as they are in every language.
PROPER_NAMES = frozenset(
    [
        "NetBuilder",
        "PyTorch",
        "PySide6",
        "pyqtgraph",
        "ONNX",
        "ReLU",
        "ReLUs",
        "CSV",
        "NPZ",
        "NumPy",
        "MNIST",
        "Fashion",
        "IDX",
        "Adam",
        "AdamW",
        "SGD",
        "TensorFlow",
        "Playground",
        "TensorBoard",
        "safetensors",
        "torch",
        "export",
        "load",
        "weights_only",
        "True",
        "state_dict",
        "torchrun",
        "DDP",
        "python",
        "MLP",
        "LSTM",
        "GRU",
        "RNN",
        "XOR",
        "ResNet",
        "ResNets",
        "Linear",
        "Transformer",
        "Transformers",
        "LayerNorm",
        "MACs",
        "RMSE",
        "MAE",
        "MSE",
        "F1",
        "softmax",
        "relu",
        "sigmoid",
        "tanh",
        "nbproj",
        "Ctrl",
        "Tab",
        "Shift",
        "Del",
        "Backspace",
        "dynamo",
        "int8",
        "sin",
        "cos",
        "max",
        "log10",
        "lr",
        "epochs",
        "optimizer",
        "netbuilder",
        "train",
        "example",
        "nn",
        "Module",
        "pt2",
        "onnx",
        "npz",
        "csv",
        "tsv",
        "txt",
        "Dense",
        "Conv2D",
        "Embedding",
        "Flatten",
        "Reshape",
        "Add",
        "Concat",
        "Input",
        "MaxPool",
        "GELU",
        "ELU",
        "SiLU",
        "Swish",
        "Identity",
        "Leaky",
        "Softmax",
        "BatchNorm1D",
        "BatchNorm2D",
        "GlobalAvgPool2D",
        "AvgPool2D",
        "MaxPool1D",
        "MaxPool2D",
        "Conv1D",
        "Positional",
        "Encoding",
        "Attention",
        "Self",
        "Sigmoid",
        "Tanh",
        "Dropout",
        "Encoder",
        "Enc",
        "Encodi",
        "Pool2D",
        "Pool",
        "True",
        "False",
        "English",
    ]
)


def allowed_words(window: Any) -> set[str]:
    """The proper names, plus the app's own identifiers: layer types, parameter and node names, option ids."""
    from netbuilder.core import CATALOG
    from netbuilder.core.examples import list_examples
    from netbuilder.data.spec import FUNCTIONS, all_kinds
    from netbuilder.export import FORMATS
    from netbuilder.training.config import INITS, LOSSES, OPTIMIZERS, SCHEDULES

    words = {w.lower() for w in PROPER_NAMES}
    for layer in CATALOG:
        for text in (layer.id, layer.label, layer.short_label, layer.id_prefix):
            words.update(w.lower() for w in WORD.findall(text))
        words.update(spec.name.lower() for spec in layer.params)
        for spec in layer.params:  # choice values shown as they are stored (e.g. "last", "learned")
            words.update(str(c).lower() for c in spec.choices)
    ids = [*OPTIMIZERS, *LOSSES, *SCHEDULES, *INITS, *all_kinds(), *FUNCTIONS, *FORMATS, "auto", "cpu", "cuda", "mps"]
    words.update(part.lower() for name in ids for part in [*re.split(r"[-_]", name), name])
    words.update(e.name.lower() for e in list_examples())
    words.update(part.lower() for e in list_examples() for part in e.name.split("-"))
    words.update(n.id.lower() for n in window.document.graph.nodes)
    docks = window.training_docks
    dataset = docks.dataset_panel.dataset if docks is not None else None
    if dataset is not None:  # the data's own names: class names, feature names
        for name in [*(dataset.class_names or []), *dataset.feature_names]:
            words.update(w.lower() for w in WORD.findall(str(name)))
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    plain = html.unescape(re.sub(r"<[^>]*>", " ", text))
    plain = re.sub(r"run-\d+|example:[\w-]+|\*\.\w+|\.\w+\b|[\w./-]+/[\w./-]+", " ", plain)  # file patterns and paths
    return [w for w in WORD.findall(plain) if sum(c.isalpha() for c in w) >= 3 and w.lower() not in allowed]


# ---- collecting what a person can read ------------------------------------------------------------
def _path(widget: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None:
        parts.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return "/".join(reversed(parts[:4]))


def _action_texts(action: QAction, where: str, out: list[tuple[str, str]]) -> None:
    label = action.text().replace("&", "")
    out.append((f"{where} ▸ {label}", action.text()))
    out.append((f"{where} ▸ {label} (status tip)", action.statusTip()))
    menu = action.menu()
    if isinstance(menu, QMenu):
        menu.aboutToShow.emit()  # menus filled on demand (Open Recent)
        for child in menu.actions():
            _action_texts(child, f"{where} ▸ {label}", out)


def _scene_texts(view: QGraphicsView, where: str, out: list[tuple[str, str]]) -> None:
    scene = view.scene()
    if scene is None:
        return
    for item in scene.items():
        out.append((f"{where} item tooltip", item.toolTip()))
        if isinstance(item, pg.PlotItem):
            out.append((f"{where} plot title", item.titleLabel.text))
            for side in ("left", "bottom", "right", "top"):
                axis = item.getAxis(side)
                if axis.isVisible() and axis.label.isVisible():
                    out.append((f"{where} {side} axis", axis.labelText))
        elif isinstance(item, pg.TextItem):
            out.append((f"{where} text item", item.textItem.toPlainText()))
        elif isinstance(item, pg.LabelItem):
            out.append((f"{where} label item", item.text))


def readable_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every string a person can read in ``root`` and its children."""
    out: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = _path(widget)
        out.append((f"{where} (tooltip)", widget.toolTip()))
        if widget.isWindow() or isinstance(widget, QDockWidget):
            out.append((f"{where} (title)", widget.windowTitle()))
        if isinstance(widget, QLabel | QAbstractButton):
            out.append((where, widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((where, widget.title()))
        elif isinstance(widget, QTabBar):
            out += [(f"{where} tab {i}", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            out += [(f"{where} item {i}", widget.itemText(i)) for i in range(widget.count())]
            out.append((f"{where} (placeholder)", widget.placeholderText()))
        elif isinstance(widget, QLineEdit):
            out.append((f"{where} (placeholder)", widget.placeholderText()))
        elif isinstance(widget, QSpinBox):
            out.append((f"{where} (affixes)", widget.prefix() + " " + widget.suffix()))
        header = widget.header() if isinstance(widget, QTreeView) else None
        if isinstance(widget, QTableView):
            header = widget.horizontalHeader()
        if header is not None and not header.isHidden() and widget.model() is not None:
            for column in range(header.count()):
                if not header.isSectionHidden(column):
                    text = widget.model().headerData(column, Qt.Orientation.Horizontal)
                    out.append((f"{where} header {column}", str(text or "")))
        if isinstance(widget, QTreeWidget):
            stack = [widget.topLevelItem(i) for i in range(widget.topLevelItemCount())]
            while stack:
                item = stack.pop()
                for column in range(item.columnCount()):
                    out.append((f"{where} row", item.text(column)))
                    out.append((f"{where} row tooltip", item.toolTip(column)))
                stack += [item.child(i) for i in range(item.childCount())]
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                out += [
                    (f"{where} row {i}", widget.item(i).text()),
                    (f"{where} row {i} tooltip", widget.item(i).toolTip()),
                ]
        if isinstance(widget, QGraphicsView):
            _scene_texts(widget, where, out)
    return [(where, text) for where, text in out if text and text.strip()]


def window_texts(window: Any) -> list[tuple[str, str]]:
    out = readable_texts(window)
    for action in window.menuBar().actions():
        _action_texts(action, "menu", out)
    return [(where, text) for where, text in out if text and text.strip()]


def untranslated(texts: list[tuple[str, str]], allowed: set[str]) -> list[str]:
    found = []
    for where, text in texts:
        words = english_words(text, allowed)
        if words:
            found.append(f"{where}: {text[:140]!r} (English: {', '.join(sorted(set(words))[:6])})")
    return sorted(set(found))


# ---- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def restore_language(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Compile into a test folder, not the user's cache; leave the application as the other tests expect
    it: no translators, the locale it had."""
    monkeypatch.setattr(i18n, "cache_dir", lambda: tmp_path / "cache")
    saved = QLocale()
    yield
    i18n.install_language(qapp, "en")
    QLocale.setDefault(saved)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The app's Chinese translation installed, as app.py does before the window is built."""
    if not i18n.cjk_families():
        pytest.skip("no CJK font installed: the app stays in English by design")
    assert i18n.install_language(qapp, "zh_CN") == "zh_CN"
    try:
        yield
    finally:
        i18n.install_language(qapp, "en")


@pytest.fixture
def build_window(qtbot: Any) -> Iterator[Any]:
    made: list[Any] = []

    def build() -> Any:
        from netbuilder.gui.app import create_main_window

        win = create_main_window()
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        made.append(win)
        return win

    yield build
    for win in made:
        win.document.undo_stack.setClean()
        win.document._extra_dirty = False
        win.close()


def open_everything(qtbot: Any, window: Any, trained: bool, language: str) -> list[tuple[str, str]]:
    """Open an example, train it briefly, show every dock, open the dialogs; return what can be read."""
    window.files.open_example("spiral")
    docks = window.training_docks
    if trained:
        set_spin(qtbot, docks.training_panel.epochs, 3)
        click(qtbot, docks.training_panel.train_button)
        qtbot.waitUntil(lambda: docks.controller.state.value == "idle", timeout=LONG)
        qtbot.waitUntil(lambda: docks.results.report is not None, timeout=LONG)
    window.scene.select_nodes(["fc1"])
    for name in list(window.docks):
        window.show_dock(name)
        qtbot.wait(5)
    texts = window_texts(window)
    from netbuilder.gui.model_io import open_export_dialog

    dialog = open_export_dialog(window)
    texts += readable_texts(dialog)
    dialog.close()
    window.set_language(language)  # its note speaks the language chosen
    texts += readable_texts(window.language_note)
    window.language_note.close()
    return texts


# ---- the .ts files --------------------------------------------------------------------------------
def test_every_ts_entry_is_translated() -> None:
    files = i18n.ts_files()
    assert [f.name for f in files] == ["netbuilder_zh_CN.ts"]
    problems = [p for ts in files for p in i18n.problems_in(ts)]
    assert not problems, "unfinished translations (translate them in pyside6-linguist):\n" + "\n".join(problems)


def test_ts_has_every_string_of_the_sources(tmp_path: Path) -> None:
    committed = i18n.ts_files()[0]
    copy = tmp_path / committed.name
    shutil.copy(committed, copy)
    i18n.update_ts([copy])
    before = {(e.context, e.source) for e in i18n.read_ts(committed)}
    after = {(e.context, e.source) for e in i18n.read_ts(copy)}
    new = sorted(after - before)
    gone = sorted(before - after)
    advice = "run `python -m netbuilder.gui.i18n update`, translate the new entries, and commit the .ts"
    assert not new, f"strings in the sources missing from {committed.name} ({advice}):\n" + "\n".join(map(str, new))
    assert not gone, f"entries no source uses any more ({advice}):\n" + "\n".join(map(str, gone))


def test_compile_writes_a_qm_that_qt_loads(tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    (qm,) = i18n.compile_translations(tmp_path)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"


def test_core_messages_are_rebuilt_from_translated_templates(chinese: None) -> None:
    from netbuilder.gui.core_text import core_message

    message = "Dense 'fc1' expects a vector (or a sequence), gets (1, 8, 8); insert Flatten to make it (64,)?"
    assert (
        core_message(message)
        == "Dense 'fc1' 需要向量（或序列），得到的是 (1, 8, 8)；插入 Flatten（展平层）把它变成 (64,)？"
    )
    assert core_message("something no template knows") == "something no template knows"
    why = "Adam, learning rate 0.02 and 100 epochs suit 2-D points (1,000 samples)"
    assert core_message(why) == "Adam、学习率 0.02、100 个轮次适合二维数据点（1,000 个样本）"
    nan = (
        "training stopped at epoch 3, step 7: the weights of 'fc1' (fc1.weight) became NaN or infinite "
        "(try a lower learning rate, normalised inputs or gradient-friendly activations)"
    )
    assert core_message(nan) == (
        "训练在第 3 轮次第 7 步停止：'fc1'（fc1.weight）的权重变成了 NaN 或无穷大"
        "（可以试试更低的学习率、归一化的输入，或对梯度更友好的激活函数）"
    )


def test_language_follows_the_system_locale_unless_chosen() -> None:
    assert i18n.resolve_language("system", "zh_CN") == "zh_CN"
    assert i18n.resolve_language("system", "zh_TW") == "zh_CN"
    assert i18n.resolve_language("system", "de_DE") == "en"
    assert i18n.resolve_language("en", "zh_CN") == "en"
    assert i18n.saved_language() == "system"
    i18n.save_language("zh_CN")
    assert i18n.saved_language() == "zh_CN"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.save_language("xx")


def test_a_stale_qm_in_the_cache_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "i18n"  # a checkout without a .qm beside its .ts
    sources.mkdir()
    shutil.copy(i18n.ts_dir() / "netbuilder_zh_CN.ts", sources)
    monkeypatch.setattr(i18n, "ts_dir", lambda: sources)
    monkeypatch.setattr(i18n, "cache_dir", lambda: tmp_path / "cache")
    first = i18n.qm_file("zh_CN")
    assert first is not None and first.parent == tmp_path / "cache"
    first.write_bytes(b"stale")
    ts = sources / "netbuilder_zh_CN.ts"
    import os

    os.utime(first, (ts.stat().st_mtime - 10, ts.stat().st_mtime - 10))
    second = i18n.qm_file("zh_CN")
    assert second == first and second.read_bytes() != b"stale"


def test_without_a_cjk_font_the_app_stays_legible_in_english(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "cjk_families", lambda: [])
    try:
        assert i18n.install_language(qapp, "zh_CN") == "en"
        assert QApplication.translate("MainWindow", "&File") == "&File"
        assert QLocale().name() == "en_US"
    finally:
        i18n.install_language(qapp, "en")


# ---- the walk -------------------------------------------------------------------------------------
def test_chinese_mode_leaves_no_english(qtbot: Any, chinese: None, build_window: Any, dialogs: Any) -> None:
    window = build_window()
    texts = open_everything(qtbot, window, trained=True, language="zh_CN")
    window.show_about()
    window.files.maybe_save()  # the unsaved-changes question
    texts += [(f"{kind} box", title + " " + text) for kind, title, text in dialogs.calls]
    assert dialogs.of("about") and dialogs.of("question")
    assert len(texts) > 300  # the walk reaches the panels, not just the menu bar
    assert any(CJK.search(text) for where, text in texts if "plot title" in where)
    found = untranslated(texts, allowed_words(window))
    assert not found, f"{len(found)} English strings in Chinese mode:\n" + "\n".join(found)


@pytest.mark.parametrize("example", ["seed-cnn", "attention-sequence", "lstm-sequence", "seed-relu-pieces"])
def test_chinese_mode_views_of_other_networks(qtbot: Any, chinese: None, build_window: Any, example: str) -> None:
    """Each layer family's docks (images, sequences, 1-D fits) before training, in Chinese."""
    window = build_window()
    window.files.open_example(example)
    for name in list(window.docks):
        window.show_dock(name)
    texts = window_texts(window)
    found = untranslated(texts, allowed_words(window))
    assert not found, f"{len(found)} English strings in Chinese mode ({example}):\n" + "\n".join(found)


def test_chinese_mode_problems_and_fixes(qtbot: Any, chinese: None, build_window: Any) -> None:
    """The shape mismatch a learner meets first, its quick fix, and an unconnected layer, in Chinese."""
    window = build_window()
    window.files.open_example("seed-cnn")
    flatten = next(n.id for n in window.document.graph.nodes if n.type == "Flatten")
    dense = next(n.id for n in window.document.graph.nodes if n.type == "Dense")
    window.editor.delete([flatten], [])  # the Dense now gets an image, or nothing
    qtbot.waitUntil(lambda: window.problems.problem_count() > 0)
    window.scene.select_nodes([dense])
    window.show_dock("ProblemsDock")
    texts = readable_texts(window.problems) + readable_texts(window.inspector)
    texts += [("node tooltip", window.scene.node_items[dense].toolTip())]
    messages = [text for where, text in texts if "row" in where and f"'{dense}'" in text]
    assert messages and all(CJK.search(m) for m in messages)
    found = untranslated(texts, allowed_words(window))
    assert not found, "English problem messages in Chinese mode:\n" + "\n".join(found)


def test_chinese_guide_and_lesson_leave_no_english(qtbot: Any, chinese: None, build_window: Any) -> None:
    """Help ▸ Guide and Help ▸ Lessons in Chinese: the page (its example link's title too) and the panel."""
    window = build_window()
    window.files.open_example("seed-digits-mlp")
    panel = window.learning.show_lessons()
    panel.start("overfitting")
    guide = window.learning.show_guide()
    assert guide.show_page("l2")
    page = guide.browser.toPlainText()
    link = next(line for line in page.splitlines() if "002" in line)
    assert CJK.search(link.split("“")[-1]), f"the example's title is not translated: {link!r}"
    texts = readable_texts(guide) + readable_texts(panel) + [("guide page", page)]
    # The guide glosses a term with its English name, as the articles do: 早停（Early Stopping）.
    found = untranslated(texts, allowed_words(window) | {"early", "stopping"})
    assert not found, "English in the Chinese guide or lesson:\n" + "\n".join(found)


def test_english_mode_has_no_chinese(qtbot: Any, build_window: Any) -> None:
    window = build_window()
    texts = open_everything(qtbot, window, trained=False, language="en")
    own_name = i18n.LANGUAGES["zh_CN"]  # a language is offered under its own name
    found = [f"{where}: {text!r}" for where, text in texts if CJK.search(text.replace(own_name, ""))]
    assert not found, "Chinese in English mode:\n" + "\n".join(found)


def test_view_language_menu_switches_the_next_window(qtbot: Any, build_window: Any, qapp: QApplication) -> None:
    if not i18n.cjk_families():
        pytest.skip("no CJK font installed: the app stays in English by design")
    window = build_window()
    bar = window.menuBar()
    view_menu = window.menu("&View")
    language_menu = next(a.menu() for a in view_menu.actions() if a.menu() is not None and "Language" in a.text())
    assert "restart" in language_menu.title()  # the menu says when the choice applies
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(view_menu.menuAction()).center())
    qtbot.waitUntil(view_menu.isVisible)
    submenu_at = view_menu.actionGeometry(language_menu.menuAction()).center()
    QTest.mouseMove(view_menu, submenu_at)
    QTest.mouseClick(view_menu, Qt.MouseButton.LeftButton, pos=submenu_at)
    qtbot.waitUntil(language_menu.isVisible)
    chinese_action = window.language_actions["zh_CN"]
    target: QPoint = language_menu.actionGeometry(chinese_action).center()
    QTest.mouseMove(language_menu, target)
    QTest.mouseClick(language_menu, Qt.MouseButton.LeftButton, pos=target)
    qtbot.waitUntil(lambda: i18n.saved_language() == "zh_CN")
    assert chinese_action.isChecked()
    note = window.language_note
    assert isinstance(note, QDialog) and note.isVisible() and "简体中文" in note.text()
    note.close()
    # The next start: app.py installs the saved language before building the window.
    try:
        assert i18n.install_language(qapp) == "zh_CN"
        assert QLocale().name() == "zh_CN"  # the default locale follows (other code reads it)
        second = build_window()
        titles = [a.text() for a in second.menuBar().actions()]
        assert titles[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
        assert second.docks["ProblemsDock"].windowTitle() == "问题"
        assert second.docks["TrainingDock"].windowTitle() == "训练"
    finally:
        i18n.install_language(qapp, "en")
    assert QLocale().name() == "en_US"
