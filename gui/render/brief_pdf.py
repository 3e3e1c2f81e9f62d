"""The briefing pack as one multi-page vector PDF (A4 landscape, DejaVu Sans embedded).

Text pages are laid out by QTextDocument, which breaks long tables across pages and repeats
their header row; chart pages render the same PrintChart as a chart export.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6 import QtCore, QtGui

from windfall.core.io.atomic import write_bytes_atomic
from windfall.gui.render.analysis_chart import chart_class
from windfall.gui.render.brief import Brief, Table, is_number
from windfall.gui.render.chart_style import (
    FOOTNOTE_PT,
    INK,
    LOGICAL_DPI,
    MUTED,
    font_family,
    print_font,
)
from windfall.gui.render.export import ensure_app, pdf_writer

PAGE_IN = (11.69, 8.27)  # A4 landscape: a briefing page reads like a slide
MARGIN = 48.0  # half an inch
FOOTER = 22.0
HEADER_BG = "#eef1f5"
RULE = "#c8c8c8"
CHART_ZOOM = 1.3  # a page-sized chart reads best with text ~30% larger than in a memo

_CSS = f"""
body {{ color: {INK}; font-family: '{{family}}'; font-size: 12px; }}
h1 {{ font-size: 26px; font-weight: bold; margin-bottom: 2px; }}
h2 {{ font-size: 16px; font-weight: bold; margin-top: 18px; margin-bottom: 6px; }}
p.sub {{ font-size: 15px; color: {MUTED}; margin-top: 0px; }}
p.meta {{ font-size: 11px; color: {MUTED}; margin: 0px; }}
p.note {{ font-size: 12px; color: {MUTED}; }}
th {{ background-color: {HEADER_BG}; font-weight: bold; text-align: left; }}
"""


def _esc(text: str) -> str:
    return html.escape(text or "")


def table_html(table: Table) -> str:
    """The table (split when it has many scenario columns) as ruled HTML tables."""
    return "".join(_part_html(part) for part in table.parts())


def _part_html(table: Table) -> str:
    """A ruled table with a repeated header row; numbers right-aligned."""
    parts = [f"<h2>{_esc(table.title)}</h2>"]
    if table.note:
        parts.append(f"<p class='note'>{_esc(table.note)}</p>")
    if not table.rows:
        return "".join(parts)
    parts.append(
        f"<table width='100%' cellspacing='0' cellpadding='5' border='1' "
        f"style='border-collapse: collapse; border-color: {RULE};'><thead><tr>"
    )
    parts += [f"<th>{_esc(h)}</th>" for h in table.headers]
    parts.append("</tr></thead><tbody>")
    for row in table.rows:
        cells = [f"<td align='{_align(cell)}'>{_esc(cell)}</td>" for cell in row]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _align(cell: str) -> str:
    return "right" if is_number(cell) else "left"


def cover_html(brief: Brief) -> str:
    parts = [f"<h1>{_esc(brief.title)}</h1>"]
    if brief.subtitle:
        parts.append(f"<p class='sub'>{_esc(brief.subtitle)}</p>")
    for key, value in brief.meta:
        parts.append(f"<p class='meta'><b>{_esc(key)}:</b> {_esc(value)}</p>")
    parts += [table_html(brief.scenarios), table_html(brief.outcomes)]
    return "".join(parts)


def text_document(body: str, size: QtCore.QSizeF) -> QtGui.QTextDocument:
    """A paginated rich-text document in the shipped font, pages of `size` logical px."""
    doc = QtGui.QTextDocument()
    doc.setDefaultFont(print_font(9))
    doc.setDefaultStyleSheet(_CSS.replace("{family}", font_family()))
    doc.setDocumentMargin(0)
    doc.setPageSize(size)
    doc.setHtml(f"<html><body>{body}</body></html>")
    return doc


class _Pages:
    """Starts pages on the writer: white background first, then the footer."""

    def __init__(self, writer, painter: QtGui.QPainter, total: int, footer: str):
        self.writer, self.painter, self.total, self.footer = writer, painter, total, footer
        self.number = 0
        self.page = QtCore.QRectF(0, 0, PAGE_IN[0] * LOGICAL_DPI, PAGE_IN[1] * LOGICAL_DPI)
        self.content = self.page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - FOOTER)

    def next(self) -> None:
        if self.number:
            self.writer.newPage()
        self.number += 1
        self.painter.fillRect(self.page, QtGui.QColor("white"))
        self.painter.setFont(print_font(FOOTNOTE_PT))
        self.painter.setPen(QtGui.QColor(MUTED))
        line = QtCore.QRectF(MARGIN, self.page.height() - MARGIN - 12, self.content.width(), 14)
        left, right = QtCore.Qt.AlignmentFlag.AlignLeft, QtCore.Qt.AlignmentFlag.AlignRight
        self.painter.drawText(line, int(left), self.footer)
        self.painter.drawText(line, int(right), f"Page {self.number} of {self.total}")

    def draw_document_page(self, doc: QtGui.QTextDocument, index: int) -> None:
        box = self.content
        clip = QtCore.QRectF(0, index * box.height(), box.width(), box.height())
        self.painter.save()
        self.painter.translate(box.left(), box.top() - clip.top())
        self.painter.setClipRect(clip)
        context = QtGui.QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor(INK))
        doc.documentLayout().draw(self.painter, context)
        self.painter.restore()

    def draw_chart(self, spec) -> None:
        size = self.content.size() / CHART_ZOOM
        chart = chart_class(spec)(spec, size.width(), size.height())
        self.painter.save()
        self.painter.translate(self.content.topLeft())
        self.painter.scale(CHART_ZOOM, CHART_ZOOM)
        chart.render(self.painter)
        self.painter.restore()
        chart.close()


def pdf_page_count(brief: Brief) -> int:
    """Pages the pack takes: cover (and its overflow), one per panel, then assumptions."""
    return sum(_page_counts(brief))


def _page_counts(brief: Brief) -> tuple[int, int, int]:
    size = _Pages(None, None, 0, "").content.size()
    cover = text_document(cover_html(brief), size).pageCount()
    assumptions = text_document(table_html(brief.assumptions), size).pageCount()
    return cover, len(brief.panels), assumptions


def write_pdf(brief: Brief, path: str | Path) -> None:
    """Write the pack atomically: cover, a page per panel, assumptions; numbered pages."""
    ensure_app()
    model_name = dict(brief.meta).get("Model", "")
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, PAGE_IN[0], PAGE_IN[1], brief.title)
    painter = QtGui.QPainter(writer)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    pages = _Pages(writer, painter, pdf_page_count(brief), f"{brief.title} \u2014 {model_name}")
    size = pages.content.size()
    cover = text_document(cover_html(brief), size)
    for index in range(cover.pageCount()):
        pages.next()
        pages.draw_document_page(cover, index)
    for spec in brief.panels:
        pages.next()
        pages.draw_chart(spec)
    assumptions = text_document(table_html(brief.assumptions), size)
    for index in range(assumptions.pageCount()):
        pages.next()
        pages.draw_document_page(assumptions, index)
    painter.end()
    write_bytes_atomic(Path(path), bytes(buffer.data()))
