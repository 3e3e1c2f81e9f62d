"""GUI tests run offscreen; a test that leaves a simulation thread running fails."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from windfall.gui import platform_check  # noqa: E402


def _qt_problem() -> str | None:
    """What keeps Qt from running offscreen on this machine (missing system libraries)."""
    problem = platform_check.import_problem()
    plugin = platform_check.platform_plugin("offscreen")
    if problem is None and plugin is not None:
        missing = platform_check.missing_libraries(plugin)
        problem = (
            platform_check.missing_message(missing, "Qt's offscreen plugin") if missing else None
        )
    return problem


if (_problem := _qt_problem()) is not None:
    pytest.exit(f"the GUI tests cannot start Qt: {_problem}", returncode=3)

TEACUP = Path(__file__).resolve().parents[1] / "core" / "teacup.mdl"
RESULT_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail the test if it leaves any new thread (a simulation worker) alive."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not left:
            return
        time.sleep(0.05)
    pytest.fail(f"threads left running: {[t.name for t in left]}")


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """Unsaved-edit and recovery questions answer "discard"/"no" instead of blocking a test."""
    from windfall.gui.actions import model_file_actions

    monkeypatch.setattr(model_file_actions, "ask_unsaved", lambda _window, _doing: "discard")
    monkeypatch.setattr(model_file_actions, "ask_recover", lambda _window, _question: False)


@pytest.fixture
def teacup_path(tmp_path) -> Path:
    target = tmp_path / "teacup.mdl"
    shutil.copy(TEACUP, target)
    return target


@pytest.fixture
def window(qtbot):
    """A main window, closed (and its worker stopped) after the test."""
    from windfall.gui.main_window import MainWindow
    from windfall.gui.theme import ensure_app

    ensure_app()
    win = MainWindow()
    win.show()
    yield win
    win.close()


@pytest.fixture
def open_window(window, qtbot, teacup_path):
    """The main window with the teacup model opened and its first run drawn."""
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.open_model(teacup_path)
    return window
