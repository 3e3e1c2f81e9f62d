"""The strip under a plot naming its curves: a sample of each curve's pen, then its text.

Entries flow onto as many lines as the width needs and the strip asks for that height (its
height for its width), so no entry is cut off while the plot above can give up room; an entry
wider than a whole line has its text elided. The pen sample is drawn with the curve's own pen,
so colour and dash read exactly as on the plot.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

SAMPLE_WIDTH = 22  # the pen sample's length
SAMPLE_GAP = 4  # between a sample and its text
ENTRY_GAP = 14  # between entries on a line
MARGINS = (6, 2, 6, 4)  # left, top, right, bottom
TEXT_COLOUR = "#333333"


@dataclass(frozen=True)
class LegendEntry:
    """One item of the strip: a pen sample and its text; `new_line` starts a fresh line."""

    text: str
    pen: QPen
    new_line: bool = False


@dataclass(frozen=True)
class PlacedEntry:
    entry: LegendEntry
    rect: QRect  # the whole entry, sample included, in the strip's coordinates
    shown: str  # the text as drawn (elided when the entry is wider than a line)


class PlotLegend(QWidget):
    """Flowing legend under a plot, as tall as its entries need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plotLegend")
        self.entries: list[LegendEntry] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_entries(self, entries: list[LegendEntry]) -> None:
        if entries == self.entries:
            return
        self.entries = list(entries)
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """Every entry's full text, for tests and accessibility."""
        return "   ".join(e.text for e in self.entries)

    def place(self, width: int) -> list[PlacedEntry]:
        """Where each entry goes at `width`: left to right, wrapping between entries."""
        left, top, right, _bottom = MARGINS
        usable = max(1, width - left - right)
        metrics = self.fontMetrics()
        line_height = metrics.height()
        sample = SAMPLE_WIDTH + SAMPLE_GAP
        x, y, placed = left, top, []
        for entry in self.entries:
            room = max(1, usable - sample)
            shown = metrics.elidedText(entry.text, Qt.TextElideMode.ElideRight, room)
            needed = sample + metrics.horizontalAdvance(shown)
            if x > left and (entry.new_line or x + needed > left + usable):
                x, y = left, y + line_height
            placed.append(PlacedEntry(entry, QRect(x, y, needed, line_height), shown))
            x += needed + ENTRY_GAP
        return placed

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        placed = self.place(width)
        bottom = (
            placed[-1].rect.bottom() + 1 if placed else MARGINS[1] + self.fontMetrics().height()
        )
        return bottom + MARGINS[3]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        width = max(self.width(), 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # One line: the layout gives the height for the width where it can, but a window made
        # very small must not be held open by its legends.
        return QSize(SAMPLE_WIDTH * 2, MARGINS[1] + self.fontMetrics().height() + MARGINS[3])

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for item in self.place(self.width()):
            rect = item.rect
            pen = QPen(item.entry.pen)
            pen.setCosmetic(True)
            painter.setPen(pen)
            mid = rect.center().y() + 0.5
            painter.drawLine(QLineF(rect.left(), mid, rect.left() + SAMPLE_WIDTH, mid))
            text_left = rect.left() + SAMPLE_WIDTH + SAMPLE_GAP
            painter.setPen(QColor(TEXT_COLOUR))
            text_rect = QRect(text_left, rect.top(), rect.right() - text_left + 1, rect.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, item.shown)
