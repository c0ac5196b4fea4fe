"""Help ▸ Guide: a searchable concept guide, one page per layer, activation, loss, optimiser,
regulariser and metric, with its formula, a small plot where one helps, and a link to an example."""

from __future__ import annotations

import html
import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.examples import list_examples
from netbuilder.gui.background import Background
from netbuilder.gui.learn.content import Guide, GuidePage, load_guide
from netbuilder.gui.learn.curves import plot_curves
from netbuilder.gui.learn.language import content_language
from netbuilder.gui.training.plot_style import make_plot_widget, plot_background, plot_foreground

log = logging.getLogger(__name__)

PAGE_ROLE = Qt.ItemDataRole.UserRole
# The optimiser paths, once computed (the same for every window and language).
_optimizer_paths: dict[str, np.ndarray] | None = None


def _compute_optimizer_paths() -> dict[str, np.ndarray]:
    from netbuilder.training.trajectories import optimizer_paths

    return optimizer_paths()


# Colours that read on the light and the dark plot background alike.
CURVE_COLORS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40))


class GuideWindow(QWidget):
    """A window of its own (the guide is read beside the canvas, not instead of a panel)."""

    example_requested = Signal(str)  # the page's example link was clicked: open this bundled example
    page_shown = Signal(str)  # id of the page now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("GuideWindow")
        self.guide: Guide | None = None
        self.current_page: GuidePage | None = None
        self.curve_items: dict[str, pg.PlotDataItem] = {}
        # The first torch optimiser made in a process imports torch._dynamo: measured 5.6 s here for
        # the first optimiser page, so the paths are computed off the GUI thread, once.
        self.background = Background(self)
        self._paths_pending = False
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # links open examples and pages here, not in a web browser
        self.plot = make_plot_widget()
        self.plot.setMinimumHeight(220)
        self.plot.getPlotItem().addLegend(
            offset=(10, 10), labelTextColor=plot_foreground(), brush=(*plot_background(), 200)
        )
        self.plot_caption = QLabel()
        self.plot_caption.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.tree)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.browser)
        plot_box = QWidget()
        plot_layout = QVBoxLayout(plot_box)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        plot_layout.addWidget(self.plot)
        plot_layout.addWidget(self.plot_caption)
        self.plot_box = plot_box
        right.addWidget(plot_box)
        right.setSizes([330, 270])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([290, 650])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.resize(1000, 660)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.reload()

    # ---- content -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the guide in the current language (a no-op when it is loaded already)."""
        language = content_language()
        if self.guide is not None and self.guide.language == language:
            return
        self.guide = load_guide(language)
        self.setWindowTitle(self.tr("NetBuilder Guide"))
        self.search.setPlaceholderText(self.tr("Search the guide"))
        current = self.current_page.id if self.current_page is not None else ""
        self._populate()
        if current:
            self.show_page(current)

    def _populate(self) -> None:
        assert self.guide is not None
        self.tree.blockSignals(True)
        self.tree.clear()
        for kind, heading in self.guide.kinds:
            group = QTreeWidgetItem(self.tree, [heading])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for page in self.guide.pages:
                if page.kind == kind:
                    item = QTreeWidgetItem(group, [page.title])
                    item.setData(0, PAGE_ROLE, page.id)
        self.tree.expandAll()
        self.tree.blockSignals(False)

    def page_items(self) -> dict[str, QTreeWidgetItem]:
        """The list's item of every page, by page id."""
        items = {}
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                items[group.child(j).data(0, PAGE_ROLE)] = group.child(j)
        return items

    def visible_page_ids(self) -> list[str]:
        return [page_id for page_id, item in self.page_items().items() if not item.isHidden()]

    # ---- opening pages -------------------------------------------------------------------------
    def show_page(self, page_id: str) -> bool:
        """Show the page ``page_id`` (False when there is none)."""
        self.reload()
        assert self.guide is not None
        if not self.guide.has_page(page_id):
            return False
        item = self.page_items()[page_id]
        if item.isHidden():
            self.search.clear()
        self.tree.setCurrentItem(item)  # renders it through currentItemChanged
        if self.current_page is None or self.current_page.id != page_id:
            self._render(self.guide.page(page_id))
        return True

    def open_topic(self, topic: str) -> bool:
        """Show the page about ``topic`` ("layer:ReLU", "optimizer:adam", ...); False when none."""
        self.reload()
        assert self.guide is not None
        page = self.guide.page_for_topic(topic)
        return page is not None and self.show_page(page.id)

    def present(self) -> None:
        """Show the window in front."""
        self.reload()
        self._request_optimizer_paths()  # ready by the time someone opens an optimiser page
        if self.current_page is None and self.guide is not None and self.guide.pages:
            self.show_page(self.guide.pages[0].id)
        self.show()
        self.raise_()
        self.activateWindow()

    # ---- rendering -----------------------------------------------------------------------------
    def _render(self, page: GuidePage) -> None:
        self.current_page = page
        self.browser.setHtml(self.page_html(page))
        self._draw_plot(page)
        self.page_shown.emit(page.id)

    def page_html(self, page: GuidePage) -> str:
        # The examples' titles are translated with the UI (the "Examples" context of the .ts).
        titles = {e.name: QCoreApplication.translate("Examples", e.title) for e in list_examples()}
        assert self.guide is not None
        labels = self.guide.labels
        parts = [
            f"<h2>{html.escape(page.title)}</h2>",
            f"<p>{html.escape(page.summary)}</p>",
            # The formula is the data file's own rich text (sub/superscripts, italics): not escaped.
            "<table cellpadding='8' width='100%' style='margin: 6px 0;'><tr><td style='font-family: serif;"
            f" font-size: 15pt;'>{page.formula}</td></tr></table>",
            f"<h4>{html.escape(labels['when'])}</h4>",
            f"<p>{html.escape(page.when)}</p>",
        ]
        if page.example:
            label = labels["open_example"].format(title=titles.get(page.example, page.example))
            parts.append(f"<p>▶ <a href='example:{page.example}'>{html.escape(label)}</a></p>")
        return "".join(parts)

    def _draw_plot(self, page: GuidePage) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        legend = item.legend
        if legend is not None:
            legend.clear()
        self.curve_items = {}
        self.plot_box.setVisible(bool(page.plot))
        if not page.plot:
            return
        if page.plot == "optimizers":
            self._draw_optimizer_paths()
            return
        curves = plot_curves(page.plot)
        family = page.plot.partition(":")[0]
        names = {
            "f": "f(x)",
            "derivative": "f′(x)",
            "loss": self.tr("loss"),
            "gradient": self.tr("gradient"),
            "penalty": self.tr("penalty"),
            "target 1": self.tr("target y = 1"),
            "target 0": self.tr("target y = 0"),
        }
        for index, (key, (x, y)) in enumerate(curves.items()):
            style = Qt.PenStyle.DashLine if key in ("derivative", "gradient") else Qt.PenStyle.SolidLine
            pen = pg.mkPen(CURVE_COLORS[index % len(CURVE_COLORS)], width=2, style=style)
            self.curve_items[key] = item.plot(x, y, pen=pen, name=names.get(key, key))
        axes = {
            "activation": (self.tr("input x"), self.tr("output")),
            "loss": (
                self.tr("predicted probability p") if page.id in ("cross_entropy", "bce") else self.tr("prediction ŷ"),
                self.tr("loss"),
            ),
            "penalty": (self.tr("weight w"), self.tr("penalty")),
        }[family]
        item.setLabel("bottom", axes[0])
        item.setLabel("left", axes[1])
        captions = {
            "activation": self.tr(
                "Solid: the function. Dashed: its derivative, the factor backpropagation multiplies by."
            ),
            "loss": self.tr("The loss of one sample against the prediction (target y = 1) and its gradient."),
            "penalty": self.tr("The penalty one weight adds to the loss (λ = 1), and its gradient."),
        }
        if page.id == "softmax":
            captions["activation"] = self.tr("Two classes with scores (x, 0): the first class's probability.")
        if page.id == "bce":
            captions["loss"] = self.tr("The loss against the predicted probability, for each target.")
        if page.id == "cross_entropy":
            captions["loss"] = self.tr("The loss against the probability given to the true class.")
        self.plot_caption.setText(captions[family])
        item.enableAutoRange()

    @property
    def paths_ready(self) -> bool:
        return _optimizer_paths is not None

    def _request_optimizer_paths(self) -> None:
        if _optimizer_paths is None and not self._paths_pending:
            self._paths_pending = True
            self.background.submit(_compute_optimizer_paths, self._on_paths_computed, self._on_paths_failed)

    def _on_paths_computed(self, paths: dict[str, np.ndarray]) -> None:
        global _optimizer_paths
        _optimizer_paths = paths
        self._paths_pending = False
        if self.current_page is not None and self.current_page.plot == "optimizers":
            self._draw_plot(self.current_page)

    def _on_paths_failed(self, error: Exception) -> None:
        self._paths_pending = False
        log.error("could not compute the optimiser paths", exc_info=error)
        if self.current_page is not None and self.current_page.plot == "optimizers":
            self.plot_caption.setText(
                self.tr("The optimisers' paths could not be computed: {error}").format(error=error)
            )

    def _draw_optimizer_paths(self) -> None:
        from netbuilder.training.trajectories import BOWL_CURVATURE

        item = self.plot.getPlotItem()
        a, b = BOWL_CURVATURE
        t = np.linspace(0, 2 * np.pi, 121)
        contour_pen = pg.mkPen((150, 150, 150), width=1)
        for level in (0.5, 2.0, 5.0, 10.0, 20.0):
            item.plot(np.sqrt(2 * level / a) * np.cos(t), np.sqrt(2 * level / b) * np.sin(t), pen=contour_pen)
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        item.enableAutoRange()
        if _optimizer_paths is None:
            self.plot_caption.setText(self.tr("Computing the optimisers' paths…"))
            self._request_optimizer_paths()
            return
        names = {"SGD": "SGD", "SGD + momentum": self.tr("SGD + momentum"), "Adam": "Adam"}
        for index, (name, path) in enumerate(_optimizer_paths.items()):
            color = CURVE_COLORS[index % len(CURVE_COLORS)]
            self.curve_items[name] = item.plot(
                path[:, 0],
                path[:, 1],
                pen=pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=4,
                symbolBrush=color,
                symbolPen=None,
                name=names.get(name, name),
            )
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        self.plot_caption.setText(
            self.tr(
                "40 steps of each optimiser from the same start on the loss ½(x² + 10y²); the minimum is at (0, 0)."
            )
        )
        item.enableAutoRange()

    # ---- slots ---------------------------------------------------------------------------------
    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        page_id = current.data(0, PAGE_ROLE) if current is not None else None
        if page_id and self.guide is not None:
            self._render(self.guide.page(page_id))

    def _on_search_text_changed(self, text: str) -> None:
        assert self.guide is not None
        matches = {page.id for page in self.guide.search(text)}
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                child = group.child(j)
                child.setHidden(child.data(0, PAGE_ROLE) not in matches)
                shown += not child.isHidden()
            group.setHidden(shown == 0)

    def _on_search_return_pressed(self) -> None:
        visible = self.visible_page_ids()
        if visible:
            self.show_page(visible[0])

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "example":
            self.example_requested.emit(target)
        elif scheme == "guide":
            self.show_page(target)
        else:
            log.warning("guide link with unknown target: %s", url.toString())
