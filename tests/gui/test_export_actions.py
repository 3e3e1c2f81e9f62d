"""File > Export in the main window writes what is on screen through the print renderer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from windfall.core.errors import WindfallError
from windfall.gui.actions.export_actions import CURRENT_NAME

RESULT_TIMEOUT_MS = 120_000


def test_export_menu_is_in_the_file_menu(window):
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Export" in titles
    assert window.export_actions.chart_action.text().startswith("&Chart")


def test_nothing_to_export_before_a_run(window, tmp_path):
    with pytest.raises(WindfallError, match="open a model"):
        window.export_actions.export_data(tmp_path / "x.csv")


def test_active_panel_exports_as_png_with_the_edit_in_the_footnote(open_window, qtbot, tmp_path):
    window = open_window
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.session.set_parameter("Room Temperature", 80.0)
    out = tmp_path / "panel.png"
    window.export_actions.export_chart(out)
    image = Image.open(out)
    assert image.size == (1950, 1200)  # 6.5 x 4 in at 300 DPI
    assert np.asarray(image.convert("L"), dtype=float).std() > 10
    pdf = tmp_path / "panel.pdf"
    window.export_actions.export_chart(pdf)
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert f"{CURRENT_NAME}: Room Temperature 80 (model 70)" in text


def test_data_export_is_the_run_on_screen(open_window, tmp_path):
    window = open_window
    out = tmp_path / "run.xlsx"
    window.export_actions.export_data(out)
    sheet = pd.read_excel(out, sheet_name="Baseline", index_col=0, engine="openpyxl")
    frame = window.session.result.frame
    np.testing.assert_allclose(sheet["Teacup Temperature"], frame["Teacup Temperature"])


def test_briefing_pack_has_a_page_or_slide_per_panel(open_window, tmp_path):
    window = open_window
    panels = [p for p in window.plot_area.panels if p.variables]
    pdf = tmp_path / "pack.pdf"
    window.export_actions.export_brief(pdf)
    assert len(PdfReader(pdf).pages) == 1 + len(panels) + 1
    deck = tmp_path / "pack.pptx"
    window.export_actions.export_brief(deck)
    assert len(Presentation(deck).slides) == 1 + 2 + len(panels) + 1


def test_visible_scenarios_are_exported_beside_the_current_run(open_window, qtbot, tmp_path):
    from windfall.core.analysis.scenario import Scenario

    window = open_window
    window.scenario_panel.add_scenario(Scenario("Hot room", parameters={"Room Temperature": 95}))
    with pytest.raises(WindfallError, match="still running"):  # its run is not drawn yet
        window.export_actions.export_data(tmp_path / "early.csv")
    overlay = window.scenario_overlay
    qtbot.waitUntil(
        lambda: overlay.comparison is not None and overlay.comparison.names[1:] == ["Hot room"],
        timeout=RESULT_TIMEOUT_MS,
    )
    out = tmp_path / "runs.xlsx"
    window.export_actions.export_data(out)
    sheets = pd.read_excel(out, sheet_name=None, index_col=0, engine="openpyxl")
    assert list(sheets)[:2] == ["Baseline", "Hot room"]
    expected = window.session.model.run({"Room Temperature": 95})
    np.testing.assert_allclose(
        sheets["Hot room"]["Teacup Temperature"], expected["Teacup Temperature"]
    )
    pack = tmp_path / "pack.pdf"
    window.export_actions.export_brief(pack)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pack).pages)
    assert "Hot room: Room Temperature 95 (model 70)" in text
