"""Write a print chart as PNG (chosen size and DPI), SVG or PDF (vector), headless or not.

Every format renders the same 96-DPI logical layout: PNG scales the painter by DPI/96, SVG
and PDF keep 96 DPI as their device resolution (at 300 DPI Qt misplaces tick labels) and are
sized in inches, so a 1950 x 1200 px export at 300 DPI is a 6.5 x 4 inch chart everywhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_bytes_atomic
from windfall.core.version import __version__
from windfall.gui.render.analysis_chart import chart_class
from windfall.gui.render.chart_spec import ChartSpec
from windfall.gui.render.chart_style import LOGICAL_DPI

CHART_FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 300
DEFAULT_WIDTH_IN = 6.5  # a memo's text column
DEFAULT_HEIGHT_IN = 4.0
MAX_PIXELS = 12000  # per side; keeps a typo from asking for gigabytes of image


def ensure_app():
    """The app's QApplication (created once, in gui.theme); offscreen when there is no display."""
    from PySide6 import QtWidgets

    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if QtWidgets.QApplication.instance() is None and sys.platform.startswith("linux"):
        if no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from windfall.gui.theme import ensure_app as app_instance

    return app_instance()


def chart_size(
    path, width: int | None, height: int | None, dpi: int | None
) -> tuple[int, int, int]:
    """Pixel size and DPI with defaults (6.5 x 4 in at 300 DPI); checked to be sane."""
    dpi = DEFAULT_DPI if dpi is None else int(dpi)
    if not 24 <= dpi <= 1200:
        raise WindfallError(path, f"--dpi {dpi} is outside 24..1200")
    if width is None and height is None:
        width, height = round(DEFAULT_WIDTH_IN * dpi), round(DEFAULT_HEIGHT_IN * dpi)
    elif width is None:
        width = round(height * DEFAULT_WIDTH_IN / DEFAULT_HEIGHT_IN)
    elif height is None:
        height = round(width * DEFAULT_HEIGHT_IN / DEFAULT_WIDTH_IN)
    for flag, value in (("--width", width), ("--height", height)):
        if not 1 <= value <= MAX_PIXELS:
            raise WindfallError(path, f"{flag} {value} px is outside 1..{MAX_PIXELS}")
    # Below ~3 x 2 inches of logical page the title, legend and footnote crowd out the plot.
    if width * LOGICAL_DPI / dpi < 280 or height * LOGICAL_DPI / dpi < 190:
        raise WindfallError(path, f"{width} x {height} px at {dpi} DPI is too small for a chart")
    return int(width), int(height), dpi


def logical_size(width: int, height: int, dpi: int) -> tuple[float, float]:
    return width * LOGICAL_DPI / dpi, height * LOGICAL_DPI / dpi


def png_bytes(spec: ChartSpec, width: int, height: int, dpi: int = DEFAULT_DPI) -> bytes:
    """A `width` x `height` PNG whose text and lines are sized for `dpi`."""
    ensure_app()
    scale = dpi / LOGICAL_DPI
    chart = chart_class(spec)(spec, *logical_size(width, height, dpi))
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.scale(scale, scale)
    chart.render(painter)
    painter.end()
    chart.close()
    # Tagged only now: while painting, a denser image would rescale pixel-sized content.
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return _encode(image, "PNG")


def _encode(image: QtGui.QImage, fmt: str) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt)
    return bytes(buffer.data())


def svg_bytes(spec: ChartSpec, width: int, height: int, dpi: int = DEFAULT_DPI) -> bytes:
    """A vector SVG with text drawn as outlines, so no font is needed to view it."""
    from PySide6.QtSvg import QSvgGenerator

    ensure_app()
    w, h = logical_size(width, height, dpi)
    chart = chart_class(spec)(spec, w, h)
    chart.set_outline_text(True)
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(int(LOGICAL_DPI))
    generator.setSize(QtCore.QSize(round(w), round(h)))
    generator.setViewBox(QtCore.QRectF(0, 0, w, h))
    generator.setTitle(spec.title)
    generator.setDescription(spec.footnote)
    painter = QtGui.QPainter(generator)
    chart.render(painter)
    painter.end()
    chart.close()
    return bytes(buffer.data())


def pdf_writer(buffer: QtCore.QBuffer, width_in: float, height_in: float, title: str):
    """A 96-DPI PDF writer with zero margins on pages of the given size in inches."""
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(int(LOGICAL_DPI))
    size = QtGui.QPageSize(
        QtCore.QSizeF(width_in, height_in),
        QtGui.QPageSize.Unit.Inch,
        "",
        QtGui.QPageSize.SizeMatchPolicy.ExactMatch,
    )
    writer.setPageSize(size)
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
    writer.setTitle(title)
    writer.setCreator(f"Windfall {__version__}")
    return writer


def pdf_bytes(spec: ChartSpec, width: int, height: int, dpi: int = DEFAULT_DPI) -> bytes:
    """A one-page vector PDF the size of the chart, with DejaVu Sans embedded."""
    ensure_app()
    w, h = logical_size(width, height, dpi)
    chart = chart_class(spec)(spec, w, h)
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, width / dpi, height / dpi, spec.title)
    painter = QtGui.QPainter(writer)
    chart.render(painter)
    painter.end()
    chart.close()
    return bytes(buffer.data())


RENDERERS = {"png": png_bytes, "svg": svg_bytes, "pdf": pdf_bytes}


def export_chart(
    spec: ChartSpec,
    path: str | Path,
    fmt: str,
    width: int | None = None,
    height: int | None = None,
    dpi: int | None = None,
) -> None:
    """Write `spec` to `path` as png, svg or pdf, atomically."""
    if fmt not in RENDERERS:
        raise WindfallError(path, f"charts export as {', '.join(CHART_FORMATS)}, not '{fmt}'")
    width, height, dpi = chart_size(path, width, height, dpi)
    write_bytes_atomic(Path(path), RENDERERS[fmt](spec, width, height, dpi))
