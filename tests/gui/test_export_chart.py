"""Chart exports: PNG size and content, SVG curves and outlined text, PDF text, the CLI."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from windfall.core.analysis.export_data import run_scenarios
from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.core.loading.loader import open_model
from windfall.gui.render.chart import PrintChart
from windfall.gui.render.chart_spec import chart_spec
from windfall.gui.render.chart_style import tick_labels
from windfall.gui.render.export import export_chart, png_bytes, svg_bytes

SVG = "{http://www.w3.org/2000/svg}"
WARM = Scenario(name="Warm room", parameters={"Room Temperature": 80.0})
VARIABLES = ["Teacup Temperature", "Heat Loss to Room"]


@pytest.fixture
def spec(teacup_path, qapp):
    model = open_model(teacup_path)
    runs = run_scenarios(model, [Scenario(name="Baseline"), WARM], VARIABLES)
    return chart_spec(model, runs, VARIABLES, title="Tea cools", subtitle="Two rooms")


def test_png_has_the_asked_size_and_dpi_and_is_not_blank(spec, tmp_path):
    out = tmp_path / "chart.png"
    export_chart(spec, out, "png", width=900, height=560, dpi=150)
    image = Image.open(out)
    assert image.size == (900, 560)
    assert round(image.info["dpi"][0]) == 150
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 10  # not a blank page
    assert pixels[0, 0] == 255  # white background


def test_png_at_higher_dpi_is_the_same_chart_scaled(spec):
    small = Image.open(io.BytesIO(png_bytes(spec, 600, 400, 96))).convert("L")
    large = Image.open(io.BytesIO(png_bytes(spec, 1200, 800, 192))).convert("L")
    shrunk = np.asarray(large.resize(small.size, Image.Resampling.BOX), dtype=float)
    diff = np.abs(shrunk - np.asarray(small, dtype=float))
    assert diff.mean() < 6  # same layout; only antialiasing differs


def test_svg_parses_with_one_stroked_path_per_curve_and_no_font_text(spec):
    root = ET.fromstring(svg_bytes(spec, 900, 560, 150))
    curve_colours = {c.colour.lower() for c in spec.curves}
    curves = []
    for group in root.iter(SVG + "g"):
        stroke = (group.get("stroke") or "").lower()
        if stroke in curve_colours:
            curves += [p for p in group.findall(SVG + "path") if len(p.get("d", "")) > 200]
    assert len(curves) == len(spec.curves) == 4
    assert not list(root.iter(SVG + "text"))  # every glyph is an outline
    assert root.find(SVG + "title").text == "Tea cools"


def test_pdf_is_one_vector_page_with_title_and_footnote_text(spec, tmp_path):
    out = tmp_path / "chart.pdf"
    export_chart(spec, out, "pdf", width=1950, height=1200, dpi=300)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (468, 288)  # 6.5 x 4 in
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Tea cools" in text and "Two rooms" in text
    assert "teacup.mdl" in text and "Room Temperature 80 (model 70)" in text


def test_labels_carry_units_and_scenarios(spec):
    assert spec.x_label == "Time (Minute)"
    assert spec.y_labels == ["Teacup Temperature (Degrees)", "Heat Loss to Room (Degrees/Minute)"]
    assert "Warm room \u2014 Heat Loss to Room" in [c.label for c in spec.curves]


def test_each_unit_gets_its_own_plot_over_one_time_axis(spec):
    chart = PrintChart(spec, 624, 384)
    boxes = [plot.vb.sceneBoundingRect() for plot in chart.plots]
    assert len(boxes) == 2 and boxes[0].bottom() < boxes[1].top()
    assert boxes[0].left() == boxes[1].left() and boxes[0].right() == boxes[1].right()
    temperature = [c.y for c in spec.curves if c.group == 0]
    assert all(y.max() > 100 for y in temperature)  # Degrees, not Degrees/Minute
    chart.close()


def test_one_unit_shares_one_plot(teacup_path, qapp):
    model = open_model(teacup_path)
    runs = run_scenarios(model, [Scenario(name="Baseline"), WARM], [VARIABLES[0]])
    spec = chart_spec(model, runs, [VARIABLES[0]])
    assert spec.y_labels == ["Degrees"] and [c.label for c in spec.curves] == [
        "Baseline",
        "Warm room",
    ]
    assert (
        spec.curves[0].colour != spec.curves[1].colour
        and spec.curves[0].dash != spec.curves[1].dash
    )


def test_tick_labels_read_like_print():
    assert tick_labels([0, 50_000, 100_000], 50_000) == ["0", "50,000", "100,000"]
    assert tick_labels([0, 2.5e9, 5e9], 2.5e9) == ["0", "2.5B", "5.0B"]
    assert tick_labels([2025, 2030], 5, grouping=False) == ["2025", "2030"]
    assert tick_labels([-0.5, 0, 0.5], 0.5) == ["\u22120.5", "0", "0.5"]


def test_cli_exports_png_headless(teacup_path, tmp_path):
    scenario = tmp_path / "warm.toml"
    save_scenario(WARM, scenario)
    out = tmp_path / "chart.png"
    args = ["export", str(teacup_path), "--scenario", str(scenario), "--plot", VARIABLES[0]]
    args += ["--title", "Tea", "--width", "800", "--height", "500", "--dpi", "120", "-o", str(out)]
    assert main(args) == 0
    assert Image.open(out).size == (800, 500)


def test_cli_chart_errors_are_one_line(teacup_path, tmp_path, capsys):
    out = tmp_path / "chart.png"
    assert main(["export", str(teacup_path), "-o", str(out)]) == 2
    assert "--plot" in capsys.readouterr().err
    bad_size = ["export", str(teacup_path), "--plot", VARIABLES[0], "--width", "0", "-o", str(out)]
    assert main(bad_size) == 2
    assert main(["export", str(teacup_path), "--plot", "x", "-o", str(tmp_path / "a.gif")]) == 2
    err = capsys.readouterr().err
    assert "--width 0" in err and "--format" in err and not out.exists()


def test_crowded_charts_fail_clearly_and_long_footnotes_are_cut(teacup_path, qapp, tmp_path):
    model = open_model(teacup_path)
    many = [Scenario(name=f"Room {t}", parameters={"Room Temperature": t}) for t in range(24)]
    spec = chart_spec(model, run_scenarios(model, many, VARIABLES[:1]), VARIABLES[:1])
    with pytest.raises(WindfallError, match="no room for the plot"):
        export_chart(spec, tmp_path / "crowded.png", "png", 320, 200, 96)
    assert not (tmp_path / "crowded.png").exists()
    chart = PrintChart(spec, 700, 1000)
    footnote = next(t for t in chart.texts if t.lines[0].startswith("Source:"))
    assert len(footnote.lines) == 4 and footnote.lines[-1].endswith("\u2026")
    chart.close()


def test_cli_exports_one_chart_slide_and_svg_by_suffix(teacup_path, tmp_path):
    from pptx import Presentation

    deck = tmp_path / "chart.pptx"
    assert main(["export", str(teacup_path), "--plot", VARIABLES[0], "-o", str(deck)]) == 0
    (slide,) = Presentation(deck).slides
    (picture,) = slide.shapes
    assert picture.image.content_type == "image/png"
    svg = tmp_path / "chart.svg"
    args = ["export", str(teacup_path), "--plot", ",".join(VARIABLES), "--format", "svg"]
    assert main(args + ["-o", str(svg)]) == 0
    assert ET.parse(svg).getroot().tag == SVG + "svg"
