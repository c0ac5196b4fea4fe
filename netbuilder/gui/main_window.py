"""The main window: canvas in the middle, dockable panels around it, menus, toolbar and status bar.

It creates its parts explicitly: the document, the editor, the canvas, the editor's panels, the
:class:`TrainingController` (runs, dataset, weights) with its :class:`TrainingDocks`, and the model
import/export actions. Panels are added with :meth:`MainWindow.add_dock`; a panel whose dock is a
hidden tab is disabled until its tab is shown, so no key (a shortcut's, a stray one) can edit it.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QMimeData, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

from netbuilder.gui.analysis import Analysis
from netbuilder.gui.canvas.scene import CanvasScene
from netbuilder.gui.canvas.view import CanvasView
from netbuilder.gui.code_view import CodeView
from netbuilder.gui.core_text import core_message
from netbuilder.gui.dock_tabs import StaleTabBarSweeper
from netbuilder.gui.document import Document
from netbuilder.gui.editor import Editor
from netbuilder.gui.engine_loader import EngineLoader
from netbuilder.gui.file_controller import FileController
from netbuilder.gui.i18n import LANGUAGES, SYSTEM, resolve_language, save_language, saved_language
from netbuilder.gui.inspector import Inspector
from netbuilder.gui.learn.install import Learning
from netbuilder.gui.mime import NODES_MIME
from netbuilder.gui.model_io import add_model_actions
from netbuilder.gui.palette import Palette
from netbuilder.gui.problems import ProblemsPanel
from netbuilder.gui.recovery import Autosaver
from netbuilder.gui.settings import recent_files, settings
from netbuilder.gui.start_page import StartPage, bundled_examples
from netbuilder.gui.summary_panel import SummaryPanel
from netbuilder.gui.theme import apply_theme, format_count, save_theme, saved_theme

if TYPE_CHECKING:
    from netbuilder.gui.training.controller import TrainingController
    from netbuilder.gui.training.docks import TrainingDocks

log = logging.getLogger(__name__)

STATE_VERSION = 1

# Top-level menus are keyed by their English title (other parts add to "&Training" by that name) and
# shown translated; marked here so that lupdate finds every title.
MENU_TITLES = (
    QT_TRANSLATE_NOOP("MainWindow", "&File"),
    QT_TRANSLATE_NOOP("MainWindow", "&Edit"),
    QT_TRANSLATE_NOOP("MainWindow", "&View"),
    QT_TRANSLATE_NOOP("MainWindow", "&Training"),
    QT_TRANSLATE_NOOP("MainWindow", "&Help"),
)


def _release_clipboard() -> None:
    """Hand our copied nodes to Qt as plain text while Python still runs.

    The clipboard owns the QMimeData that :meth:`MainWindow.copy` made in Python; left there, Qt
    destroys it when the application object goes, during interpreter shutdown, and the wrapper's
    clean-up then runs without a Python thread state: a segfault (exit 139) on quit. Replacing it now
    destroys it safely, and other programs still get the text.
    """
    app = QGuiApplication.instance()
    if app is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(NODES_MIME):
        clipboard.setText(mime.text())


@functools.cache
def _release_clipboard_at_exit() -> None:
    # atexit runs before the interpreter tears anything down; registered once, on the first copy.
    atexit.register(_release_clipboard)


class MainWindow(QMainWindow):
    """``deferred``: paint first and load the engine (torch) and the training docks in the background
    (the app's start-up); otherwise everything is there when the constructor returns (tests, tools)."""

    def __init__(self, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.document = Document(self)
        self.engine = EngineLoader(self)
        self.analysis = Analysis(self.document, self, engine=self.engine)
        self.training: TrainingController | None = None
        self.training_docks: TrainingDocks | None = None
        self.editor = Editor(self.document, self)
        self.files = FileController(self.document, self)
        self.scene = CanvasScene(self.document, self.editor, self.analysis)
        self.scene.setParent(self)
        self.view = CanvasView(self.scene)
        self.start_page = StartPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.view)
        self.setCentralWidget(self.stack)
        self._menus: dict[str, QMenu] = {}
        self._panels_menu: QMenu | None = None
        self.docks: dict[str, QDockWidget] = {}

        self.palette_panel = Palette(self.document.graph.catalog)
        self.inspector = Inspector(self.editor, self.analysis)
        self.problems = ProblemsPanel(self.analysis)
        self.summary = SummaryPanel(self.analysis)
        self.code_view = CodeView(self.analysis)

        self._build_actions()
        self._build_menus()
        self._build_docks()
        self._build_status_bar()
        self._connect()
        self.act_export, self.act_import = add_model_actions(self)
        self.engine.ready.connect(self._add_training)
        self.engine.failed.connect(self._on_engine_failed)
        self.learning = Learning(self)  # Help ▸ Guide, Help ▸ Lessons, "What is this?"
        if deferred:
            self.statusBar().showMessage(self.tr("Starting the training engine…"))
            # After the first paint: the window is on screen before torch starts loading.
            QTimer.singleShot(50, self.engine.start)
        else:
            self.load_engine()
        self.autosaver = Autosaver(self.document, parent=self)
        self.tab_sweeper = StaleTabBarSweeper(self)
        self.resize(1400, 880)
        self._update_title()
        self._restore_layout()

    # ---- the engine and the training docks ------------------------------------------------------
    def load_engine(self) -> None:
        """Load the engine and add the training docks now, in this thread (waits for a background load)."""
        if self.training is not None:
            return
        self.engine.start()  # says "ready" at once (adding the docks) when the engine is loaded already
        if self.training is None:
            self.engine.wait()
            QCoreApplication.sendPostedEvents(self.engine)  # deliver the thread's "finished" now
        if self.training is None:
            self._add_training()

    def _add_training(self) -> None:
        if self.training is not None:
            return
        from netbuilder.gui.training.controller import TrainingController
        from netbuilder.gui.training.docks import TrainingDocks

        self.engine.is_ready = True
        self.training = TrainingController(self.document, self.editor, self)
        self.training_docks = TrainingDocks(self, self.training)
        if self.statusBar().currentMessage() == self.tr("Starting the training engine…"):
            self.statusBar().showMessage(self.tr("Ready to train"), 3000)

    def _on_engine_failed(self, error: str) -> None:
        self.statusBar().showMessage(self.tr("⚠ The training engine could not start: {error}").format(error=error))

    # ---- public hooks for other features --------------------------------------------------------
    def add_dock(
        self,
        widget: QWidget,
        title: str,
        object_name: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
        tabify_with: str | None = None,
        visible: bool = True,
    ) -> QDockWidget:
        """Add a dockable panel; it gets a View ▸ Panels toggle and its place is remembered."""
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)  # the key under which QSettings remembers its place
        dock.setWidget(widget)
        # A tabbed dock that is not the current tab is only moved off screen, not hidden: its widgets
        # could still take focus (a disabled button hands it on) and keys. Disabled, they take neither.
        dock.visibilityChanged.connect(widget.setEnabled)
        self.addDockWidget(area, dock)
        if tabify_with is not None and tabify_with in self.docks:
            self.tabifyDockWidget(self.docks[tabify_with], dock)
        dock.setVisible(visible)
        self.docks[object_name] = dock
        if self._panels_menu is not None:
            self._panels_menu.addAction(dock.toggleViewAction())
        self.restoreDockWidget(dock)  # re-applies the saved place when added after restoreState
        return dock

    def menu(self, title: str) -> QMenu:
        """The top-level menu called ``title`` (e.g. "&Train"), created before Help if missing."""
        key = title.replace("&", "")
        if key not in self._menus:
            menu = QMenu(QCoreApplication.translate("MainWindow", title), self)
            help_menu = self._menus.get("Help")
            if help_menu is not None:
                self.menuBar().insertMenu(help_menu.menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[key] = menu
        return self._menus[key]

    def add_menu_action(self, menu_title: str, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu(menu_title).addAction(action)
        return action

    def show_canvas(self) -> None:
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus()

    # ---- building ------------------------------------------------------------------------------
    def _action(
        self, text: str, slot: Callable[[], object], shortcut: object = None, tip: str = "", canvas_only: bool = False
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        if canvas_only:
            # Single keys and clipboard keys act on the canvas only, so text fields keep them.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action(self.tr("&New"), self.files.new, K.New, self.tr("Start an empty project"))
        self.act_open = self._action(self.tr("&Open…"), self.files.open_dialog, K.Open, self.tr("Open a project file"))
        self.act_save = self._action(self.tr("&Save"), self.files.save, K.Save, self.tr("Save the project"))
        self.act_save_as = self._action(
            self.tr("Save &As…"), self.files.save_as, K.SaveAs, self.tr("Save under a new name")
        )
        self.act_quit = self._action(self.tr("&Quit"), self.close, K.Quit)
        self.act_undo = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcut(K.Undo)
        self.act_redo = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Y")])
        # Toolbar buttons keep a short fixed label (the menu still names the step): a label like
        # "Undo Insert Reshape to (1, 8, 8)" resized its button and moved every button after it.
        self.act_undo.setIconText(self.tr("Undo"))
        self.act_redo.setIconText(self.tr("Redo"))
        self.act_cut = self._action(self.tr("Cu&t"), self.cut, K.Cut, canvas_only=True)
        self.act_copy = self._action(self.tr("&Copy"), self.copy, K.Copy, canvas_only=True)
        self.act_paste = self._action(self.tr("&Paste"), self.paste, K.Paste, canvas_only=True)
        self.act_duplicate = self._action(self.tr("&Duplicate"), self.duplicate, "Ctrl+D", canvas_only=True)
        self.act_delete = self._action(
            self.tr("De&lete"), self.delete_selection, [K.Delete, "Backspace"], canvas_only=True
        )
        self.act_select_all = self._action(self.tr("Select &All"), self.select_all, K.SelectAll, canvas_only=True)
        self.act_layout = self._action(
            self.tr("Auto-&layout"), self.view.auto_layout, "Ctrl+L", self.tr("Arrange the network to fit the window")
        )
        self.act_fit = self._action(self.tr("&Fit to View"), self.view.fit_to_view, "F", canvas_only=True)
        self.act_zoom_in = self._action(self.tr("Zoom &In"), lambda: self.view.zoom_by(1.25), [K.ZoomIn, "Ctrl+="])
        self.act_zoom_out = self._action(self.tr("Zoom &Out"), lambda: self.view.zoom_by(0.8), K.ZoomOut)
        self.act_zoom_reset = self._action(self.tr("&Actual Size"), self.view.reset_zoom, "Ctrl+0")
        self.act_find = self._action(self.tr("Find &Layer…"), self.focus_palette_search, K.Find)
        self.act_quick_add = self._action(
            self.tr("&Quick Add…"),
            lambda: self.view.open_quick_add(),
            None,
            self.tr("Tab on the canvas: search and add a layer at the cursor"),
        )
        self.act_snap = QAction(self.tr("&Snap to Grid"), self, checkable=True, checked=True)
        self.act_snap.toggled.connect(self._on_snap_toggled)
        self.act_about = self._action(self.tr("&About NetBuilder"), self.show_about)

    def _build_menus(self) -> None:
        file_menu = self.menu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.examples_menu = file_menu.addMenu(self.tr("&Examples"))
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = self.menu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions([self.act_cut, self.act_copy, self.act_paste, self.act_duplicate, self.act_delete])
        edit.addSeparator()
        edit.addActions([self.act_select_all, self.act_quick_add, self.act_find])
        view = self.menu("&View")
        view.addActions([self.act_fit, self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        view.addSeparator()
        view.addActions([self.act_layout, self.act_snap])
        view.addSeparator()
        self._panels_menu = view.addMenu(self.tr("&Panels"))
        self._build_theme_menu(view.addMenu(self.tr("&Theme")))
        self._build_language_menu(view.addMenu(self.tr("&Language (applies after restart)")))
        self.menu("&Help").addAction(self.act_about)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for name, title, description in bundled_examples():
            action = self.examples_menu.addAction(title, lambda n=name: self._open_example(n))
            action.setStatusTip(description)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.addActions([self.act_new, self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        toolbar.addSeparator()
        toolbar.addActions([self.act_layout, self.act_fit])

    def _build_theme_menu(self, menu: QMenu) -> None:
        """View ▸ Theme: System, Light, Dark; the choice is kept in the settings."""
        names = {"system": self.tr("&System"), "light": self.tr("&Light"), "dark": self.tr("&Dark")}
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme, text in names.items():
            action = QAction(text, self, checkable=True)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            group.addAction(action)
            menu.addAction(action)
            self.theme_actions[theme] = action
        self.theme_actions[saved_theme()].setChecked(True)
        apply_theme(saved_theme())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    def _build_language_menu(self, menu: QMenu) -> None:
        """View ▸ Language: each language under its own name, and the system's; kept in the settings.

        The window's strings are made once, so a new choice applies when the app next starts."""
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        names = {**LANGUAGES, SYSTEM: self.tr("System default")}
        for code, text in names.items():
            action = QAction(text, self, checkable=True)
            action.setObjectName(f"language-{code}")
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions[saved_language()].setChecked(True)

    def set_language(self, choice: str) -> None:
        """Store ``choice`` for the next start and say so (in the language chosen, where it is known)."""
        if choice == saved_language():
            return
        save_language(choice)
        self.language_actions[choice].setChecked(True)
        language = resolve_language(choice)
        note = {
            "en": "The language changes to English the next time NetBuilder starts.",
            "zh_CN": "下次启动 NetBuilder 时界面将切换为简体中文。",
        }.get(language, "")
        self.statusBar().showMessage(note, 10000)
        # Window-modal and not waited for: the menu's click returns at once.
        self.language_note = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"), note, parent=self)
        self.language_note.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.language_note.open()

    def set_theme(self, theme: str) -> None:
        save_theme(theme)
        self.theme_actions[theme].setChecked(True)
        apply_theme(theme)
        self.view.refresh_theme()

    def _on_color_scheme_changed(self, _scheme: object) -> None:
        if saved_theme() == "system":
            self.set_theme("system")

    def _build_docks(self) -> None:
        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        # Layer names are clipped below ~170 px, and wide right-hand docks would otherwise squeeze it to 60.
        self.palette_panel.setMinimumWidth(170)
        self.add_dock(self.palette_panel, self.tr("Layers"), "LayersDock", left)
        self.add_dock(self.inspector, self.tr("Inspector"), "InspectorDock", right)
        self.add_dock(self.code_view, self.tr("Code"), "CodeDock", right, tabify_with="InspectorDock")
        self.add_dock(self.problems, self.tr("Problems"), "ProblemsDock", bottom)
        self.add_dock(self.summary, self.tr("Summary"), "SummaryDock", bottom, tabify_with="ProblemsDock")
        self.docks["SummaryDock"].visibilityChanged.connect(self.summary.set_shown)
        self.docks["CodeDock"].visibilityChanged.connect(self.code_view.set_shown)
        self.docks["InspectorDock"].raise_()
        self.docks["ProblemsDock"].raise_()
        self.resizeDocks([self.docks["LayersDock"], self.docks["InspectorDock"]], [210, 300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["ProblemsDock"]], [170], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        self.stats_label = QLabel()
        self.zoom_label = QLabel("100%")
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().addPermanentWidget(self.zoom_label)

    def _connect(self) -> None:
        self.document.dirty_changed.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        self.document.project_replaced.connect(self._on_document_project_replaced)
        self.files.project_opened.connect(self._on_files_project_opened)
        self.files.recent_changed.connect(self.start_page.refresh)
        self.editor.error_reported.connect(
            lambda message: self.statusBar().showMessage(f"⚠ {core_message(message)}", 6000)
        )
        self.analysis.updated.connect(self._on_analysis_updated)
        self.scene.selectionChanged.connect(self._on_scene_selection_changed)
        self.scene.node_activated.connect(self._on_scene_node_activated)
        # A node a person picks (on the canvas or in Problems) brings its Inspector forward; nodes the
        # program selects (after an add or a paste) leave the panel the person is reading alone.
        self.scene.node_pressed.connect(lambda _node_id: self.show_inspector())
        self.scene.fix_requested.connect(self.apply_fix)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f}%"))
        self.palette_panel.layer_activated.connect(self._on_palette_layer_activated)
        self.problems.node_requested.connect(self.reveal_node)
        self.problems.fix_requested.connect(self.apply_fix)
        self.start_page.new_requested.connect(self.files.new)
        self.start_page.open_requested.connect(self.files.open_dialog)
        self.start_page.recent_chosen.connect(self.files.open_path)
        self.start_page.example_chosen.connect(self._open_example)

    # ---- edit commands -------------------------------------------------------------------------
    def copy(self) -> None:
        ids = self.scene.selected_node_ids()
        if not ids:
            return
        data = json.dumps(self.document.graph.subgraph_dict(ids))
        mime = QMimeData()
        mime.setData(NODES_MIME, QByteArray(data.encode("utf-8")))
        mime.setText(data)
        QGuiApplication.clipboard().setMimeData(mime)
        _release_clipboard_at_exit()

    def cut(self) -> None:
        self.copy()
        self.delete_selection()

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(NODES_MIME):
            return
        try:
            data = json.loads(bytes(mime.data(NODES_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.statusBar().showMessage(self.tr("⚠ the clipboard holds no NetBuilder nodes"), 4000)
            return
        self.editor.paste(data)

    def duplicate(self) -> None:
        self.editor.duplicate(self.scene.selected_node_ids())

    def delete_selection(self) -> None:
        self.editor.delete(self.scene.selected_node_ids(), self.scene.selected_edges())

    def select_all(self) -> None:
        self.scene.select_nodes(list(self.scene.node_items))

    def focus_palette_search(self) -> None:
        self.docks["LayersDock"].show()
        self.docks["LayersDock"].raise_()
        self.palette_panel.focus_search()

    def reveal_node(self, node_id: str) -> None:
        item = self.scene.node_items.get(node_id)
        if item is not None:
            self.scene.select_nodes([node_id])
            self.view.ensureVisible(item, 60, 60)
            self.show_inspector()

    def apply_fix(self, node_id: str, index: int = 0) -> None:
        fixes = self.analysis.fixes.get(node_id, [])
        fix = fixes[index] if 0 <= index < len(fixes) else None
        if fix is not None and self.editor.apply_fix(node_id, fix):
            self.statusBar().showMessage(self.tr("Applied: {fix}").format(fix=core_message(fix.label)), 4000)

    def show_about(self) -> None:
        from netbuilder import __version__

        QMessageBox.about(
            self,
            self.tr("About NetBuilder"),
            self.tr(
                "<h3>NetBuilder {version}</h3><p>Design neural networks visually, train them, "
                "watch them learn and export them.</p><p>Built with PySide6, pyqtgraph and PyTorch.</p>"
            ).format(version=__version__),
        )

    # ---- slots ---------------------------------------------------------------------------------
    def _open_example(self, name: str) -> None:
        self.files.open_example(name)

    def _on_palette_layer_activated(self, type_id: str) -> None:
        self.show_canvas()
        self.view.add_layer_at(type_id, self.view.center_scene_pos())

    def _on_snap_toggled(self, on: bool) -> None:
        self.scene.snap_to_grid = on

    def _on_files_project_opened(self) -> None:
        self.show_canvas()

    def _on_document_project_replaced(self) -> None:
        self._update_title()
        # Fit once the view has its final size (the window may be showing for the first time).
        QTimer.singleShot(0, self.view.show_graph_start)

    def _on_scene_selection_changed(self) -> None:
        ids = self.scene.selected_node_ids()
        self.inspector.show_node(ids[0] if len(ids) == 1 else None)

    def _on_scene_node_activated(self, node_id: str) -> None:
        self.scene.select_nodes([node_id])
        self.show_inspector()
        # After the click is done with: the view takes the focus back while it handles the click.
        QTimer.singleShot(0, self.inspector.focus_first_field)

    def show_inspector(self) -> None:
        """Bring the Inspector in front of the panels it shares a tab with (Training, Code, ...)."""
        self.show_dock("InspectorDock")

    def show_dock(self, name: str) -> None:
        """Show the dock ``name`` (panels used on demand start closed) in front of its tab group."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    def _on_analysis_updated(self) -> None:
        info = self.analysis.info
        count = len(self.document.graph)
        problems = len(info.problems)
        nodes = self.tr("1 node") if count == 1 else self.tr("{n} nodes").format(n=count)
        params = self.tr("{n} params").format(n=format_count(info.total_params))
        if not problems:
            found = self.tr("no problems")
        else:
            found = self.tr("⚠ 1 problem") if problems == 1 else self.tr("⚠ {n} problems").format(n=problems)
        self.stats_label.setText(f"{nodes} · {params} · {found}")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_files():
            self.recent_menu.addAction(path, lambda p=path: self.files.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — NetBuilder")
        self.setWindowModified(self.document.is_dirty)

    # ---- layout persistence and closing ----------------------------------------------------------
    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        state = store.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state, STATE_VERSION)

    def save_layout(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState(STATE_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.autosaver.stop()
        self.scene.close()
        self.document.close()
        event.accept()
