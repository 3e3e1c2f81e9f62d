"""Scenarios in the app: overlays on every plot, the difference table, rename, hide, delete."""

from __future__ import annotations

import numpy as np

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.gui.overlays.scenario_overlay import DASH_STYLES
from windfall.gui.style import CURRENT

STOCK = "Teacup Temperature"


def drawn(qtbot, window, names: set[str]):
    """Wait until the overlay shows exactly these named scenarios; return its comparison."""
    overlay = window.scenario_overlay

    def ready() -> bool:
        comparison = overlay.comparison
        shown = set(comparison.names[1:]) if comparison is not None else set()
        return shown == names and all(
            {s for s in p.scenarios if s != CURRENT} == names for p in window.plot_area.panels
        )

    qtbot.waitUntil(ready, timeout=RESULT_TIMEOUT_MS)
    return overlay.comparison


def test_scenario_is_drawn_on_every_plot_and_tabulated(open_window, qtbot):
    window = open_window
    window.plot_area.add_panel("Heat", ["Heat Loss to Room"])
    panel = window.scenario_panel
    panel.add_scenario(Scenario("Hot room", parameters={"Room Temperature": 95}))
    comparison = drawn(qtbot, window, {"Hot room"})
    expected = window.session.model.run({"Room Temperature": 95})
    for plot in window.plot_area.panels:
        for variable in plot.variables:
            x, y = plot.curve_data(variable, "Hot room")
            np.testing.assert_array_equal(y, expected[variable].to_numpy(dtype=float))
            pen = plot.curves[("Hot room", variable)].opts["pen"]
            assert pen.style() == DASH_STYLES[panel.entries[0].dash]
        assert "Hot room" in plot.show_legend()
    table = panel.table
    assert table.cell_text("Room Temperature", "Current") == "70"
    assert table.cell_text("Room Temperature", "Hot room") == "95"
    final = expected[STOCK].iloc[-1]
    assert comparison.outputs.loc[STOCK, "Hot room"] == final
    assert table.cell_text(STOCK, "Hot room").startswith(f"{final:,.4g} (+")


def test_hide_rename_duplicate_delete(open_window, qtbot):
    window = open_window
    panel = window.scenario_panel
    panel.add_scenario(Scenario("Cold", parameters={"Room Temperature": 0}))
    drawn(qtbot, window, {"Cold"})
    panel.set_visible(0, False)
    drawn(qtbot, window, set())
    assert panel.table.rowCount() == 0
    panel.set_visible(0, True)
    panel.rename(0, "Freezing")
    drawn(qtbot, window, {"Freezing"})
    copy = panel.duplicate(0)
    assert copy.scenario.name == "Freezing copy" and copy.scenario.parameters == {
        "Room Temperature": 0
    }
    assert panel.rename(1, "Freezing") == "Freezing (2)"  # names stay unique
    drawn(qtbot, window, {"Freezing", "Freezing (2)"})
    panel.delete(0)
    drawn(qtbot, window, {"Freezing (2)"})
    assert [panel.list.item(i).text() for i in range(panel.list.count())] == ["Freezing (2)"]


def test_list_edits_rename_and_hide(open_window, qtbot):
    window = open_window
    panel = window.scenario_panel
    panel.add_scenario(Scenario("A", parameters={"Room Temperature": 50}))
    drawn(qtbot, window, {"A"})
    panel.list.item(0).setText("Mild")
    drawn(qtbot, window, {"Mild"})
    from PySide6.QtCore import Qt

    panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    drawn(qtbot, window, set())
    assert panel.entries[0].visible is False


def test_scenario_from_current_and_file_for_other_model_warns(open_window, qtbot, tmp_path):
    window = open_window
    window.session.set_parameter("Characteristic Time", 4)
    entry = window.scenario_panel.add_from_current("Fast")
    assert entry.scenario.parameters == {"Characteristic Time": 4.0}
    path = tmp_path / "old.toml"
    save_scenario(
        Scenario("Old", model_sha256="0" * 64, parameters={"Room Temperature": 30, "Gone": 1}),
        path,
    )
    window.scenario_panel.load_file(path)
    comparison = drawn(qtbot, window, {"Fast", "Old"})
    assert any("different model content" in w for w in comparison.warnings)
    assert "skipped 'Gone'" in window.scenario_panel.status.text()
    assert comparison.parameters.loc["Room Temperature", "Old"] == 30


def test_chosen_compare_time(open_window, qtbot):
    window = open_window
    panel = window.scenario_panel
    panel.set_compare_time(10)
    panel.add_scenario(Scenario("Hot", parameters={"Room Temperature": 90}))
    qtbot.waitUntil(
        lambda: (
            window.scenario_overlay.comparison is not None
            and window.scenario_overlay.comparison.time == 10
        ),
        timeout=RESULT_TIMEOUT_MS,
    )
    run = window.session.model.run({"Room Temperature": 90})
    assert window.scenario_overlay.comparison.outputs.loc[STOCK, "Hot"] == run[STOCK].loc[10]


def test_saved_scenario_names_its_model_relative_to_itself(open_window, tmp_path):
    from windfall.core.analysis.scenario import load_scenario

    window = open_window
    window.scenario_panel.add_scenario(Scenario("Hot", parameters={"Room Temperature": 90}))
    target = tmp_path / "scenarios" / "hot.toml"
    target.parent.mkdir()
    window.scenario_panel.save_file(0, target)
    saved = load_scenario(target)
    assert saved.model_path == "../teacup.mdl"
    assert saved.model_sha256 == window.session.model.content_hash
    assert saved.parameters == {"Room Temperature": 90.0}
