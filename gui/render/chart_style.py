"""The print look shared by exported charts and briefing packs: font, sizes, colours, dashes.

Sizes are in logical pixels at 96 DPI (the resolution every exporter renders at), so one
point is 96/72 logical pixels whatever the output device.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6 import QtGui

from windfall.resources import RESOURCES_DIR

FONT_DIR = RESOURCES_DIR / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
LOGICAL_DPI = 96.0
PX_PER_PT = LOGICAL_DPI / 72.0

TITLE_PT = 13.0
SUBTITLE_PT = 10.0
LABEL_PT = 9.0
TICK_PT = 8.5
LEGEND_PT = 9.0
FOOTNOTE_PT = 7.0

INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#d9d9d9"
BACKGROUND = "#ffffff"
LINE_WIDTH = 2.0  # logical px (1.5 pt)
AXIS_WIDTH = 1.0

# Okabe-Ito colours: distinct for readers with colour-vision deficiencies, and in greyscale
# print they still differ by dash.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Dash patterns in units of line width, one per scenario: solid, dash, dot, dash-dot, long dash.
DASHES: tuple[tuple[float, ...], ...] = ((), (5, 2.5), (1, 2), (6, 2, 1, 2), (10, 3))


@cache
def font_family() -> str:
    """Register the shipped DejaVu Sans once; every exported text uses it by name."""
    family = FALLBACK_FAMILY
    for name in FONT_FILES:
        font_id = QtGui.QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        families = QtGui.QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    return family


def print_font(points: float, bold: bool = False) -> QtGui.QFont:
    """A pixel-sized font: the same size on a 96-DPI PDF page and a 300-DPI image."""
    font = QtGui.QFont(font_family())
    font.setPixelSize(max(1, round(points * PX_PER_PT)))
    font.setBold(bold)
    # Unhinted glyphs scale linearly, so text measured at 96 DPI fits when drawn at 300.
    font.setHintingPreference(QtGui.QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    return font


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def dash(index: int) -> tuple[float, ...]:
    return DASHES[index % len(DASHES)]


def _decimals(spacing: float) -> int:
    """Fewest digits after the point that print every multiple of `spacing` exactly."""
    if spacing <= 0 or not math.isfinite(spacing):
        return 0
    for digits in range(0, 10):
        if abs(round(spacing, digits) - spacing) <= spacing * 1e-6:
            return digits
    return 10


_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))


def tick_labels(values: list[float], spacing: float, grouping: bool = True) -> list[str]:
    """Readable tick labels: thousands separators, M/B/T suffixes for big numbers, a bare 0.

    Without `grouping` (years on a time axis) numbers print plainly: 2030, not 2,030.
    """
    biggest = max((abs(v) for v in values), default=0.0)
    sep = "," if grouping else ""
    scale, suffix, digits = 1.0, "", _decimals(spacing)
    for big, letter in _SCALES if grouping else ():
        if biggest >= big:
            scale, suffix, digits = big, letter, _decimals(spacing / big)
            break
    if not suffix and 0 < biggest < 1e-3:
        return [_clean(f"{v:.2e}") if v else "0" for v in values]
    zero = abs(spacing) * 1e-9
    return [
        _clean(f"{v / scale:{sep}.{digits}f}") + suffix if abs(v) > zero else "0" for v in values
    ]


def _clean(text: str) -> str:
    """Print a true minus sign and no negative zero."""
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]
    return text.replace("-", "\u2212")
