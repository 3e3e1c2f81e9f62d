"""Uncertainty settings travel with a workspace: saved, reopened and recovered with bands drawn."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core.session import autosave as autosave_module
from windfall.gui.actions import model_file_actions


@pytest.fixture
def banded(open_window, qtbot):
    """The teacup window with bands on: two varied constants, 60 runs, seed 11."""
    window = open_window
    panel = window.sensitivity_panel
    panel.runs_box.setValue(60)
    panel.seed_box.setValue(11)
    panel.set_varied("Characteristic Time", "triangular", (4.0, 10.0, 20.0))
    panel.set_varied("Room Temperature", "normal", (70.0, 0.1 + 0.2))
    with qtbot.waitSignal(window.band_overlay.sig_drawn, timeout=RESULT_TIMEOUT_MS):
        panel.enable_box.setChecked(True)
    return window


def drawn_medians(window) -> dict[str, np.ndarray]:
    """The median each plotted variable's band shows, as drawn on the plots."""
    overlay = window.band_overlay
    return {
        name: items.median.getData()[1]
        for plot in window.plot_area.panels
        for name, items in overlay.items[plot].items()
    }


def fresh_window(qtbot):
    from windfall.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    return window


def wait_for_bands(qtbot, window, reopen) -> None:
    """Run `reopen` and wait until the reopened window has drawn bands (not removed them)."""
    with qtbot.waitSignal(
        window.band_overlay.sig_drawn,
        timeout=RESULT_TIMEOUT_MS,
        check_params_cb=lambda bands: bands is not None,
    ):
        assert reopen()


def test_reopened_workspace_shows_the_same_bands(banded, qtbot, tmp_path):
    window = banded
    spec = window.sensitivity_panel.spec()
    assert len(spec.varies) == 2 and (spec.n, spec.seed) == (60, 11)
    path = tmp_path / "tea.windfall"
    assert window.file_actions.save_workspace(path)
    again = fresh_window(qtbot)
    try:
        wait_for_bands(qtbot, again, lambda: again.file_actions.open_workspace(path))
        panel = again.sensitivity_panel
        assert panel.enabled and panel.spec() == spec
        assert panel.varied_names() == ["Characteristic Time", "Room Temperature"]
        before, after = drawn_medians(window), drawn_medians(again)
        assert before.keys() == after.keys() and before
        for name, median in before.items():
            np.testing.assert_array_equal(after[name], median)
    finally:
        again.close()


def test_recovered_session_drops_a_lost_constant_and_keeps_the_rest(banded, qtbot, monkeypatch):
    window = banded
    saved = window.file_actions.autosave_now()
    data = json.loads(saved.read_text(encoding="utf-8"))
    # as if the model had lost a constant the bands varied
    data["workspace"]["uncertainty"]["vary"][1]["name"] = "Gone Constant"
    saved.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(autosave_module, "_running_here", lambda _data: False)  # as if crashed
    monkeypatch.setattr(model_file_actions, "ask_recover", lambda _window, _question: True)
    again = fresh_window(qtbot)
    try:
        wait_for_bands(qtbot, again, again.file_actions.offer_recovery)
        panel = again.sensitivity_panel
        assert panel.enabled and panel.varied_names() == ["Characteristic Time"]
        kept = panel.spec()
        assert (kept.varies[0].dist, kept.varies[0].args) == ("triangular", (4.0, 10.0, 20.0))
        assert (kept.n, kept.seed) == (60, 11)
        assert "uncertainty: dropped 'Gone Constant'" in again.file_actions.last_message
        assert again.band_overlay.bands.n == 60
    finally:
        again.close()


def test_bands_left_off_stay_off_after_reopening(open_window, qtbot, tmp_path):
    window = open_window
    window.sensitivity_panel.set_varied("Characteristic Time")
    path = tmp_path / "tea.windfall"
    assert window.file_actions.save_workspace(path)
    again = fresh_window(qtbot)
    try:
        assert again.file_actions.open_workspace(path)
        qtbot.waitUntil(lambda: again.session.result is not None, timeout=RESULT_TIMEOUT_MS)
        qtbot.waitUntil(lambda: again.file_actions.pending is None, timeout=RESULT_TIMEOUT_MS)
        panel = again.sensitivity_panel
        assert not panel.enabled and panel.varied_names() == ["Characteristic Time"]
        assert again.band_overlay.bands is None
    finally:
        again.close()
