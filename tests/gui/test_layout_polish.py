"""Layout checks on the built-in model: nothing clipped, every curve and scenario named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QTabBar

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.gui.overlays.band_overlay import VISIBLE_WIDTH
from windfall.models import DEFAULT_MODEL

SIZES = {"default": (1600, 1000), "narrow": (1280, 800)}


@pytest.fixture
def built_in(window, qtbot):
    """The main window with the built-in model (long names and units) opened and drawn."""
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.open_model(DEFAULT_MODEL)
    return window


def rect_in(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_parameter_rows_fit_the_dock(built_in, qtbot, size):
    window = built_in
    window.resize(*size)
    dock = window.docks["parameters"]
    # the analyst drags the dock as narrow as it goes: the rows still fit
    for width in (330, 1):
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        qtbot.wait(20)
        viewport = window.parameter_panel.scroll.viewport()
        visible = viewport.rect()
        for name, row in window.parameter_panel.rows.items():
            for part in (row.edit, row.units_label, row.reset_button, row.slider):
                where = rect_in(part, viewport)
                assert visible.left() <= where.left() and where.right() <= visible.right(), (
                    f"{name}: {part.objectName() or type(part).__name__} at {where} "
                    f"outside the viewport {visible} (dock {dock.width()} wide)"
                )
            assert row.name_label.shown_text().rstrip("…") in row.var.name
            assert row.var.name in row.toolTip()  # an elided name stays readable in full


def scenarios_drawn(qtbot, window, names: set[str]) -> None:
    def ready() -> bool:
        return all(set(p.scenario_names()) == names for p in window.plot_area.panels)

    qtbot.waitUntil(ready, timeout=RESULT_TIMEOUT_MS)
    qtbot.wait(20)  # the legends' layout follows on the next pass of the event loop


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_scenario_and_variable_has_a_visible_legend_entry(built_in, qtbot, size):
    window = built_in
    window.resize(*size)
    folder = DEFAULT_MODEL.parent / "scenarios"
    for name in ("strategic-sharing.toml", "windfall-clause.toml"):
        window.scenario_panel.load_file(folder / name)
    named = {e.scenario.name for e in window.scenario_panel.entries}
    scenarios_drawn(qtbot, window, named)
    for plot in window.plot_area.panels:
        legend = plot.legend
        assert legend.height() >= legend.heightForWidth(legend.width())
        assert rect_in(legend, plot).bottom() <= plot.rect().bottom()
        placed = {p.entry.text: p for p in legend.place(legend.width())}
        for p in placed.values():
            assert legend.rect().contains(p.rect), f"{p.entry.text} drawn outside its legend"
        for variable in plot.variables:
            label = next(t for t in placed if t.startswith(variable))
            assert placed[label].shown, f"{variable} has no text in the legend"
        for name in named:
            assert placed[name].shown.rstrip("…"), f"{name} missing from {plot.title_label.text()}"
            curve_pen = plot.curves[(name, plot.variables[0])].opts["pen"]
            assert placed[name].entry.pen.style() == curve_pen.style()  # the key shows its dash


def test_hidden_scenario_leaves_plots_and_legends(built_in, qtbot):
    window = built_in
    folder = DEFAULT_MODEL.parent / "scenarios"
    window.scenario_panel.load_file(folder / "windfall-clause.toml")
    name = window.scenario_panel.entries[0].scenario.name
    scenarios_drawn(qtbot, window, {name})
    plot = window.plot_area.panels[0]
    curves = [plot.curves[(name, v)] for v in plot.variables]
    window.scenario_panel.set_visible(0, False)
    scenarios_drawn(qtbot, window, set())
    assert all(curve.scene() is None for curve in curves)  # taken off the plot, not hidden
    assert name not in plot.legend.text() and "Current" not in plot.legend.text()


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_dock_tab_titles_are_shown_whole(built_in, qtbot, size):
    window = built_in
    window.resize(*size)
    qtbot.wait(20)
    bars = [b for b in window.findChildren(QTabBar) if b.isVisible()]
    for bar in bars:
        for i in range(bar.count()):
            assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width(), (
                f"tab '{bar.tabText(i)}' squeezed to {bar.tabRect(i).width()} px"
            )
    assert len(bars) == 2  # one tab group a side: inputs left, browsing and comparing right


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_time_axes_label_the_final_time(built_in, qtbot, size):
    window = built_in
    window.resize(*size)
    qtbot.wait(20)
    final = window.session.result.frame.index[-1]
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    for plot in window.plot_area.panels:
        plot.reset_view()  # the tight fit a run settles to: the final time at the axis end
        painter = QPainter(image)
        _axis, _ticks, texts = plot.plot.getAxis("bottom").generateDrawSpecs(painter)
        painter.end()
        labels = [text for _rect, _flags, text in texts]
        assert f"{final:g}" in labels, f"{plot.title_label.text()} time axis shows {labels}"


def test_window_fits_a_1280_by_800_screen(qtbot):
    from windfall.gui.main_window import MainWindow
    from windfall.gui.theme import ensure_app

    ensure_app()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.minimumHeight() <= 800 - 40  # leaves room for a task bar and title
    window.resize(1280, 800)
    window.show()
    qtbot.wait(20)
    assert (window.width(), window.height()) == (1280, 800)
    window.close()


def test_legends_explain_the_bands_where_they_show(built_in, qtbot):
    window = built_in
    panel = window.sensitivity_panel
    panel.set_varied("Average Research Career")  # moves safety research, not wealth
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        panel.enable_box.setChecked(True)
    qtbot.wait(20)
    bands = window.band_overlay.bands
    spread = {}
    for variable in bands.columns:
        low, high = bands.band(variable)[5], bands.band(variable)[95]
        spread[variable] = np.any(high - low > VISIBLE_WIDTH * (high.max() - low.min()))
    assert any(spread.values()) and not all(spread.values())
    for plot in window.plot_area.panels:
        legend = plot.legend
        placed = {p.entry.text: p for p in legend.place(legend.width())}
        if not any(spread[v] for v in plot.variables):
            assert "median" not in placed, f"{plot.title_label.text()} shows no band to explain"
            continue
        for text in ("5–95 %", "25–75 %", "median"):
            assert legend.rect().contains(placed[text].rect), (plot.title_label.text(), text)
        assert legend.height() >= legend.heightForWidth(legend.width())
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        panel.enable_box.setChecked(False)
    assert not any("median" in p.legend.text() for p in window.plot_area.panels)


def test_time_axis_spans_the_run_after_a_resize(qtbot):
    from windfall.core.model.description import ModelDescription, VariableInfo
    from windfall.gui.plots.plot_panel import PlotPanel
    from windfall.gui.style import CURRENT
    from windfall.gui.theme import ensure_app

    ensure_app()
    description = ModelDescription([VariableInfo("Wealth", "wealth", "stock", units="$")], {})
    plot = PlotPanel("Test", description, ["Wealth"])
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    qtbot.waitExposed(plot)
    times = np.linspace(2025.0, 2050.0, 101)
    plot.set_frame(CURRENT, pd.DataFrame({"Wealth": times - 2000.0}, index=times))
    plot.plot_widget.grab()  # paints, which is when pyqtgraph applies auto-range
    plot.resize(300, 250)  # a smaller view is padded more: the time axis must not grow
    qtbot.wait(20)
    plot.set_frame(CURRENT, pd.DataFrame({"Wealth": times - 1999.0}, index=times))
    plot.plot_widget.grab()
    low, high = plot.plot.vb.viewRange()[0]
    pad = 0.1 * 25.0  # pyqtgraph's largest padding
    assert 2025.0 - pad <= low <= 2025.0 and 2050.0 <= high <= 2050.0 + pad


def test_crosshair_values_float_over_the_plot_without_moving_it(built_in, qtbot):
    window = built_in
    window.resize(*SIZES["narrow"])
    window.scenario_panel.load_file(DEFAULT_MODEL.parent / "scenarios" / "windfall-clause.toml")
    name = window.scenario_panel.entries[0].scenario.name
    scenarios_drawn(qtbot, window, {name})
    for plot in window.plot_area.panels:
        view_before = plot.plot.vb.sceneBoundingRect()
        legend_before = plot.legend.text()
        text = plot.show_values_at(2040.0)
        assert "t = 2040" in text and name in text
        box = plot.crosshair_values.sceneBoundingRect()
        assert plot.plot.sceneBoundingRect().contains(box), f"{plot.title_label.text()} {box}"
        qtbot.wait(20)
        assert plot.plot.vb.sceneBoundingRect() == view_before  # the layout did not move
        assert plot.legend.text() == legend_before


def test_a_layout_saved_before_the_docks_moved_is_not_restored(qtbot):
    from windfall.gui.main_window import MainWindow
    from windfall.gui.theme import ensure_app

    ensure_app()
    old = MainWindow()
    qtbot.addWidget(old)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    old.addDockWidget(right, old.docks["run"])  # where run settings were tabbed before
    old.tabifyDockWidget(old.docks["scenarios"], old.docks["run"])
    old.settings.setValue("window/state", old.saveState())  # saved without a layout version
    old.settings.sync()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.dockWidgetArea(again.docks["run"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert again.docks["run"] in again.tabifiedDockWidgets(again.docks["parameters"])
