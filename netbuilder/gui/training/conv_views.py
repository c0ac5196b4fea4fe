"""Views of a convolutional network (CNN Explainer's path: overview → one value → its sum): the learned
filters, the feature maps after every Conv/Pool layer for a chosen test image (click a value to see how
it is computed), the saliency map and predicted probabilities, and the misclassified test images.

Each view draws an :class:`~netbuilder.training.runner.inside.ImageFrame` made in the training process;
nothing here runs the model.
"""

from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QComboBox, QLabel, QVBoxLayout, QWidget

from netbuilder.gui.training.plot_style import BACKGROUND, FOREGROUND, qcolor
from netbuilder.gui.training.view_images import (
    PanelView,
    SamplePicker,
    atlas,
    diverging,
    grey,
    image_box,
    set_choices,
    tile_at,
)
from netbuilder.training.probes.conv import ConvStep, conv_step_from_arrays
from netbuilder.training.runner.inside import ImageFrame

log = logging.getLogger(__name__)

ZOOM = 6  # a 3×3 kernel is drawn 18×18 so that a 2-px gap between kernels stays thin
WIDE = 900  # px: from this width on, the explanation of a value sits beside the maps
EXPLAIN_WIDTH = 280
MAP_ROWS = 8  # channels per column of a layer's maps: a wide, short dock holds 8 rows


def softmax(values: np.ndarray) -> np.ndarray:
    z = np.asarray(values, dtype=np.float64)
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def probabilities(frame: ImageFrame) -> np.ndarray:
    return np.asarray(frame.output, dtype=np.float64) if frame.probabilities else softmax(frame.output)


def sample_labels(frame: ImageFrame) -> list[str]:
    names = frame.class_names or [str(i) for i in range(frame.output.shape[-1])]
    return [names[int(k)] if int(k) < len(names) else str(int(k)) for k in frame.labels]


class _FrameView(PanelView):
    """A view of image frames with a sample picker; draws the newest frame that carries its part."""

    VIEW = ""  # the view name (of INSIDE_VIEWS) whose part of a frame this view draws

    def __init__(self, parent: QWidget | None = None) -> None:
        self.picker = SamplePicker()
        super().__init__([self.picker], parent)
        self.frame: ImageFrame | None = None
        self.layout_ = self.graphics.ci
        self.picker.picked.connect(lambda _i: self.redraw())

    @property
    def position(self) -> int:
        return max(0, self.picker.currentIndex())

    def show_frame(self, frame: ImageFrame) -> None:
        if not frame.holds(self.VIEW):  # made while this view was out of sight: keep the last picture
            return
        self.frame = frame
        self.picker.set_samples(frame.samples, sample_labels(frame))
        self.redraw()

    def clear(self) -> None:
        self.frame = None
        self.caption.clear()

    def redraw(self) -> None:
        if self.frame is not None and len(self.frame.samples):
            self.draw(self.frame, min(self.position, len(self.frame.samples) - 1))
            self.updates += 1

    def draw(self, frame: ImageFrame, k: int) -> None:
        raise NotImplementedError

    def prediction_text(self, frame: ImageFrame, k: int) -> str:
        probs = probabilities(frame)[k]
        names = frame.class_names
        best = int(probs.argmax())
        label = int(frame.labels[k])
        ok = "✓" if best == label else "✗"
        name = names[best] if best < len(names) else str(best)
        true = names[label] if label < len(names) else str(label)
        return self.tr("predicted <b>{0}</b> ({1:.0%}) · true {2} {3}").format(name, probs[best], true, ok)


class FiltersView(PanelView):
    """Each Conv2d layer's learned kernels as a grid (orange positive, blue negative weights)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.layer = QComboBox()
        super().__init__([self.layer], parent)
        self.layer.setToolTip(self.tr("The convolution whose filters are shown"))
        self.frame: ImageFrame | None = None
        self.box, self.image = image_box(self.graphics.ci, 0, 0)
        self._geometry = (1, 1, 1, 0)  # (tile h, tile w, columns, count)
        self.image.hovered.connect(self._on_image_hovered)
        self.layer.currentIndexChanged.connect(lambda _i: self.redraw())

    def show_frame(self, frame: ImageFrame) -> None:
        if not frame.holds("filters"):  # made while this view was out of sight: keep the last picture
            return
        self.frame = frame
        set_choices(self.layer, list(frame.filters))
        self.redraw()

    def clear(self) -> None:
        self.frame = None
        self.image.clear()

    def _tiles(self, weights: np.ndarray) -> tuple[np.ndarray, int]:
        """Kernels as tiles: one per filter when it has ≤ 3 input channels (summed), else one row per
        filter (≤ 32) with one tile per input channel (≤ 16)."""
        ins = weights.shape[1]
        if ins <= 3:
            kernels, columns = weights.sum(axis=1), 8
        else:
            shown_in = min(ins, 16)
            kernels, columns = weights[:32, :shown_in].reshape(-1, *weights.shape[2:]), shown_in
        return kernels, columns

    def redraw(self) -> None:
        frame = self.frame
        name = self.layer.currentText()
        if frame is None or name not in frame.filters:
            return
        weights = frame.filters[name]
        kernels, columns = self._tiles(weights)
        rgb = diverging(kernels)
        big = np.repeat(np.repeat(rgb, ZOOM, axis=1), ZOOM, axis=2)
        image, h, w = atlas(big, columns, gap=2)
        self._geometry = (h, w, min(columns, len(kernels)), len(kernels))
        self.image.setImage(image, autoLevels=False, levels=(0, 255))
        self.box.autoRange(padding=0.01)
        out, ins, kh, kw = weights.shape
        self.caption.setText(
            self.tr("{0}: {1} filters of {2}×{3}×{4} · largest |w| = {5:.3f}").format(
                name, out, ins, kh, kw, float(np.abs(weights).max())
            )
        )
        self.updates += 1

    def _on_image_hovered(self, x: float, y: float) -> None:
        h, w, columns, count = self._geometry
        hit = tile_at(x, y, h, w, columns, count, gap=2)
        frame, name = self.frame, self.layer.currentText()
        if hit is None or frame is None or name not in frame.filters:
            return
        index, dy, dx = hit
        kernels, _ = self._tiles(frame.filters[name])
        value = float(kernels[index][dy // ZOOM, dx // ZOOM])
        self.image.setToolTip(
            self.tr("kernel {0}, weight ({1}, {2}) = {3:+.4f}").format(index, dy // ZOOM, dx // ZOOM, value)
        )


class FeatureMapsView(_FrameView):
    """The chosen image, then every Conv/Pool layer's feature maps; click a value to see its sum."""

    VIEW = "feature-maps"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics.setToolTip(self.tr("Click a feature map to see how one of its values is computed."))
        self.explain = QLabel()
        self.explain.setTextFormat(Qt.TextFormat.RichText)
        self.explain.setWordWrap(True)
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.explain.hide()  # until a value is clicked: the maps get the whole width
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeWidget(self.graphics)
        self.body.addWidget(self.graphics, 1)
        self.body.addWidget(self.explain)
        outer.addLayout(self.body, 1)
        self.rows: dict[str, tuple[pg.ViewBox, object, tuple[int, int, int, int]]] = {}
        self._order: list[str] = []
        self.step: ConvStep | None = None

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        # Beside the maps when there is room (a wide dock), under them otherwise (1280-px windows).
        wide = self.width() >= WIDE
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.explain.setMinimumWidth(EXPLAIN_WIDTH if wide else 0)
        self.explain.setMaximumWidth(EXPLAIN_WIDTH if wide else 16_777_215)

    def _build(self, frame: ImageFrame) -> None:
        """One column per layer, left to right as the data flows (CNN Explainer's overview)."""
        self.layout_.clear()
        self.rows.clear()
        names = ["input", *frame.layer_order]
        for i, name in enumerate(names):
            label = name if name == "input" else f"{name} ({frame.channels.get(name, 0)})"
            self.layout_.addLabel(label, row=0, col=i, size="9pt", color=FOREGROUND)
            box, item = image_box(self.layout_, 1, i)
            item.clicked.connect(lambda x, y, layer=name: self._on_map_clicked(layer, x, y))
            self.rows[name] = (box, item, (1, 1, 1, 0))
        self._order = list(frame.layer_order)

    def draw(self, frame: ImageFrame, k: int) -> None:
        if self._order != list(frame.layer_order) or not self.rows:
            self._build(frame)
        image = frame.images[k].astype(np.float32)
        self._set_row("input", grey(image.mean(axis=0))[None], 1)
        for name in frame.layer_order:
            maps = frame.maps[name][k].astype(np.float32)
            self._set_row(name, diverging(maps), max(1, -(-len(maps) // MAP_ROWS)))
        self.caption.setText(self.prediction_text(frame, k))
        if self.step is not None:
            self._explain_step(frame, k, self.step.layer, self.step.channel, self.step.row, self.step.col)

    def _set_row(self, name: str, tiles: np.ndarray, columns: int) -> None:
        box, item, _ = self.rows[name]
        image, h, w = atlas(tiles, columns, gap=1)
        item.setImage(image, autoLevels=False, levels=(0, 255))  # type: ignore[attr-defined]
        self.rows[name] = (box, item, (h, w, min(columns, len(tiles)), len(tiles)))
        box.autoRange(padding=0.01)

    def _on_map_clicked(self, layer: str, x: float, y: float) -> None:
        frame = self.frame
        if frame is None or layer == "input" or layer not in self.rows:
            return
        h, w, columns, count = self.rows[layer][2]
        hit = tile_at(x, y, h, w, columns, count)
        if hit is not None:
            self._explain_step(frame, self.position, layer, *hit)

    def _explain_step(self, frame: ImageFrame, k: int, layer: str, channel: int, row: int, col: int) -> None:
        self.explain.show()
        value = float(frame.maps[layer][k, channel, row, col])
        source = frame.conv_source.get(layer)
        if layer not in frame.filters or source is None:
            self.step = None
            self.explain.setText(
                self.tr("<b>{0}</b>, channel {1}, position ({2}, {3}) = {4:.4f} (a pooling layer: the {5} of "
                        "its window in the layer before)").format(
                    layer, channel, row, col, value, "largest value" if "max" in layer.lower() else "summary")
            )  # fmt: skip
            return
        seen = frame.images[k] if source == "" else frame.maps[source][k]
        if seen.shape[0] != frame.filters[layer].shape[1]:  # not every input channel was sent
            self.explain.setText(self.tr("{0} = {1:.4f}").format(layer, value))
            return
        sh, sw, ph, pw = frame.conv_geometry[layer]
        step = conv_step_from_arrays(
            layer, seen.astype(np.float64), frame.filters[layer][channel], float(frame.biases[layer][channel]),
            (sh, sw), (ph, pw), channel, row, col,
        )  # fmt: skip
        self.step = step
        self.explain.setText(describe_step(step, source or "input", value))


def describe_step(step: ConvStep, source: str, sent: float) -> str:
    """CNN Explainer's last step as text: the 3×3 patch, the kernel, the products and their sum."""
    ins, kh, kw = step.kernel.shape
    first = step.products[0]
    rows = []
    for r in range(kh):
        cells = "".join(
            f"<td align='right'>{step.patch[0, r, c]:.2f}×{step.kernel[0, r, c]:+.2f}</td>" for c in range(kw)
        )
        rows.append(f"<tr>{cells}</tr>")
    per_channel = step.products.reshape(ins, -1).sum(axis=1)
    shown = ", ".join(f"{v:+.3f}" for v in per_channel[:6]) + (" …" if ins > 6 else "")
    text = QCoreApplication.translate(
        "FeatureMapsView",
        "<b>{0}</b>, channel {1}, position ({2}, {3}): Σ over the {4} input channel(s) of {5} of patch × kernel, "
        "+ bias<br>channel 0 of the patch × kernel: <table cellspacing='6'>{6}</table>= {7:+.4f}; per channel: "
        "{8}<br>sum {9:+.4f} + bias {10:+.4f} = <b>{11:+.4f}</b> (the map holds {12:+.4f}; after ReLU: {13:.4f})",
    )
    return text.format(
        step.layer, step.channel, step.row, step.col, ins, source, "".join(rows), float(first.sum()), shown,
        float(step.products.sum()), step.bias, step.total, sent, max(step.total, 0.0),
    )  # fmt: skip


class SaliencyView(_FrameView):
    """The chosen image, its saliency (gradient × input: which pixels pushed the prediction), and the
    predicted probability of every class."""

    VIEW = "saliency"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_.addLabel(self.tr("input"), row=0, col=0, size="9pt", color=FOREGROUND)
        self.layout_.addLabel(self.tr("saliency (gradient × input)"), row=0, col=1, size="9pt", color=FOREGROUND)
        self.input_box, self.input_image = image_box(self.layout_, 1, 0)
        self.saliency_box, self.saliency_image = image_box(self.layout_, 1, 1)
        self.bars_plot = self.layout_.addPlot(row=0, col=2, rowspan=2, title=self.tr("probabilities"))
        # The titles' row as tall as a title: with the plot spanning both rows, it took half the height
        # and left the titles far above their images.
        self.layout_.layout.setRowMaximumHeight(0, 24)
        self.layout_.layout.setRowStretchFactor(1, 1)
        self.bars_plot.setMouseEnabled(x=False, y=False)
        self.bars_plot.setYRange(0, 1, padding=0.02)
        self.bars_plot.hideButtons()
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.bars_plot.addItem(self.bars)
        self.saliency_image.hovered.connect(self._on_saliency_hovered)

    def draw(self, frame: ImageFrame, k: int) -> None:
        self.input_image.setImage(
            grey(frame.images[k].astype(np.float32).mean(axis=0)), autoLevels=False, levels=(0, 255)
        )
        assert frame.saliency is not None  # show_frame draws only frames that carry it
        self.saliency_image.setImage(diverging(frame.saliency[k]), autoLevels=False, levels=(0, 255))
        probs = probabilities(frame)[k]
        label = int(frame.labels[k])
        brushes = [qcolor((46, 125, 50)) if i == label else qcolor((150, 150, 150)) for i in range(len(probs))]
        self.bars.setOpts(x=np.arange(len(probs)), height=probs, width=0.7, brushes=brushes)
        names = frame.class_names
        self.bars_plot.getAxis("bottom").setTicks(
            [[(i, names[i] if i < len(names) else str(i)) for i in range(len(probs))]]
        )
        self.caption.setText(self.prediction_text(frame, k))
        self.input_box.autoRange(padding=0.01)
        self.saliency_box.autoRange(padding=0.01)

    def _on_saliency_hovered(self, x: float, y: float) -> None:
        frame = self.frame
        if frame is None or not len(frame.samples) or frame.saliency is None:
            return
        s = frame.saliency[min(self.position, len(frame.samples) - 1)]
        r, c = int(y), int(x)
        if 0 <= r < s.shape[0] and 0 <= c < s.shape[1]:
            self.saliency_image.setToolTip(self.tr("pixel ({0}, {1}): {2:+.4f}").format(r, c, float(s[r, c])))


class MisclassifiedView(QWidget):
    """The test images the network gets wrong now (true → predicted); click one to look at it."""

    sample_requested = Signal(int)  # a test-set index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame: ImageFrame | None = None
        self.updates = 0
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        self.box, self.image = image_box(self.graphics.ci, 0, 0)
        self.labels: list[pg.TextItem] = []
        self._shown: tuple[int, ...] | None = None
        self._geometry = (1, 1, 1, 0)
        self.image.clicked.connect(self._on_image_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.graphics, 1)
        self.setMinimumHeight(220)

    def show_frame(self, frame: ImageFrame) -> None:
        self.frame = frame
        if frame.mistakes is None or frame.mistake_images is None:
            self.caption.setText(self.tr("Looking for misclassified test images…"))
            return
        shown = tuple(int(i) for i in frame.mistakes)
        if shown == self._shown:
            return
        self._shown = shown
        for label in self.labels:
            self.box.removeItem(label)
        self.labels.clear()
        self.caption.setText(
            self.tr(
                "{0} of the first {1} test images are misclassified now (true → predicted); click one to see it."
            ).format(len(shown), frame.mistakes_checked)
            if shown
            else self.tr("No mistakes among the first {0} test images.").format(frame.mistakes_checked)
        )
        if not shown:
            self.image.clear()
            return
        tiles = np.stack([grey(img.astype(np.float32).mean(axis=0)) for img in frame.mistake_images])
        columns = 8
        image, h, w = atlas(tiles, columns, gap=12)
        self._geometry = (h, w, min(columns, len(tiles)), len(tiles))
        self.image.setImage(image, autoLevels=False, levels=(0, 255))
        names = frame.class_names
        assert frame.mistake_true is not None and frame.mistake_pred is not None
        for i, (t, p) in enumerate(zip(frame.mistake_true, frame.mistake_pred, strict=True)):
            r, c = divmod(i, columns)
            text = pg.TextItem(f"{names[int(t)]}→{names[int(p)]}", color=(198, 40, 40), anchor=(0.5, 0))
            text.setPos(c * (w + 12) + w / 2, r * (h + 12) + h - 1)
            self.box.addItem(text)
            self.labels.append(text)
        self.box.autoRange(padding=0.02)
        self.updates += 1

    def clear(self) -> None:
        self.frame = None
        self._shown = None
        self.image.clear()
        for label in self.labels:
            self.box.removeItem(label)
        self.labels.clear()

    def _on_image_clicked(self, x: float, y: float) -> None:
        h, w, columns, count = self._geometry
        hit = tile_at(x, y, h, w, columns, count, gap=12)
        if hit is not None and self.frame is not None and self.frame.mistakes is not None:
            self.sample_requested.emit(int(self.frame.mistakes[hit[0]]))
