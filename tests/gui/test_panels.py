"""Plots, browser, inspector, lookups, run settings, long runs, warnings and persistence."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core import RunSettings
from windfall.gui.panels.inspector_panel import describe_html
from windfall.gui.plots.plot_panel import format_number
from windfall.gui.style import variable_mime


def test_variables_can_be_added_dropped_and_removed(open_window, qtbot):
    window = open_window
    panel = window.plot_area.panels[0]
    assert panel.variables == ["Teacup Temperature"]
    leaf = next(i for i in window.variable_browser._leaves() if i.text(0) == "Heat Loss to Room")
    window.variable_browser.tree.itemDoubleClicked.emit(leaf, 0)
    assert panel.variables == ["Teacup Temperature", "Heat Loss to Room"]
    frame = window.session.result.frame
    np.testing.assert_array_equal(
        panel.curve_data("Heat Loss to Room")[1], frame["Heat Loss to Room"]
    )
    mime = variable_mime("Cooling Check")  # the event does not own it: keep it alive
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    panel.dropEvent(drop)
    assert "Cooling Check" in panel.variables and drop.isAccepted()
    panel.remove_variable("Heat Loss to Room")
    assert ("current", "Heat Loss to Room") not in panel.curves
    assert "Heat Loss to Room" not in panel.legend.text()


def test_axes_show_model_values_without_si_scaling(open_window, qtbot):
    panel = open_window.plot_area.panels[0]
    panel.add_variable("Cooling Check")  # values 0..2 on a dimensionless axis
    small = open_window.session.result.frame * 1e-3
    panel.set_frame("current", small)
    qtbot.wait(50)
    for side in ("left", "bottom"):
        axis = panel.plot.getAxis(side)
        assert axis.autoSIPrefixScale == 1.0 and "(x" not in axis.labelString()


def test_crosshair_reads_every_curve_at_hovered_time(open_window):
    panel = open_window.plot_area.panels[0]
    frame = open_window.session.result.frame
    text = panel.show_values_at(10.04)
    assert "t = 10" in text
    assert f"Teacup Temperature {frame.loc[10.0, 'Teacup Temperature']:.4g}" in text
    assert format_number(20550.4) == "20,550" and format_number(0.0123456) == "0.01235"
    assert panel.crosshair.isVisible() and panel.crosshair.value() == 10.0


def test_browser_search_and_inspector_links(open_window, qtbot):
    window = open_window
    browser = window.variable_browser
    browser.search.setText("heat")
    shown = [i.text(0) for i in browser._leaves() if not i.isHidden()]
    assert shown == ["Heat Loss to Room"]
    browser.search.clear()
    browser.select("Heat Loss to Room")
    html = window.inspector.browser.toHtml()
    assert "Degrees/Minute" in html and "Characteristic Time" in html
    window.inspector.browser.anchorClicked.emit(QUrl("variable:Teacup%20Temperature"))
    assert window.inspector.current == "Teacup Temperature"
    assert browser.tree.currentItem().text(0) == "Teacup Temperature"


def test_lookup_drag_reruns_live_and_undoes(open_window, qtbot):
    window = open_window
    panel = window.lookup_panel
    assert panel.name == "Cooling Curve"
    before = window.session.result.frame["Cooling Check"].to_numpy()
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        panel.move_point(1, 5.0, 1.5)
        panel.move_point(1, 5.0, 1.8)
        panel.finish_drag()
    assert window.session.lookups == {"Cooling Curve": ((0.0, 5.0, 10.0), (0.0, 1.8, 2.0))}
    qtbot.waitUntil(lambda: window.session.result.overrides == window.session.overrides())
    assert not np.allclose(window.session.result.frame["Cooling Check"], before)
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.undo_action.trigger()
    assert window.session.lookups == {} and not window.stack.can_undo
    np.testing.assert_allclose(window.session.result.frame["Cooling Check"], before)


def _mouse(widget, kind, pos: QPoint, buttons) -> None:
    event = QMouseEvent(
        kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), Qt.MouseButton.LeftButton,
        buttons, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_lookup_point_follows_the_mouse_as_one_undo_step(open_window, qtbot):
    window = open_window
    window.docks["lookups"].raise_()
    panel = window.lookup_panel
    qtbot.waitUntil(panel.plot_widget.isVisible)
    qtbot.wait(200)  # let the freshly shown dock lay out before aiming at a point
    viewport = panel.plot_widget.viewport()

    def at(x: float, y: float) -> QPoint:
        scene = panel.plot.vb.mapViewToScene(QPointF(x, y))
        return panel.plot_widget.mapFromScene(scene)

    start, end = at(5, 1), at(5, 1.6)
    down = Qt.MouseButton.LeftButton
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        _mouse(viewport, QEvent.Type.MouseButtonPress, start, down)
        for i in range(1, 11):
            step = QPoint(start.x(), start.y() + (end.y() - start.y()) * i // 10)
            _mouse(viewport, QEvent.Type.MouseMove, step, down)
        _mouse(viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    xs, ys = window.session.lookups["Cooling Curve"]
    assert xs == (0.0, 5.0, 10.0) and abs(ys[1] - 1.6) < 0.05 and ys[::2] == (0.0, 2.0)
    assert window.stack.undo_text == "edit Cooling Curve"
    window.stack.undo()
    assert window.session.lookups == {} and not window.stack.can_undo


def test_run_settings_apply_and_refuse(open_window, qtbot):
    window = open_window
    fields = window.run_settings_panel.fields
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS) as blocker:
        fields["final_time"].setText("12")
        fields["final_time"].editingFinished.emit()
    assert blocker.args[0].frame.index[-1] == 12
    fields["time_step"].setText("0")
    fields["time_step"].editingFinished.emit()
    assert "Time step must be positive" in window.run_settings_panel.error_label.text()
    assert window.session.settings == RunSettings(final_time=12.0)


def test_long_run_shows_progress_and_can_be_cancelled(open_window, qtbot, monkeypatch):
    window = open_window
    model = window.session.model

    def pysd_run(overrides, settings, columns=None):  # the engine that reports progress
        return model._run_locked(model.resolve_overrides(overrides), settings, None)

    monkeypatch.setattr(model, "run", pysd_run)
    drawn: list = []
    window.sig_result_drawn.connect(drawn.append)
    window.session.set_setting("final_time", 20000)
    status = window.status
    qtbot.waitUntil(lambda: status.cancel_button.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: status.progress.value() > 0, timeout=10_000)
    status.cancel_button.click()
    assert window.bridge.simulator.wait_idle(30)
    qtbot.wait(100)
    assert drawn == [] and not status.progress.isVisible()
    assert "cancelled" in status.run_label.text()


def test_stock_leaving_its_range_is_warned(open_window, qtbot):
    window = open_window
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.session.set_parameter("Room Temperature", 0)
    text = window.status.warning_label.text()
    assert "Teacup Temperature" in text and "range" in text
    assert window.status.run_label.text().startswith("Ran in")


def test_layout_and_recent_files_persist(open_window, qtbot, teacup_path):
    from windfall.gui.main_window import MainWindow

    open_window.resize(700, 500)  # inside the offscreen screen, so no clamping
    open_window.docks["lookups"].hide()
    open_window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (700, 500)
    assert not again.docks["lookups"].isVisible()
    assert [a.text() for a in again.recent_menu.actions()] == ["teacup.mdl"]
    again.close()


def test_right_click_on_a_plot_offers_removing_its_variables(open_window):
    from PySide6.QtGui import QContextMenuEvent

    panel = open_window.plot_area.panels[0]
    viewport = panel.plot_widget.viewport()
    centre = viewport.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    menu = panel.context_menu
    assert menu is not None and menu.isVisible()
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert {"Remove Teacup Temperature", "Reset view", "Remove panel"} <= set(actions)
    actions["Remove Teacup Temperature"].trigger()
    menu.close()
    assert panel.variables == []


def test_inspector_range_gives_the_step_only_where_the_file_does(open_window):
    model = open_window.session.model
    assert "[0, 100]</td>" in describe_html(model.variable("Room Temperature"))
    assert "[1, 30, 0.5]</td>" in describe_html(model.variable("Characteristic Time"))
