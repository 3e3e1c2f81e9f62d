"""Text for print charts that can be drawn as text (PDF, PNG) or as outlines (SVG).

An SVG names its fonts but cannot carry them, so SVG exports draw every glyph as a filled
path: the file then looks the same on a machine without DejaVu Sans. PDF embeds the font and
keeps real, searchable text.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from windfall.gui.render.chart_style import INK, print_font, tick_labels

ALIGN_LEFT = QtCore.Qt.AlignmentFlag.AlignLeft
ALIGN_CENTER = QtCore.Qt.AlignmentFlag.AlignHCenter


def wrap_lines(text: str, font: QtGui.QFont, width: float) -> list[str]:
    """Greedy word wrap of `text` to `width` logical pixels; long words stay whole."""
    metrics = QtGui.QFontMetricsF(font)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def draw_text(
    painter: QtGui.QPainter, rect: QtCore.QRectF, flags: int, text: str, outline: bool
) -> None:
    """Draw one line in `rect` with Qt alignment `flags`, as glyphs or as a filled outline."""
    if not outline:
        painter.drawText(rect, int(flags), text)
        return
    metrics = QtGui.QFontMetricsF(painter.font())
    width = metrics.horizontalAdvance(text)
    if flags & QtCore.Qt.AlignmentFlag.AlignRight:
        x = rect.right() - width
    elif flags & QtCore.Qt.AlignmentFlag.AlignHCenter:
        x = rect.center().x() - width / 2
    else:
        x = rect.left()
    if flags & QtCore.Qt.AlignmentFlag.AlignBottom:
        y = rect.bottom() - metrics.descent()
    elif flags & QtCore.Qt.AlignmentFlag.AlignVCenter:
        y = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
    else:
        y = rect.top() + metrics.ascent()
    path = QtGui.QPainterPath()
    path.addText(QtCore.QPointF(x, y), painter.font(), text)
    painter.fillPath(path, painter.pen().color())


class PrintText(QtWidgets.QGraphicsItem):
    """Lines of text in one font and colour, left-aligned or centred in a given width."""

    def __init__(self, lines, font, colour=INK, width=None, align=ALIGN_LEFT, parent=None):
        super().__init__(parent)
        self.lines = list(lines)
        self.font = font
        self.colour = QtGui.QColor(colour)
        self.align = align
        self.outline = False
        metrics = QtGui.QFontMetricsF(font)
        self.line_height = metrics.lineSpacing()
        natural = max((metrics.horizontalAdvance(t) for t in self.lines), default=0.0)
        self.width = float(width if width is not None else natural)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF(0, 0, self.width, self.height)

    def paint(self, painter, option, widget=None) -> None:
        painter.setFont(self.font)
        painter.setPen(self.colour)
        flags = self.align | QtCore.Qt.AlignmentFlag.AlignVCenter
        for i, text in enumerate(self.lines):
            rect = QtCore.QRectF(0, i * self.line_height, self.width, self.line_height)
            draw_text(painter, rect, flags, text, self.outline)


def nice_step(span: float, most: int, factors=(1.0, 2.0, 2.5, 5.0)) -> float:
    """The smallest factor x 10^k step giving at most `most` intervals over `span`."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (*factors, 10.0):
        if factor * power >= raw * (1 - 1e-9):
            return factor * power
    return 10.0 * power


class PrintAxis(pg.AxisItem):
    """An axis with print tick labels (separators, M/B/T) that can outline its text."""

    def __init__(self, orientation: str, tick_points: float):
        super().__init__(orientation)
        self.outline = False
        self.enableAutoSIPrefix(False)
        self.setStyle(
            tickFont=print_font(tick_points),
            tickTextOffset=4,
            tickLength=-5,
            hideOverlappingLabels=False,  # keep the first and last time labels
        )

    def tickSpacing(self, minVal, maxVal, size):
        """One level of round ticks, about every 40 (y, at least three steps) or 70 (time) px."""
        if self.orientation in ("left", "right"):
            return [(nice_step(maxVal - minVal, max(3, int(size / 40.0))), 0.0)]
        # Time steps of 2.5 (years) read badly: 1-2-5 only.
        return [(nice_step(maxVal - minVal, max(2, int(size / 70.0)), (1.0, 2.0, 5.0)), 0.0)]

    def tickStrings(self, values, scale, spacing):
        grouping = self.orientation in ("left", "right")
        return tick_labels([v * scale for v in values], spacing * scale, grouping)

    def boundingRect(self) -> QtCore.QRectF:
        # With a grid, pyqtgraph's rect stops at the plot's edge and drops a label that
        # sits on it (a zero at the bottom); leave room for half a label either way.
        rect = super().boundingRect()
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -15, 0, 15)
        return rect.adjusted(-15, 0, 15, 0)

    def paint(self, p, opt, widget=None) -> None:
        # Draw straight to the device: a cached QPicture is rescaled by the device's DPI.
        specs = self.generateDrawSpecs(p)
        if specs is not None:
            p.save()
            self.drawPicture(p, *specs)
            p.restore()

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs) -> None:
        pen, p1, p2 = axisSpec
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._page_pen(pen))
        p.drawLine(p1, p2)
        for tick_pen, t1, t2 in tickSpecs:
            p.setPen(self._page_pen(tick_pen))
            p.drawLine(t1, t2)
        p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        for rect, flags, text in textSpecs:
            draw_text(p, rect, int(flags), text, self.outline)

    def _page_pen(self, pen: QtGui.QPen) -> QtGui.QPen:
        """Page-unit pens: a 1 px axis is 1/96 inch on any output, not one device pixel."""
        pen = QtGui.QPen(pen)
        pen.setWidthF(max(pen.widthF(), 1.0))
        pen.setCosmetic(False)
        return pen
