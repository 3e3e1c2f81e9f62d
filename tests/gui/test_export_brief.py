"""Briefing packs: PDF pages and text, PowerPoint slides with pictures and native tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from windfall.core.analysis.scenario import Scenario, load_scenario, save_scenario
from windfall.core.cli.main import main
from windfall.core.loading.loader import open_model
from windfall.gui.render.brief import (
    Table,
    build_brief,
    default_panels,
    informative_title,
    write_brief,
)
from windfall.gui.render.brief_pdf import pdf_page_count
from windfall.gui.render.brief_pptx import ROWS_PER_SLIDE, pptx_slide_count, table_chunks
from windfall.models import __file__ as models_init

MODELS = Path(models_init).parent

WARM = Scenario(
    name="Warm room",
    description="The room is ten degrees warmer.",
    parameters={"Room Temperature": 80.0},
)
PANELS = [["Teacup Temperature"], ["Heat Loss to Room"]]


@pytest.fixture
def brief(teacup_path, qapp):
    model = open_model(teacup_path)
    return build_brief(model, [Scenario(name="Baseline"), WARM], PANELS, title="Tea brief")


def _pdf_text(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_pdf_pack_has_cover_panels_and_assumptions(brief, tmp_path):
    out = tmp_path / "brief.pdf"
    write_brief(brief, out)
    pages = _pdf_text(out)
    assert len(pages) == pdf_page_count(brief) == 1 + len(PANELS) + 1
    cover, *charts, assumptions = pages
    assert "Tea brief" in cover and "Scenarios" in cover and "Warm room" in cover
    assert "Outcomes at 30 Minute" in cover
    assert all("Source: Windfall" in page and "teacup.mdl" in page for page in charts)
    assert "Teacup Temperature" in charts[0] and "Heat Loss to Room" in charts[1]
    assert "Assumptions" in assumptions and "Room Temperature" in assumptions
    assert "absolute zero" in assumptions  # the parameter's documentation
    assert "Page 4 of 4" in assumptions


def test_pptx_pack_has_pictures_and_native_tables(brief, tmp_path):
    out = tmp_path / "brief.pptx"
    write_brief(brief, out)
    slides = list(Presentation(out).slides)
    assert len(slides) == pptx_slide_count(brief) == 1 + 2 + len(PANELS) + 1
    kinds = [[shape.shape_type for shape in slide.shapes] for slide in slides]
    assert MSO_SHAPE_TYPE.TABLE in kinds[1] and MSO_SHAPE_TYPE.TABLE in kinds[2]
    assert kinds[3] == kinds[4] == [MSO_SHAPE_TYPE.PICTURE]
    table = next(s for s in slides[-1].shapes if s.has_table).table
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Parameter", "Units", "Model value", "Baseline", "Warm room", "Documentation"]
    assert [cell.text for cell in table.rows[1].cells][:5] == [
        "Room Temperature",
        "Degrees",
        "70",
        "70",
        "80",
    ]


def test_long_tables_continue_on_more_slides(teacup_path, qapp, tmp_path):
    model = open_model(teacup_path)
    many = [Scenario(name=f"Room {t}", parameters={"Room Temperature": t}) for t in range(12)]
    brief = build_brief(model, many, [["Teacup Temperature"]])
    out = tmp_path / "many.pptx"
    write_brief(brief, out)
    slides = list(Presentation(out).slides)
    assert len(brief.scenarios.rows) == 12 > ROWS_PER_SLIDE
    # cover, scenarios on 2 slides, outcomes and assumptions in 3 parts of <= 5 scenarios, panel
    assert len(slides) == pptx_slide_count(brief) == 1 + 2 + 3 + 1 + 3


def test_pack_without_changes_says_so(teacup_path, qapp, tmp_path):
    brief = build_brief(open_model(teacup_path), [], [["Teacup Temperature"]])
    assert brief.assumptions.rows == [] and "model's own values" in brief.assumptions.note
    out = tmp_path / "plain.pdf"
    write_brief(brief, out)
    assert "model's own values" in _pdf_text(out)[-1]


def test_cli_brief_of_the_built_in_model_headless(tmp_path, qapp):
    models = MODELS
    scenarios = [
        models / "scenarios" / "baseline.toml",
        models / "scenarios" / "strategic-sharing.toml",
    ]
    out = tmp_path / "pack.pdf"
    args = ["brief", str(models / "benefit_sharing.mdl"), "-o", str(out)]
    for path in scenarios:
        args += ["--scenario", str(path)]
    assert main(args + ["--plot", "AI Wealth", "--plot", "Alliance Trust"]) == 0
    pages = _pdf_text(out)
    assert len(pages) == 1 + 2 + 1
    assert load_scenario(scenarios[1]).name in pages[0]


def test_cli_brief_refuses_other_suffixes(teacup_path, tmp_path, capsys):
    save_scenario(WARM, tmp_path / "warm.toml")
    out = tmp_path / "pack.docx"
    assert (
        main(["brief", str(teacup_path), "--scenario", str(tmp_path / "warm.toml"), "-o", str(out)])
        == 2
    )
    assert ".pdf or .pptx" in capsys.readouterr().err and not out.exists()


def test_tall_rows_move_to_the_next_slide_instead_of_overflowing():
    long_doc = "A long explanation of the parameter and its sources. " * 12
    table = Table("Assumptions", ["Parameter", "Documentation"])
    table.rows = [[f"P{i}", long_doc] for i in range(5)]
    chunks = table_chunks(table)
    assert len(chunks) > 1 and all(len(c) < ROWS_PER_SLIDE for c in chunks)
    assert [row for chunk in chunks for row in chunk] == table.rows
    short = Table("Scenarios", ["Name"], [[f"S{i}"] for i in range(ROWS_PER_SLIDE + 1)])
    assert [len(c) for c in table_chunks(short)] == [ROWS_PER_SLIDE, 1]


def test_many_scenarios_split_into_tables_that_keep_their_key_columns():
    headers = ["Parameter", "Units", "Model value", *(f"S{i}" for i in range(7)), "Documentation"]
    table = Table("Assumptions", headers, [["P", "u", "1", *"abcdefg", "doc"]], fixed=3, trailing=1)
    first, second = table.parts(per=5)
    assert first.headers == ["Parameter", "Units", "Model value", "S0", "S1", "S2", "S3", "S4"] + [
        "Documentation"
    ]
    assert second.rows == [["P", "u", "1", "f", "g", "doc"]]
    assert first.title == "Assumptions (1 of 2)" and table.parts(per=7) == [table]


def test_default_panels_are_the_apps_with_their_sector_titles(qapp):
    model = open_model(MODELS / "benefit_sharing.mdl")
    panels = default_panels(model)
    assert panels[0] == ("AI Wealth", ["AI Wealth", "Frontier Capability"])
    assert [informative_title(t) for t in ("View 1", "Panel 3", "Model", " Trade ")] == [
        None,
        None,
        None,
        "Trade",
    ]
