"""Write an analysis report's chart: PNG, SVG or PDF hold its main chart; a PPTX holds a slide
per chart (a calibration has two: the fit and its residuals)."""

from __future__ import annotations

from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.gui.render.analysis_specs import report_charts
from windfall.gui.render.export import CHART_FORMATS, ensure_app, export_chart


def export_report_chart(report: dict, path: str | Path) -> None:
    """The report's chart(s) in the format named by the file's suffix, written atomically."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in (*CHART_FORMATS, "pptx"):
        raise WindfallError(path, "charts are written as .png, .svg, .pdf or .pptx")
    ensure_app()
    specs = report_charts(report)
    if fmt == "pptx":
        from windfall.gui.render.brief_pptx import write_charts_pptx

        write_charts_pptx(specs, path)
    else:
        export_chart(specs[0], path, fmt)
