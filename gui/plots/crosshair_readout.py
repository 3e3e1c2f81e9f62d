"""The crosshair's readout: every curve's value at the hovered time, in a box on the plot.

It floats over the plot beside the crosshair instead of taking the legend's place: a legend
that grew under the pointer shrank the plot away from it, and the plot jumped on every hover.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

GLYPHS = {  # a text sample of each dash, in the curve's colour
    Qt.PenStyle.SolidLine: "━━",
    Qt.PenStyle.DashLine: "– –",
    Qt.PenStyle.DotLine: "···",
    Qt.PenStyle.DashDotLine: "–·–",
}
TEXT_COLOUR = "#24292f"
GAP = 6  # pixels between the crosshair and the box


@dataclass(frozen=True)
class ReadoutRow:
    colour: str
    dash: Qt.PenStyle
    label: str
    value: str


class CrosshairReadout(pg.TextItem):
    """A framed table of values at the top of the plot beside the crosshair, in the scene."""

    def __init__(self) -> None:
        super().__init__(
            anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 235), border=pg.mkPen("#d0d7de")
        )
        font = self.textItem.font()
        font.setPointSizeF(9)  # the legend's size: the box sits over the data
        self.textItem.setFont(font)
        self.setZValue(100)  # above every curve and band
        self.hide()

    def show_rows(self, plot: pg.PlotItem, t: float, title: str, rows: list[ReadoutRow]) -> str:
        """Show `rows` beside time `t`; return them as plain text."""
        cells = [f"<tr><td colspan=3><b>{escape(title)}</b></td></tr>"]
        for row in rows:
            glyph = GLYPHS.get(row.dash, "━━")
            cells.append(
                f"<tr><td style='color:{row.colour}'><b>{glyph}</b>&nbsp;</td>"
                f"<td>{escape(row.label)}&nbsp;&nbsp;</td><td align=right>{row.value}</td></tr>"
            )
        table = "<table cellspacing=0 cellpadding=0 style='color:{}'>{}</table>"
        self.setHtml(table.format(TEXT_COLOUR, "".join(cells)))
        self._place(plot, t)
        self.show()
        return "   ".join([title, *(f"{row.label} {row.value}" for row in rows)])

    def _place(self, plot: pg.PlotItem, t: float) -> None:
        """Beside the crosshair on the side with room, else centred on it within the plot.

        The box lives in the scene, not the view, so a plot narrower than the box lets it
        reach over the axes instead of cutting it off.
        """
        view, bounds = plot.vb, plot.sceneBoundingRect()
        frame = view.sceneBoundingRect()
        at = view.mapViewToScene(QPointF(t, view.viewRange()[1][1])).x()
        width = self.textItem.boundingRect().width()
        if at + GAP + width <= frame.right():
            left = at + GAP
        elif at - GAP - width >= frame.left():
            left = at - GAP - width
        else:
            left = min(max(at - width / 2, bounds.left()), bounds.right() - width)
        self.setPos(left, frame.top())
