"""Plot ranges hold still while data moves a little, grow at once, fit tightly when settled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windfall.core.model.description import ModelDescription, VariableInfo
from windfall.gui.plots.plot_panel import PlotPanel
from windfall.gui.plots.steady_view import HEADROOM, SETTLE_MS, steady_range
from windfall.gui.style import CURRENT

STOCK = "Wealth"


def test_steady_range_holds_grows_with_headroom_and_refits_small_data():
    assert steady_range((0.0, 10.0), (1.0, 9.0)) == (0.0, 10.0)
    assert steady_range((0.0, 10.0), (-1.0, 12.0)) == pytest.approx((-2.3, 13.3))
    assert steady_range((0.0, 10.0), (1.0, 12.0)) == pytest.approx((0.0, 13.1))
    assert steady_range((0.0, 10.0), (2.0, 4.0)) == (2.0, 4.0)
    assert steady_range((0.0, 1.0), (2025.0, 2050.0)) == pytest.approx((2025.0, 2052.5))


@pytest.fixture
def panel(qtbot):
    from windfall.gui.theme import ensure_app

    ensure_app()
    description = ModelDescription([VariableInfo(STOCK, "wealth", "stock", units="$")], {})
    plot = PlotPanel("Test", description, [STOCK])
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def show(panel: PlotPanel, high: float) -> np.ndarray:
    """Draw a run rising from 0 to `high`; return the y range shown once it is painted."""
    times = np.linspace(0.0, 10.0, 11)
    panel.set_frame(CURRENT, pd.DataFrame({STOCK: times / 10.0 * high}, index=times))
    panel.plot_widget.grab()  # paints, which is when pyqtgraph applies auto-range
    return np.array(panel.plot.vb.viewRange()[1])


def test_range_grows_at_once_holds_for_small_changes_and_fits_when_settled(panel, qtbot):
    first = show(panel, 10.0)
    assert first[0] <= 0.0 and 10.0 <= first[1] < 10.0 * (1 + HEADROOM)  # the first fit is tight
    assert np.array_equal(show(panel, 9.0), first)  # held: the axes need no new ticks
    grown = show(panel, 20.0)
    assert grown[1] >= 20.0 + HEADROOM * 20.0 * 0.99
    qtbot.wait(SETTLE_MS + 100)
    panel.plot_widget.grab()
    settled = np.array(panel.plot.vb.viewRange()[1])
    assert settled[0] <= 0.0 and 20.0 <= settled[1] < grown[1]
    small = show(panel, 2.0)  # data filling a sliver of the view refits at once
    assert 2.0 <= small[1] < 0.5 * settled[1]


def test_reset_view_fits_tightly_after_zooming_out(panel):
    show(panel, 10.0)
    panel.plot.vb.setRange(yRange=(-500.0, 500.0), padding=0.0)  # as a zoom does
    assert np.array_equal(show(panel, 12.0), [-500.0, 500.0])  # a zoom is kept
    panel.reset_view()
    panel.plot_widget.grab()
    low, high = panel.plot.vb.viewRange()[1]
    assert low <= 0.0 and 12.0 <= high < 12.0 * (1 + HEADROOM)


def test_cached_axis_repaints_its_ticks_when_the_range_changes(panel):
    show(panel, 10.0)
    width = int(panel.plot.getAxis("left").width())
    before = panel.plot_widget.grab().toImage().copy(0, 0, width, 250)
    show(panel, 5000.0)
    after = panel.plot_widget.grab().toImage().copy(0, 0, width, 250)
    assert before != after
