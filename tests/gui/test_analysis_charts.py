"""Charts of analysis results: a heat map coloured by value, bars, fits; every export format;
the briefing pack with analyses; damaged reports refused."""

from __future__ import annotations

import json
from unicodedata import normalize

import numpy as np
import pytest
from pptx import Presentation
from pypdf import PdfReader
from PySide6 import QtGui

from windfall.core.analysis.reports import load_report
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.gui.render.analysis_chart import VIRIDIS, PrintHeatMap, colour_at
from windfall.gui.render.analysis_export import export_report_chart
from windfall.gui.render.analysis_specs import map_chart, report_charts
from windfall.models import MODELS_DIR

BUILT_IN = str(MODELS_DIR / "benefit_sharing.mdl")
SHARE, CREDIBILITY = "Benefit Share Fraction=0..0.5", "Commitment Credibility=0..1"


@pytest.fixture
def reports(tmp_path, teacup_path):
    """One report of each kind, made by the commands."""
    members = "Coalition Members@2030"
    commands = {
        "map": ["map", BUILT_IN, "--x", SHARE, "--y", CREDIBILITY, "--outcome", members]
        + ["-n", "12", "--threshold", "30", "-o", str(tmp_path / "m.csv")],
        "optimize": ["optimize", BUILT_IN, "--vary", SHARE, "-o", str(tmp_path / "o.toml")]
        + ["--objective", "min Benefit Share Fraction", "--constraint", f"{members}>=30"],
        "sensitivity": ["sensitivity", BUILT_IN, "--outcome", members, "--method", "oat"]
        + ["--vary", "Benefit Share Fraction=uniform()"]
        + ["--vary", "Commitment Credibility=uniform()"],
    }
    data = tmp_path / "tea.csv"
    data.write_text("Minute,Teacup Temperature\n0,180\n5,140\n10,112\n20,85\n30,75\n")
    commands["calibrate"] = ["calibrate", str(teacup_path), "--data", str(data)]
    commands["calibrate"] += ["--vary", "Characteristic Time", "-o", str(tmp_path / "c.toml")]
    for kind, command in commands.items():
        assert main([*command, "--report", str(tmp_path / f"{kind}.json")]) == 0
    return {kind: load_report(tmp_path / f"{kind}.json") for kind in commands}


def test_heat_map_cells_take_the_colour_of_their_value(reports, qapp, tmp_path):
    spec = map_chart(reports["map"])
    chart = PrintHeatMap(spec, 624, 384)
    image = QtGui.QImage(624, 384, QtGui.QImage.Format.Format_RGB32)
    chart.render(QtGui.QPainter(image))
    values = spec.values
    box = chart.plots[0].vb.sceneBoundingRect()
    for iy, ix in [(0, 0), (11, 11), (5, 9)]:
        x = box.left() + (ix + 0.5) / 12 * box.width()
        y = box.bottom() - (iy + 0.5) / 12 * box.height()
        pixel = QtGui.QColor(image.pixel(int(x), int(y))).getRgb()[:3]
        share = (values[iy, ix] - values.min()) / (values.max() - values.min())
        if iy == 5:  # away from contour lines: the cell's own colour
            assert np.allclose(pixel, colour_at(np.array(share)), atol=3)
    chart.close()
    assert colour_at(np.array(1.0)).tolist() == list(QtGui.QColor(VIRIDIS[-1]).getRgb()[:3])
    assert spec.curves[-2].label == "Coalition Members@2030 = 30"  # the threshold contour


def test_every_kind_exports_in_every_format(reports, qapp, tmp_path):
    for kind, report in reports.items():
        for suffix in ("png", "svg", "pdf", "pptx"):
            out = tmp_path / f"{kind}.{suffix}"
            export_report_chart(report, out)
            assert out.stat().st_size > 1000
        slides = len(Presentation(tmp_path / f"{kind}.pptx").slides)
        assert slides == (2 if kind == "calibrate" else 1)  # a fit and its residuals
        text = PdfReader(tmp_path / f"{kind}.pdf").pages[0].extract_text()
        assert "Source: Windfall" in " ".join(text.split())
    tornado = report_charts(reports["sensitivity"])[0]
    assert tornado.categories[0].startswith("Benefit Share Fraction")  # the wider swing
    assert tornado.reference == pytest.approx(reports["sensitivity"]["base"])


def test_brief_adds_each_analysis_after_the_panels(reports, tmp_path, capsys):
    paths = []
    for kind in reports:
        if kind != "calibrate":
            paths += ["--analysis", str(tmp_path / f"{kind}.json")]
    out = tmp_path / "brief.pdf"
    assert main(["brief", BUILT_IN, "--plot", "Coalition Members", *paths, "-o", str(out)]) == 0
    # NFKC: the PDF's text spells "fi" as one ligature glyph
    pages = [normalize("NFKC", " ".join(p.extract_text().split())) for p in PdfReader(out).pages]
    assert any("Coalition Members@2030 by Benefit Share Fraction" in p for p in pages)
    assert any("Goal seek: min Benefit Share Fraction" in p for p in pages)
    assert any("What drives Coalition Members@2030" in p for p in pages)
    calibrated = ["--analysis", str(tmp_path / "calibrate.json")]
    assert main(["brief", BUILT_IN, *calibrated, "-o", str(tmp_path / "b.pptx")]) == 0
    assert "made from teacup.mdl" in capsys.readouterr().err  # another model's analysis


def test_damaged_reports_are_refused_in_one_line(reports, tmp_path, capsys):
    damaged = dict(reports["map"], values=[[1.0, 2.0]])
    with pytest.raises(WindfallError, match="do not match its grid"):
        report_charts(damaged)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(dict(reports["sensitivity"], names=[3])))
    out = tmp_path / "b.pdf"
    assert main(["brief", BUILT_IN, "--analysis", str(path), "-o", str(out)]) == 2
    assert "'names[0]' must be text" in capsys.readouterr().err
