"""Core must work without Qt, and the package's generic names must not leak."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_IMPORT_ALL_WITHOUT_QT = """
import importlib, pkgutil, sys
for blocked in ("PySide6", "shiboken6", "pyqtgraph"):
    sys.modules[blocked] = None          # any import of these now raises ImportError
import windfall.core
for info in pkgutil.walk_packages(windfall.core.__path__, "windfall.core."):
    importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph")
                and sys.modules[m] is not None)
print("LOADED", loaded)
"""


def test_core_imports_with_qt_absent(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_WITHOUT_QT],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


_WHERE = """
import importlib.util
print("core", importlib.util.find_spec("core") is not None and
      str(importlib.util.find_spec("core").origin))
print("gui", importlib.util.find_spec("gui") is not None and
      str(importlib.util.find_spec("gui").origin))
print("windfall.core", importlib.util.find_spec("windfall.core").origin)
"""


def test_generic_names_live_under_the_windfall_namespace(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", _WHERE], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert Path(lines["windfall.core"]).parent.name == "core"
    for generic in ("core", "gui"):
        assert str(REPO) not in lines[generic], f"'{generic}' importable as a top-level name"
