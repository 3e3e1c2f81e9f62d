"""The main window: default model, live sliders, newest-wins drawing, undo, broken files."""

from __future__ import annotations

import threading

import numpy as np

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core import RunSettings
from windfall.gui.style import CURRENT

STOCK = "Teacup Temperature"
PARAM = "Characteristic Time"


def curve(window, variable: str = STOCK):
    panel = next(p for p in window.plot_area.panels if variable in p.variables)
    return panel.curve_data(variable, CURRENT)


def drag(qtbot, window, row, positions) -> list:
    """Drag a slider through `positions` (a burst of moves), release, return drawn results."""
    drawn: list = []
    window.sig_result_drawn.connect(drawn.append)
    row.slider.setSliderDown(True)
    for position in positions:
        row.slider.setValue(position)
    row.slider.setSliderDown(False)
    target = row._value_at(positions[-1])
    qtbot.waitUntil(
        lambda: bool(drawn) and drawn[-1].overrides.get(PARAM) == target, timeout=RESULT_TIMEOUT_MS
    )
    assert window.bridge.simulator.wait_idle(60)
    qtbot.wait(50)
    window.sig_result_drawn.disconnect(drawn.append)
    return drawn


def test_window_opens_with_default_model(window, qtbot):
    from windfall.models import DEFAULT_MODEL

    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.open_model(DEFAULT_MODEL)
    result = blocker.args[0]
    model = window.session.model
    assert model.path == DEFAULT_MODEL and "benefit_sharing" in window.windowTitle()
    assert set(window.parameter_panel.rows) == {v.name for v in model.description.parameters}
    assert window.plot_area.panels
    for panel in window.plot_area.panels:
        for name in panel.variables:
            x, y = panel.curve_data(name)
            np.testing.assert_array_equal(y, result.frame[name].to_numpy(dtype=float))
            assert len(x) == len(result.frame)


def test_slider_drag_replots_and_undo_restores(open_window, qtbot):
    window = open_window
    row = window.parameter_panel.rows[PARAM]
    _, before = curve(window)
    drawn = drag(qtbot, window, row, [row.slider.value() - 4, row.slider.value() - 10])
    _, after = curve(window)
    assert window.session.value(PARAM) == 5.0
    expected = window.session.model.run({PARAM: 5.0}, RunSettings())[STOCK].to_numpy()
    np.testing.assert_allclose(after, expected)
    assert not np.allclose(after, before)
    assert drawn[-1].overrides == {PARAM: 5.0}
    assert row.edit.text() == "5" and row.property("changed")
    assert window.stack.can_undo
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.undo_action.trigger()
    assert not window.stack.can_undo, "one drag must be one undo step"
    assert window.session.value(PARAM) == 10.0 and row.edit.text() == "10"
    np.testing.assert_allclose(curve(window)[1], before)
    assert not row.property("changed")


def test_burst_of_moves_draws_only_the_newest(open_window, qtbot, monkeypatch):
    window = open_window
    model = window.session.model
    row = window.parameter_panel.rows[PARAM]
    started, gate = threading.Event(), threading.Event()
    original_run = model.run

    def gated_run(*args, **kwargs):
        started.set()
        gate.wait(60)
        return original_run(*args, **kwargs)

    # Hold the first run in the worker so the rest of the burst arrives while it is running.
    monkeypatch.setattr(model, "run", gated_run)
    drawn: list = []
    window.sig_result_drawn.connect(drawn.append)
    row.slider.setSliderDown(True)
    row.slider.setValue(row.slider.value() - 1)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    for _ in range(10):
        row.slider.setValue(row.slider.value() - 1)
    row.slider.setSliderDown(False)
    newest = row._value_at(row.slider.value())
    gate.set()
    qtbot.waitUntil(lambda: bool(drawn), timeout=RESULT_TIMEOUT_MS)
    assert window.bridge.simulator.wait_idle(60)
    qtbot.wait(50)
    assert [r.overrides for r in drawn] == [{PARAM: newest}]
    expected = original_run({PARAM: newest}, RunSettings())[STOCK].to_numpy()
    np.testing.assert_allclose(curve(window)[1], expected)


def test_typed_value_out_of_range_is_refused_not_clamped(open_window, qtbot):
    window = open_window
    row = window.parameter_panel.rows[PARAM]
    submitted = window.bridge.simulator.latest_run_id
    row.edit.setText("45")
    row.edit.editingFinished.emit()
    assert row.error_label.isVisibleTo(row)
    assert "above the maximum 30" in row.error_label.text() and row.edit.property("invalid")
    assert window.session.parameters == {} and row.edit.text() == "45"
    assert window.bridge.simulator.latest_run_id == submitted
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        row.edit.setText("20")
        row.edit.editingFinished.emit()
    assert window.session.value(PARAM) == 20.0 and not row.error_label.isVisibleTo(row)
    assert row.edit.property("invalid") is False and row.edit.text() == "20"


def test_broken_model_shows_error_and_window_stays_usable(open_window, qtbot, tmp_path):
    window = open_window
    broken = tmp_path / "broken.mdl"
    broken.write_text("Stock = INTEG( (((\n~ ~ |\n", encoding="utf-8")
    with qtbot.waitSignal(window.sig_open_failed, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.open_model(broken)
    assert "broken.mdl" in blocker.args[0]
    assert window.error_dialog is not None and window.error_dialog.isVisible()
    assert "broken.mdl" in window.error_dialog.text()
    assert window.session.model.path.name == "teacup.mdl"
    window.error_dialog.accept()
    row = window.parameter_panel.rows["Room Temperature"]
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        row.slider.setValue(row.slider.value() - 20)
    assert window.session.parameters == {"Room Temperature": 50.0}


def test_mouse_drag_on_slider_is_one_undo_step_and_ctrl_z_undoes(open_window, qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    window = open_window
    row = window.parameter_panel.rows[PARAM]
    slider = row.slider
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    start = handle.center()
    drawn: list = []
    window.sig_result_drawn.connect(drawn.append)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    for dx in range(-5, -45, -5):
        QTest.mouseMove(slider, QPoint(start.x() + dx, start.y()))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(start.x() - 40, start.y()))
    dragged_to = window.session.value(PARAM)
    assert dragged_to < 10.0
    qtbot.waitUntil(lambda: bool(drawn) and drawn[-1].overrides == {PARAM: dragged_to})
    assert window.stack.undo_text == f"set {PARAM}"
    window.activateWindow()
    window.plot_area.setFocus()
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Undo))
    assert window.session.parameters == {} and not window.stack.can_undo
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Redo))
    assert window.session.value(PARAM) == dragged_to
