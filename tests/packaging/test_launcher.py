"""The bundle's launcher: the `windfall` command, plus the one child form Windfall starts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parents[2] / "packaging" / "launcher.py"


def _launcher():
    spec = importlib.util.spec_from_file_location("windfall_launcher", LAUNCHER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_translation_child_form_is_recognised_with_or_without_isolation():
    launcher = _launcher()
    worker = "windfall.core.loading.worker"
    assert launcher.child_module(["windfall", "-m", worker, "staging", ".mdl"]) == worker
    assert launcher.child_module(["windfall", "-I", "-m", worker, "x"]) == worker


def test_no_other_module_can_be_run_through_the_bundle():
    launcher = _launcher()
    assert launcher.child_module(["windfall", "-m", "os", "x"]) is None
    assert launcher.child_module(["windfall", "-m", "windfall.core.cli.main"]) is None
    assert launcher.child_module(["windfall", "run", "-m", "windfall.core.loading.worker"]) is None
    assert launcher.child_module(["windfall", "gui"]) is None
    assert launcher.child_module(["windfall"]) is None
