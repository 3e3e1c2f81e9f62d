"""Model files in the app: Save with unsaved marking, failures, workspaces, drops, recovery."""

from __future__ import annotations

import errno
import os

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.core.session import autosave as autosave_module
from windfall.gui.actions import model_file_actions

ROOM = "Room Temperature"


def reopened(qtbot, window, check) -> None:
    qtbot.waitUntil(lambda: window.session.model is not None and check(), timeout=RESULT_TIMEOUT_MS)


def test_edits_mark_the_title_and_save_writes_only_the_number(open_window, qtbot, teacup_path):
    window = open_window
    before = teacup_path.read_text()
    window.plot_area.add_panel("Heat", ["Heat Loss to Room"])
    assert not window.isWindowModified() and "[*]" in window.windowTitle()
    window.session.set_parameter(ROOM, 65.5)
    assert window.isWindowModified()
    assert window.file_actions.save()
    reopened(qtbot, window, lambda: window.session.model.variable(ROOM).value == 65.5)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=RESULT_TIMEOUT_MS)
    assert teacup_path.read_text() == before.replace("\t70\n", "\t65.5\n", 1)

    def titles():
        return [p.title_label.text() for p in window.plot_area.panels]

    # the plots survive the reopen: the saved layout is applied just after the model adopts
    qtbot.waitUntil(lambda: window.file_actions.pending is None, timeout=RESULT_TIMEOUT_MS)
    assert "Heat" in titles()


def test_failed_save_keeps_file_and_edits_and_says_why(open_window, teacup_path, monkeypatch):
    window = open_window
    before = teacup_path.read_bytes()
    window.session.set_parameter(ROOM, 10)

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    assert not window.file_actions.save()
    assert "No space left on device" in window.file_actions.last_message
    assert teacup_path.read_bytes() == before
    assert window.isWindowModified() and window.session.parameters == {ROOM: 10.0}


def test_close_and_open_ask_about_unsaved_edits(open_window, monkeypatch, teacup_path):
    window = open_window
    asked: list[str] = []

    def answer(reply):
        def ask(_window, doing):
            asked.append(doing)
            return reply

        return ask

    window.session.set_parameter(ROOM, 20)
    monkeypatch.setattr(model_file_actions, "ask_unsaved", answer("cancel"))
    assert window.open_model(teacup_path) is None
    assert not window.close() and window.isVisible()
    assert asked == ["opening another model", "closing"]
    monkeypatch.setattr(model_file_actions, "ask_unsaved", answer("discard"))
    assert window.close()


def test_workspace_reopens_edits_scenarios_and_plots(open_window, qtbot, tmp_path):
    from windfall.gui.main_window import MainWindow

    window = open_window
    window.session.set_parameter(ROOM, 33)
    window.scenario_panel.add_scenario(Scenario("Hot", parameters={ROOM: 90}))
    window.scenario_panel.set_visible(0, False)
    window.plot_area.add_panel("Heat", ["Heat Loss to Room"])
    path = tmp_path / "tea.windfall"
    assert window.file_actions.save_workspace(path)
    again = MainWindow()
    qtbot.addWidget(again)
    try:
        assert again.file_actions.open_workspace(path)
        reopened(qtbot, again, lambda: again.session.parameters == {ROOM: 33.0})
        entries = again.scenario_panel.entries
        assert [(e.scenario.name, e.visible) for e in entries] == [("Hot", False)]
        assert [(p.title_label.text(), p.variables) for p in again.plot_area.panels] == [
            (p.title_label.text(), p.variables) for p in window.plot_area.panels
        ]
        recent = [a.text() for a in again.recent_menu.actions()]
        assert {"tea.windfall", "teacup.mdl"} <= set(recent)
    finally:
        again.close()


def test_dropped_scenario_file_is_added(open_window, tmp_path):
    window = open_window
    path = tmp_path / "warm.toml"
    save_scenario(Scenario("Warm", parameters={ROOM: 80}), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "a.txt"))])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    # Qt delivers a drop only during a real drag, so hand it to the window's handler directly.
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    assert window.file_actions.eventFilter(window, drop)
    assert [e.scenario.name for e in window.scenario_panel.entries] == ["Warm"]
    plain = QMimeData()
    plain.setText("not a file")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, plain, buttons, modifiers)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_crashed_session_is_offered_back(open_window, qtbot, monkeypatch):
    from windfall.gui.main_window import MainWindow

    window = open_window
    window.session.set_parameter(ROOM, 44)
    window.scenario_panel.add_scenario(Scenario("Cool", parameters={ROOM: 40}))
    saved = window.file_actions.autosave_now()
    assert saved is not None and saved.is_file()
    monkeypatch.setattr(autosave_module, "_running_here", lambda _data: False)  # as if crashed
    monkeypatch.setattr(model_file_actions, "ask_recover", lambda _window, _question: True)
    again = MainWindow()
    qtbot.addWidget(again)
    try:
        assert again.file_actions.offer_recovery()
        reopened(qtbot, again, lambda: again.session.parameters == {ROOM: 44.0})
        assert [e.scenario.name for e in again.scenario_panel.entries] == ["Cool"]
        assert not saved.exists()  # recovered once, not offered again
    finally:
        again.close()
