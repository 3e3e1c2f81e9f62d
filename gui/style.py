"""What plots, panels and exports share: the variable drag payload, colours and scenario dashes."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt

MIME_VARIABLE = "application/x-windfall-variable"
CURRENT = "current"
# A colour-blind-safe palette (Okabe-Ito, then Tableau) for variables; scenarios vary the dash.
COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
    "#56B4E9", "#8C564B", "#7F7F7F", "#BCBD22", "#000000",
)  # fmt: skip
KEY_COLOUR = "#555555"  # the scenario key shows dashes alone, in a neutral colour
DASH_STYLES = {  # a scenario's dash, by the name scenario files and workspaces use
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}
DASHES = tuple(DASH_STYLES.values())  # by scenario order where none was chosen


def variable_mime(name: str) -> QMimeData:
    """Drag payload carrying a variable name between the browser and plot panels."""
    mime = QMimeData()
    mime.setData(MIME_VARIABLE, name.encode("utf-8"))
    mime.setText(name)
    return mime
