"""The briefing pack as a 16:9 PowerPoint deck: charts as pictures, tables as native tables.

Charts are 200-DPI pictures of the same PrintChart as every export, so they look identical
anywhere; tables stay editable PowerPoint tables in Arial, a font every office machine has.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_bytes_atomic
from windfall.core.version import __version__
from windfall.gui.render.brief import Brief, Table, is_number
from windfall.gui.render.chart_spec import ChartSpec
from windfall.gui.render.export import ensure_app, png_bytes

SLIDE_IN = (13.333, 7.5)
MARGIN_IN = 0.5
ROWS_PER_SLIDE = 9
TABLE_TOP_IN = MARGIN_IN + 0.9
PICTURE_DPI = 200
CHART_ZOOM = 1.35  # slides are read from afar: chart text a third larger than in a memo
FONT = "Arial"
INK = (0x1A, 0x1A, 0x1A)
MUTED = (0x55, 0x55, 0x55)


def table_chunks(table: Table) -> list[list[list[str]]]:
    """Body rows in slide-sized pieces: at most ROWS_PER_SLIDE rows and what fits in height.

    Heights are estimated from text length per column width (12 pt text wraps at about
    12 characters an inch), so long documentation moves to the next slide, not off this one.
    """
    widths = [w * (SLIDE_IN[0] - 2 * MARGIN_IN) for w in _column_weights(table.headers, table.rows)]
    room = SLIDE_IN[1] - TABLE_TOP_IN - MARGIN_IN - _row_height(table.headers, widths)
    chunks: list[list[list[str]]] = [[]]
    used = 0.0
    for row in table.rows:
        height = _row_height(row, widths)
        if chunks[-1] and (len(chunks[-1]) == ROWS_PER_SLIDE or used + height > room):
            chunks.append([])
            used = 0.0
        chunks[-1].append(row)
        used += height
    return chunks


def _row_height(row: Sequence[str], widths: Sequence[float]) -> float:
    lines = max(
        math.ceil(len(str(cell)) / max(1.0, width * 12 - 2))
        for cell, width in zip(row, widths, strict=True)
    )
    return 0.1 + 0.21 * max(1, lines)


def _column_weights(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Column shares of the table width: at least the longest word, at most 40 characters."""
    weights = []
    for column in zip(headers, *rows, strict=True):
        texts = [str(cell) for cell in column]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        weights.append(max(longest_word + 3, min(max(map(len, texts)), 40)))
    return [w / sum(weights) for w in weights]


def pptx_slide_count(brief: Brief) -> int:
    tables = (brief.scenarios, brief.outcomes, brief.assumptions)
    parts = [part for table in tables for part in table.parts()]
    return 1 + sum(len(table_chunks(part)) for part in parts) + len(brief.panels)


def _pptx():
    try:
        import pptx
        from pptx import util
    except ImportError as exc:
        raise WindfallError(None, f"PowerPoint export needs python-pptx ({exc})") from exc
    return pptx, util


class _Deck:
    """A blank-layout deck with helpers for text, tables and chart pictures."""

    def __init__(self, title: str):
        pptx, self.util = _pptx()
        from pptx.dml.color import RGBColor

        self.rgb = RGBColor
        self.prs = pptx.Presentation()
        self.prs.slide_width = self.util.Inches(SLIDE_IN[0])
        self.prs.slide_height = self.util.Inches(SLIDE_IN[1])
        self.prs.core_properties.title = title
        self.prs.core_properties.author = f"Windfall {__version__}"
        self.blank = self.prs.slide_layouts[6]
        from pptx.enum.text import PP_ALIGN

        self.align_right = PP_ALIGN.RIGHT

    def slide(self):
        return self.prs.slides.add_slide(self.blank)

    def text(self, slide, top_in, lines, size_pt, bold=False, colour=INK, height_in=0.6):
        inches, width = self.util.Inches, SLIDE_IN[0] - 2 * MARGIN_IN
        box = slide.shapes.add_textbox(
            inches(MARGIN_IN), inches(top_in), inches(width), inches(height_in)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            self._font(run.font, size_pt, bold, colour)
        return box

    def _font(self, font, size_pt, bold=False, colour=INK) -> None:
        font.name = FONT
        font.size = self.util.Pt(size_pt)
        font.bold = bold
        font.color.rgb = self.rgb(*colour)

    def table(self, slide, top_in, headers: Sequence[str], rows: Sequence[Sequence[str]], shares):
        """A native table: bold header row, then the rows; column widths follow the text."""
        inches, width = self.util.Inches, SLIDE_IN[0] - 2 * MARGIN_IN
        height = 0.4 * (len(rows) + 1)
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(headers),
            inches(MARGIN_IN),
            inches(top_in),
            inches(width),
            inches(height),
        )
        table = shape.table
        for i, weight in enumerate(shares):
            table.columns[i].width = int(inches(width) * weight)
        for r, row in enumerate([list(headers), *rows]):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = str(value)
                for paragraph in cell.text_frame.paragraphs:
                    if r and is_number(str(value)):
                        paragraph.alignment = self.align_right
                    for run in paragraph.runs:
                        self._font(run.font, 12, bold=r == 0, colour=INK if r else (255,) * 3)
        return shape

    def picture(self, slide, png: bytes, top_in: float, height_in: float):
        inches = self.util.Inches
        width = SLIDE_IN[0] - 2 * MARGIN_IN
        return slide.shapes.add_picture(
            io.BytesIO(png), inches(MARGIN_IN), inches(top_in), inches(width), inches(height_in)
        )

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        write_bytes_atomic(path, buffer.getvalue())


def _chart_png(spec: ChartSpec, width_in: float, height_in: float) -> bytes:
    width, height = round(width_in * PICTURE_DPI), round(height_in * PICTURE_DPI)
    return png_bytes(spec, width, height, round(PICTURE_DPI * CHART_ZOOM))


def _chart_slide(deck: _Deck, spec: ChartSpec) -> None:
    height = SLIDE_IN[1] - 2 * MARGIN_IN
    png = _chart_png(spec, SLIDE_IN[0] - 2 * MARGIN_IN, height)
    deck.picture(deck.slide(), png, MARGIN_IN, height)


def _table_slides(deck: _Deck, table: Table) -> None:
    for part in table.parts():
        shares = _column_weights(part.headers, part.rows)  # the same columns on every slide
        for i, rows in enumerate(table_chunks(part)):
            slide = deck.slide()
            title = part.title + (" (continued)" if i else "")
            deck.text(slide, MARGIN_IN, [title], 26, bold=True)
            if rows:
                deck.table(slide, TABLE_TOP_IN, part.headers, rows, shares)
            else:
                deck.text(slide, TABLE_TOP_IN, [part.note], 16, colour=MUTED)


def write_pptx(brief: Brief, path: str | Path) -> None:
    """Cover, scenario and outcome tables, a slide per panel, then the assumptions."""
    ensure_app()
    deck = _Deck(brief.title)
    cover = deck.slide()
    deck.text(cover, 2.2, [brief.title], 36, bold=True, height_in=1.0)
    if brief.subtitle:
        deck.text(cover, 3.2, [brief.subtitle], 20, colour=MUTED)
    meta = [f"{key}: {value}" for key, value in brief.meta]
    deck.text(cover, 4.2, meta, 12, colour=MUTED, height_in=1.5)
    _table_slides(deck, brief.scenarios)
    _table_slides(deck, brief.outcomes)
    for spec in brief.panels:
        _chart_slide(deck, spec)
    _table_slides(deck, brief.assumptions)
    deck.save(Path(path))


def write_chart_pptx(spec: ChartSpec, path: str | Path) -> None:
    """One slide holding one chart, for pasting into an existing deck."""
    write_charts_pptx([spec], path)


def write_charts_pptx(specs: Sequence[ChartSpec], path: str | Path) -> None:
    """A slide per chart, for pasting into an existing deck."""
    ensure_app()
    deck = _Deck(specs[0].title)
    for spec in specs:
        _chart_slide(deck, spec)
    deck.save(Path(path))
