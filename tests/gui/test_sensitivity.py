"""Uncertainty bands in the app: drawn under every curve, live with sliders, newest wins, off."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core.analysis.uncertainty import UncertaintySpec, compute_bands, make_vary
from windfall.core.model.fast import FastPath
from windfall.gui.style import CURRENT

BUILT_IN = Path(__file__).resolve().parents[2] / "models" / "benefit_sharing.mdl"
VARIED = "Base Diffusion Rate"
SLIDER = "Rival Base Growth Rate"


@pytest.fixture
def sharing(window, qtbot, tmp_path):
    """The main window with the built-in integrated model open and drawn."""
    target = tmp_path / BUILT_IN.name
    shutil.copy(BUILT_IN, target)
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.open_model(target)
    return window


def enable(window, qtbot, name=VARIED):
    """Vary one constant and switch the bands on; return the first bands drawn."""
    panel = window.sensitivity_panel
    panel.set_varied(name)
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as drawn:
        panel.enable_box.setChecked(True)
    return drawn.args[0]


def band_data(window, plot, variable):
    items = window.band_overlay.items[plot][variable]
    data = {q: items.edges[q].getData()[1] for q in items.edges}
    data[50] = items.median.getData()[1]
    return data


def move_slider(window, name, steps=10):
    slider = window.parameter_panel.rows[name].slider
    slider.setValue(slider.value() + steps)


def test_bands_bracket_the_median_under_each_curve_and_turn_off(sharing, qtbot):
    window = sharing
    bands = enable(window, qtbot)
    assert bands is not None and bands.n == 200
    widths = []
    for plot in window.plot_area.panels:
        for variable in plot.variables:
            band = band_data(window, plot, variable)
            assert np.all(band[5] <= band[25]) and np.all(band[25] <= band[50])
            assert np.all(band[50] <= band[75]) and np.all(band[75] <= band[95])
            widths.append(np.max(band[95] - band[5]))
            items = window.band_overlay.items[plot][variable]
            if widths[-1] > 0:  # a spread band is really filled
                assert items.outer.path().boundingRect().height() > 0
            assert items.outer.zValue() < plot.curves[(CURRENT, variable)].zValue()
            assert items.median.opts["pen"].color().name() == plot.colours[variable].lower()
            view = plot.right_view if plot.sides[variable] == "right" else plot.plot.vb
            assert items.outer.parentItem() is view.childGroup is items.median.parentItem()
    assert max(widths) > 0  # varying the diffusion rate really spreads some trajectories
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as off:
        window.sensitivity_panel.enable_box.setChecked(False)
    assert off.args[0] is None
    for plot in window.plot_area.panels:
        assert window.band_overlay.items[plot] == {}
        assert not any(type(item).__name__ == "FillBetweenItem" for item in plot.plot.items)


def test_slider_recomputes_bands_and_a_burst_draws_only_the_newest(sharing, qtbot):
    window = sharing
    enable(window, qtbot)
    plot = window.plot_area.panels[0]
    variable = plot.variables[0]
    before = band_data(window, plot, variable)[50].copy()
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        move_slider(window, SLIDER)
    after = band_data(window, plot, variable)[50]
    assert not np.array_equal(before, after)
    runner = window.band_overlay.runner
    delivered = []  # (id drawn, newest id at that moment)
    runner.sig_finished.connect(lambda r: delivered.append((r.request_id, runner._latest)))
    first_id = runner._latest
    seed = window.sensitivity_panel.seed_box
    for _ in range(5):  # each seed change asks for bands at once, each move after its run
        move_slider(window, SLIDER, steps=-3)
        seed.setValue(seed.value() + 1)
    window.bridge.simulator.wait_idle()
    qtbot.waitUntil(lambda: bool(delivered) and delivered[-1][0] == runner._latest, timeout=30_000)
    runner.wait_idle()
    qtbot.wait(100)  # anything stale would have arrived by now
    assert runner._latest - first_id >= 6  # a burst of requests ...
    assert len(delivered) < 3  # ... of which only the newest at the time are drawn
    assert all(drawn_id == newest for drawn_id, newest in delivered)
    model, spec = window.session.model, window.sensitivity_panel.spec()
    expected = compute_bands(model, spec, window.session.overrides(), columns=[variable])
    drawn = band_data(window, plot, variable)[50]
    np.testing.assert_array_equal(drawn, expected.band(variable)[50])


def test_bands_are_asked_for_only_after_the_current_curve_is_drawn(sharing, qtbot):
    window = sharing
    enable(window, qtbot)
    runner = window.band_overlay.runner
    newest_at_curve, finished = [], []
    window.sig_result_drawn.connect(lambda _r: newest_at_curve.append(runner._latest))
    runner.sig_finished.connect(lambda r: finished.append(r.request_id))
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        move_slider(window, SLIDER)
    # the ensemble was submitted after the curve went to the plots, not while it was painted
    assert len(newest_at_curve) == 1 and finished and newest_at_curve[0] < finished[-1]


def test_seed_reproduces_bands_and_a_new_seed_changes_them(sharing, qtbot):
    window = sharing
    first = enable(window, qtbot)
    panel, overlay = window.sensitivity_panel, window.band_overlay
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as other:
        panel.seed_box.setValue(panel.seed_box.value() + 1)
    assert not np.array_equal(first.values, other.args[0].values)
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as again:
        panel.seed_box.setValue(panel.seed_box.value() - 1)
    np.testing.assert_array_equal(first.values, again.args[0].values)


def test_pysd_models_compute_bands_on_demand(open_window, qtbot):
    window = open_window
    window.session.model._fast = FastPath(None, "declined for this test")
    panel, overlay = window.sensitivity_panel, window.band_overlay
    panel._on_model(window.session.model)  # the engine note follows the (now PySD) engine
    assert not panel.live and "Compute bands" in panel.note.text()
    panel.runs_box.setValue(12)
    panel.set_varied("Characteristic Time")
    panel.enable_box.setChecked(True)
    qtbot.wait(200)
    assert overlay.bands is None  # nothing runs until asked
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as drawn:
        panel.compute_button.click()
    assert drawn.args[0].engine == "pysd" and drawn.args[0].n == 12
    window.session.set_parameter("Room Temperature", 40)
    assert "press Compute bands" in panel.status.text()


def test_a_variable_put_on_a_plot_gets_bands_and_bad_numbers_are_named(open_window, qtbot):
    window = open_window
    panel, overlay = window.sensitivity_panel, window.band_overlay
    enable(window, qtbot, "Characteristic Time")
    plot = window.plot_area.panels[0]
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        plot.add_variable("Heat Loss to Room")
    band = band_data(window, plot, "Heat Loss to Room")
    assert len(band[50]) == len(window.session.result.frame) and np.all(band[5] <= band[95])
    plot.remove_variable("Heat Loss to Room")
    assert "Heat Loss to Room" not in overlay.items[plot]
    row = panel._row_of("Characteristic Time")
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as cleared:
        panel.table.item(row, 2).setText("20, 5")
    assert cleared.args[0] is None  # no bands from a distribution that is not one
    assert "Characteristic Time" in panel.status.text() and "not a valid" in panel.status.text()


def test_restored_settings_compute_bands_once_on_pysd_runtime(open_window, qtbot):
    window = open_window
    window.session.model._fast = FastPath(None, "declined for this test")
    panel, overlay = window.sensitivity_panel, window.band_overlay
    panel._on_model(window.session.model)
    model = window.session.model
    spec = UncertaintySpec((make_vary(model, "Characteristic Time", "uniform", (5, 15)),), 12, 4)
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as drawn:
        panel.restore(spec, shown=True)
    assert panel.spec() == spec and panel.settings().shown
    assert drawn.args[0].engine == "pysd" and drawn.args[0].n == 12
    with qtbot.waitSignal(overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS) as off:
        panel.restore(spec, shown=False)
    assert off.args[0] is None and not panel.settings().shown
