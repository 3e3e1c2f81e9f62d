"""Print charts of analysis results that are not lines over time: a policy map's heat map with
contours and colour bar, and horizontal bars (ranked indices, tornado swings).

Both are PrintCharts: title, subtitle, axes, legend and footnote are laid out the same way as
every exported chart; only what is drawn under the curves and the legend differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from windfall.gui.render.chart import ENTRY_GAP, GAP, SAMPLE_LENGTH, PrintChart
from windfall.gui.render.chart_spec import ChartSpec
from windfall.gui.render.chart_style import INK, LEGEND_PT, MUTED, TICK_PT, tick_labels
from windfall.gui.render.chart_text import nice_step

# Viridis: perceptually even, readable with colour-vision deficiencies and in greyscale.
VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
BAR_HEIGHT = 10.0


@dataclass
class HeatMapSpec(ChartSpec):
    """`values[iy, ix]` at grid points `xs` x `ys`; curves (contours, a start point) on top."""

    xs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ys: np.ndarray = field(default_factory=lambda: np.zeros(0))
    values: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    colour_label: str = ""


@dataclass
class BarSeries:
    """One set of horizontal bars, a bar per category from `starts[k]` to `ends[k]`."""

    label: str
    starts: np.ndarray
    ends: np.ndarray
    colour: str


@dataclass
class BarSpec(ChartSpec):
    """Categories top to bottom, one band each holding a bar of every series."""

    categories: list[str] = field(default_factory=list)
    series: list[BarSeries] = field(default_factory=list)
    reference: float | None = None  # a vertical line (a tornado's base value)


def colour_at(share: np.ndarray) -> np.ndarray:
    """RGB (0-255) of shares 0..1 along viridis."""
    anchors = np.array([QtGui.QColor(c).getRgb()[:3] for c in VIRIDIS], float)
    where = np.clip(np.nan_to_num(share, nan=0.0), 0, 1) * (len(VIRIDIS) - 1)
    low = np.minimum(where.astype(int), len(VIRIDIS) - 2)
    frac = (where - low)[..., None]
    return anchors[low] * (1 - frac) + anchors[low + 1] * frac


def _half_steps(values: np.ndarray) -> tuple[float, float]:
    step = (values[-1] - values[0]) / max(len(values) - 1, 1)
    return float(values[0] - step / 2), float(values[-1] + step / 2)


class PrintHeatMap(PrintChart):
    """A heat map of cells centred on the grid points, contours over it, colour bar below."""

    spec: HeatMapSpec

    def _x_range(self) -> tuple[float, float]:
        return _half_steps(self.spec.xs)

    def _y_range(self, curves) -> tuple[float, float]:
        return _half_steps(self.spec.ys)

    def _plot(self, rect, curves, time_labels):
        plot = super()._plot(rect, curves, time_labels)
        plot.showGrid(x=False, y=False)
        return plot

    def _underlay(self, plot: pg.PlotItem, group: int) -> None:
        values = np.asarray(self.spec.values, float)
        low, high = _finite_range(values)
        rgb = colour_at((values - low) / (high - low or 1.0))[::-1]  # image rows run downwards
        rows, cols = values.shape
        data = np.ascontiguousarray(np.dstack([rgb, np.full((rows, cols), 255.0)]).astype(np.uint8))
        image = QtGui.QImage(data.data, cols, rows, 4 * cols, QtGui.QImage.Format.Format_RGBA8888)
        box = plot.vb.sceneBoundingRect()
        item = QtWidgets.QGraphicsPixmapItem(QtGui.QPixmap.fromImage(image.copy()))
        item.setTransformationMode(QtCore.Qt.TransformationMode.FastTransformation)
        item.setTransform(QtGui.QTransform.fromScale(box.width() / cols, box.height() / rows))
        item.setPos(box.topLeft())
        item.setZValue(5)
        self.scene.addItem(item)

    def _legend(self, width: float):
        """The colour bar with its scale, then the curves' entries."""
        values = np.asarray(self.spec.values, float)
        low, high = _finite_range(values)
        label = self._text([self.spec.colour_label], LEGEND_PT)
        bar_left = label.width + 8
        bar_width = max(80.0, min(width - bar_left, 320.0))
        gradient = QtGui.QLinearGradient(0, 0, bar_width, 0)
        for k, colour in enumerate(VIRIDIS):
            gradient.setColorAt(k / (len(VIRIDIS) - 1), QtGui.QColor(colour))
        bar = QtWidgets.QGraphicsRectItem(0, 0, bar_width, BAR_HEIGHT)
        bar.setBrush(QtGui.QBrush(gradient))
        bar.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.scene.addItem(bar)
        placed = [(label, (0.0, 0.0)), (bar, (bar_left, (label.height - BAR_HEIGHT) / 2))]
        step = nice_step(high - low, 4)
        ticks = [v for v in np.arange(np.ceil(low / step) * step, high + step / 2, step)]
        for value, text in zip(ticks, tick_labels(ticks, step), strict=True):
            tick = self._text([text], TICK_PT, MUTED)
            share = (value - low) / (high - low or 1.0)
            x = bar_left + share * bar_width - tick.width / 2
            placed.append((tick, (x, label.height + 1)))
        top = label.height + 1 + tick.height + GAP if ticks else label.height + GAP
        entries, height = super()._legend(width)
        placed += [(item, (dx, dy + top)) for item, (dx, dy) in entries]
        return placed, top + height


def _finite_range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    return float(finite.min()), float(finite.max())


class PrintBars(PrintChart):
    """Horizontal bars, categories named on the left axis, the first one on top."""

    spec: BarSpec

    def _x_range(self) -> tuple[float, float]:
        ends = [np.concatenate([s.starts, s.ends]) for s in self.spec.series]
        values = np.concatenate([*ends, [0.0] if self.spec.reference is None else []])
        if self.spec.reference is not None:
            values = np.append(values, self.spec.reference)
        values = values[np.isfinite(values)]
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        pad = (high - low) * 0.05 or 1.0
        return (low if low == 0.0 else low - pad), high + pad

    def _y_range(self, curves) -> tuple[float, float]:
        return -0.5, len(self.spec.categories) - 0.5

    def _plot(self, rect, curves, time_labels):
        plot = super()._plot(rect, curves, time_labels)
        count = len(self.spec.categories)
        ticks = [(count - 1 - k, name) for k, name in enumerate(self.spec.categories)]
        plot.getAxis("left").setTicks([ticks])
        plot.showGrid(x=True, y=False, alpha=0.18)
        self._settle(plot)
        return plot

    def _underlay(self, plot: pg.PlotItem, group: int) -> None:
        to_page = plot.vb.childGroup.sceneTransform()
        count, series = len(self.spec.categories), self.spec.series
        band = 0.8 / max(len(series), 1)
        for s, bars in enumerate(series):
            for k in range(count):
                centre = count - 1 - k + 0.4 - band * (s + 0.5)
                a, b = float(bars.starts[k]), float(bars.ends[k])
                if not (np.isfinite(a) and np.isfinite(b)):
                    continue
                top_left = to_page.map(QtCore.QPointF(min(a, b), centre + band * 0.45))
                bottom_right = to_page.map(QtCore.QPointF(max(a, b), centre - band * 0.45))
                item = QtWidgets.QGraphicsRectItem(QtCore.QRectF(top_left, bottom_right))
                item.setBrush(QtGui.QColor(bars.colour))
                item.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
                item.setZValue(5)
                self.scene.addItem(item)
        if self.spec.reference is not None:
            self._reference_line(plot, to_page)

    def _reference_line(self, plot: pg.PlotItem, to_page: QtGui.QTransform) -> None:
        low, high = self._y_range([])
        a = to_page.map(QtCore.QPointF(self.spec.reference, low))
        b = to_page.map(QtCore.QPointF(self.spec.reference, high))
        line = QtWidgets.QGraphicsLineItem(QtCore.QLineF(a, b))
        pen = QtGui.QPen(QtGui.QColor(INK))
        pen.setWidthF(1.2)
        pen.setCosmetic(False)
        line.setPen(pen)
        line.setZValue(6)
        self.scene.addItem(line)

    def _legend(self, width: float):
        """A filled square and the label of each bar series, in equal columns."""
        labels = [self._text([s.label], LEGEND_PT) for s in self.spec.series]
        if not labels:
            return [], 0.0
        column = max(SAMPLE_LENGTH + 6 + label.width for label in labels) + ENTRY_GAP
        columns = max(1, min(len(labels), int((width + ENTRY_GAP) // column)))
        row_height = labels[0].height + 2
        placed = []
        for i, (bars, label) in enumerate(zip(self.spec.series, labels, strict=True)):
            x, y = (i % columns) * column, (i // columns) * row_height
            sample = QtWidgets.QGraphicsRectItem(0, -5, SAMPLE_LENGTH * 0.6, 10)
            sample.setBrush(QtGui.QColor(bars.colour))
            sample.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
            self.scene.addItem(sample)
            placed.append((sample, (x, y + label.height / 2)))
            placed.append((label, (x + SAMPLE_LENGTH + 6, y)))
        rows = (len(labels) + columns - 1) // columns
        return placed, rows * row_height - 2


def chart_class(spec: ChartSpec) -> type[PrintChart]:
    """The print chart that draws `spec`."""
    if isinstance(spec, HeatMapSpec):
        return PrintHeatMap
    if isinstance(spec, BarSpec):
        return PrintBars
    return PrintChart
