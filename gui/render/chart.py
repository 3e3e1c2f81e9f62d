"""A print-quality chart built from a ChartSpec in its own pyqtgraph scene.

It shares nothing with the live window's plots, so the command line and the app's export
actions draw the same chart. Layout is in logical pixels at 96 DPI. Curves are paths in page
coordinates with real (non-cosmetic) pens, so line widths scale with the output: right at 300
DPI, and a plain stroke width in SVG rather than a screen-pixel "non-scaling" one.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from windfall.core.errors import WindfallError
from windfall.gui.render.chart_spec import ChartSpec, Curve
from windfall.gui.render.chart_style import (
    AXIS_WIDTH,
    BACKGROUND,
    FOOTNOTE_PT,
    INK,
    LABEL_PT,
    LEGEND_PT,
    LINE_WIDTH,
    MUTED,
    SUBTITLE_PT,
    TICK_PT,
    TITLE_PT,
    print_font,
)
from windfall.gui.render.chart_text import (
    ALIGN_CENTER,
    ALIGN_LEFT,
    PrintAxis,
    PrintText,
    wrap_lines,
)

MARGIN = 14.0
GAP = 6.0
SAMPLE_LENGTH = 26.0
ENTRY_GAP = 16.0
MAX_FOOTNOTE_LINES = 4
MIN_PLOT_HEIGHT = 60.0
DOT_RADIUS = 2.6


def curve_pen(curve: Curve) -> QtGui.QPen:
    """The pen of a curve and of its legend sample, in page units."""
    pen = QtGui.QPen(QtGui.QColor(curve.colour))
    pen.setWidthF(LINE_WIDTH)
    pen.setCosmetic(False)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if curve.dash:
        pen.setDashPattern(list(curve.dash))
    return pen


def dots(xs, ys, radius: float = DOT_RADIUS) -> QtGui.QPainterPath:
    """Filled circles at the finite points, for observations."""
    path = QtGui.QPainterPath()
    for x, y in zip(xs, ys, strict=True):
        if np.isfinite(x) and np.isfinite(y):
            path.addEllipse(QtCore.QPointF(float(x), float(y)), radius, radius)
    return path


def _elide(text: str, font: QtGui.QFont, width: float) -> str:
    metrics = QtGui.QFontMetricsF(font)
    return metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, width)


def y_range(curves: list[Curve]) -> tuple[float, float]:
    """Data range padded 5%; starts at zero when the data sit well above it, so it isn't
    exaggerated."""
    values = np.concatenate([c.y[np.isfinite(c.y)] for c in curves] or [np.zeros(1)])
    lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    if lo == hi:
        span = abs(lo) * 0.1 or 1.0
        return lo - span, hi + span
    if 0.0 <= lo <= 0.35 * hi:
        lo = 0.0
    pad = (hi - lo) * 0.05
    # A hair below zero keeps the zero tick (pyqtgraph drops a tick on the very edge).
    return (lo - pad / 10 if lo == 0.0 else lo - pad), hi + pad


class PrintChart:
    """Title, subtitle, plot with units, legend and footnote laid out on a white page."""

    def __init__(self, spec: ChartSpec, width: float, height: float):
        self.spec = spec
        self.size = QtCore.QSizeF(width, height)
        self.texts: list[PrintText] = []
        self.view = pg.GraphicsView(background=None)
        self.view.resize(int(np.ceil(width)), int(np.ceil(height)))
        self.view.setSceneRect(QtCore.QRectF(0, 0, width, height))
        self.scene = self.view.scene()
        self._layout()

    def _text(self, lines, points, colour=INK, bold=False, width=None, align=None) -> PrintText:
        font = print_font(points, bold)
        kwargs = {"align": align} if align is not None else {}
        item = PrintText(lines, font, colour, width, **kwargs)
        self.scene.addItem(item)
        self.texts.append(item)
        return item

    def _layout(self) -> None:
        width, height = self.size.width(), self.size.height()
        inner = width - 2 * MARGIN
        top = self._header(inner)
        lines = wrap_lines(self.spec.footnote, print_font(FOOTNOTE_PT), inner)
        if len(lines) > MAX_FOOTNOTE_LINES:  # the full provenance is in the data export
            lines = lines[:MAX_FOOTNOTE_LINES]
            lines[-1] = _elide(lines[-1] + " \u2026", print_font(FOOTNOTE_PT), inner - 1)
        foot = self._text(lines, FOOTNOTE_PT, MUTED)
        foot.setPos(MARGIN, height - MARGIN - foot.height)
        # Flush with the title and footnote: the full width fits more legend columns.
        legend, legend_height = self._legend(inner)
        legend_top = foot.y() - GAP - legend_height
        x_label = self._text([self.spec.x_label], LABEL_PT, align=ALIGN_CENTER)
        stacked = len(self.spec.y_labels) > 1
        align = ALIGN_LEFT if stacked else ALIGN_CENTER
        y_labels = [self._text([t], LABEL_PT, align=align) for t in self.spec.y_labels]
        line = y_labels[0].height + 2
        # Stacked plots carry their label as a heading (a rotated one would not fit).
        plot_left = MARGIN if stacked else MARGIN + line
        plot_bottom = legend_top - GAP - x_label.height
        # The last time label is centred on the plot's right edge: leave room for its half.
        right = MARGIN + self._half_last_tick()
        area = QtCore.QRectF(plot_left, top, width - right - plot_left, plot_bottom - top)
        if area.height() < MIN_PLOT_HEIGHT * len(y_labels):
            raise WindfallError(
                None,
                f"{len(self.spec.curves)} curves and their legend leave no room for the plot: "
                "export a larger chart or plot fewer variables or scenarios",
            )
        self.plots = self._stack(area, line if stacked else 0.0)
        self._place_y_labels(y_labels, stacked, line)
        box = self.plots[-1].vb.sceneBoundingRect()
        x_label.width = box.width()
        x_label.setPos(box.left(), plot_bottom + 2)
        for item, (dx, dy) in legend:
            item.setPos(MARGIN + dx, legend_top + dy)

    def _half_last_tick(self) -> float:
        last = self._x_range()[1]
        metrics = QtGui.QFontMetricsF(print_font(TICK_PT))
        return metrics.horizontalAdvance(f"{last:g}") / 2

    def _place_y_labels(self, labels: list[PrintText], stacked: bool, line: float) -> None:
        """Headings above stacked plots; a single plot's label runs up its left side."""
        for plot, label in zip(self.plots, labels, strict=True):
            box = plot.vb.sceneBoundingRect()
            if stacked:
                label.setPos(box.left(), plot.geometry().top() - line)
                continue
            label.width = box.height()
            label.lines = [_elide(label.lines[0], label.font, box.height())]
            label.setRotation(-90)
            label.setPos(MARGIN, box.bottom())

    def _stack(self, area: QtCore.QRectF, heading: float) -> list[pg.PlotItem]:
        """One plot per unit group, stacked over a shared time axis, left edges aligned."""
        count = len(self.spec.y_labels)
        each = (area.height() - GAP * (count - 1)) / count
        plots = []
        for g in range(count):
            top = area.top() + g * (each + GAP) + heading
            rect = QtCore.QRectF(area.left(), top, area.width(), each - heading)
            curves = [c for c in self.spec.curves if c.group == g]
            plots.append(self._plot(rect, curves, g == count - 1))
        widest = max(plot.getAxis("left").width() for plot in plots)
        for plot in plots:
            plot.getAxis("left").setWidth(widest)
            plot.layout.activate()
        self.scene.prepareForPaint()
        for g, plot in enumerate(plots):
            self._underlay(plot, g)
            self._curves(plot, [c for c in self.spec.curves if c.group == g])
        return plots

    def _x_range(self) -> tuple[float, float]:
        xs = np.concatenate([c.x[np.isfinite(c.x)] for c in self.spec.curves])
        return float(xs.min()), float(xs.max())

    def _y_range(self, curves: list[Curve]) -> tuple[float, float]:
        return y_range(curves)

    def _underlay(self, plot: pg.PlotItem, group: int) -> None:
        """What a chart draws under its curves (a heat map, bars); a line chart has none."""

    def _header(self, inner: float) -> float:
        lines = wrap_lines(self.spec.title, print_font(TITLE_PT, bold=True), inner)
        title = self._text(lines, TITLE_PT, bold=True)
        title.setPos(MARGIN, MARGIN)
        bottom = title.y() + title.height
        if self.spec.subtitle:
            lines = wrap_lines(self.spec.subtitle, print_font(SUBTITLE_PT), inner)
            sub = self._text(lines, SUBTITLE_PT, MUTED)
            sub.setPos(MARGIN, bottom + 1)
            bottom = sub.y() + sub.height
        return bottom + GAP * 2

    def _legend(self, width: float):
        """Entries (line sample + label) in equal columns; offsets relative to the legend.
        A curve without a label repeats one already shown (on another stacked plot)."""
        curves = [curve for curve in self.spec.curves if curve.label]
        labels = [self._text([curve.label], LEGEND_PT) for curve in curves]
        if not labels:
            return [], 0.0
        column = max(SAMPLE_LENGTH + 6 + label.width for label in labels) + ENTRY_GAP
        columns = max(1, min(len(labels), int((width + ENTRY_GAP) // column)))
        row_height = labels[0].height + 2
        placed = []
        for i, (curve, label) in enumerate(zip(curves, labels, strict=True)):
            x, y = (i % columns) * column, (i // columns) * row_height
            if curve.points:
                sample = QtWidgets.QGraphicsPathItem(dots([SAMPLE_LENGTH / 2], [0.0]))
                sample.setBrush(QtGui.QColor(curve.colour))
                sample.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
            else:
                sample = QtWidgets.QGraphicsLineItem(0, 0, SAMPLE_LENGTH, 0)
                sample.setPen(curve_pen(curve))
            self.scene.addItem(sample)
            placed.append((sample, (x, y + label.height / 2)))
            placed.append((label, (x + SAMPLE_LENGTH + 6, y)))
        rows = (len(labels) + columns - 1) // columns
        return placed, rows * row_height - 2

    def _plot(self, rect: QtCore.QRectF, curves: list[Curve], time_labels: bool) -> pg.PlotItem:
        axes = {side: PrintAxis(side, TICK_PT) for side in ("left", "bottom")}
        plot = pg.PlotItem(axisItems=axes)
        self.scene.addItem(plot)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(False, False)
        plot.vb.setBackgroundColor(None)
        for axis in axes.values():
            axis.setPen(pg.mkPen(INK, width=AXIS_WIDTH))
            axis.setTextPen(pg.mkPen(INK))
        plot.showGrid(x=False, y=True, alpha=0.18)
        axes["bottom"].setStyle(showValues=time_labels)
        plot.setXRange(*self._x_range(), padding=0)
        plot.setYRange(*self._y_range(curves), padding=0)
        plot.setGeometry(rect)
        self._settle(plot)
        return plot

    def _curves(self, plot: pg.PlotItem, curves: list[Curve]) -> None:
        """Each curve as a path in page coordinates, mapped through the settled view box."""
        to_page = plot.vb.childGroup.sceneTransform()
        for curve in curves:
            x = to_page.m11() * curve.x + to_page.m21() * curve.y + to_page.dx()
            y = to_page.m12() * curve.x + to_page.m22() * curve.y + to_page.dy()
            if curve.points:
                item = QtWidgets.QGraphicsPathItem(dots(x, y))
                item.setBrush(QtGui.QColor(curve.colour))
                item.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
            else:
                item = QtWidgets.QGraphicsPathItem(pg.arrayToQPath(x, y, connect="finite"))
                item.setPen(curve_pen(curve))
            item.setZValue(10)
            self.scene.addItem(item)

    def _settle(self, plot: pg.PlotItem) -> None:
        """Draw once off-page so the axes measure their tick labels, then lay out again."""
        scratch = QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32)
        painter = QtGui.QPainter(scratch)
        self.scene.prepareForPaint()
        self.scene.render(painter, QtCore.QRectF(0, 0, 8, 8), self.view.sceneRect())
        painter.end()
        plot.layout.activate()
        self.scene.prepareForPaint()

    def set_outline_text(self, outline: bool) -> None:
        """Draw text as filled outlines (for SVG) or as font glyphs (for PDF and images)."""
        for item in self.texts:
            item.outline = outline
            item.update()
        for plot in self.plots:
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.outline = outline
                axis.update()

    def render(self, painter: QtGui.QPainter, target: QtCore.QRectF | None = None) -> None:
        """Fill the page white, then draw the chart into `target` (default: its own size)."""
        source = QtCore.QRectF(QtCore.QPointF(0, 0), self.size)
        target = target or source
        painter.fillRect(target, QtGui.QColor(BACKGROUND))
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        self.scene.prepareForPaint()
        self.scene.render(painter, target, source)

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
