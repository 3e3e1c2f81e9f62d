"""`windfall gui --screenshot`: opens offscreen, waits for the first run, saves a PNG, exits."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def windfall(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "windfall.core.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def test_screenshot_of_default_model_is_written(tmp_path):
    out = tmp_path / "window.png"
    done = windfall("gui", "--screenshot", str(out))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    colours = {image.pixelColor(x, y).name() for x in range(0, 800, 7) for y in range(0, 500, 7)}
    assert len(colours) > 20, "the window was drawn, not a blank frame"


def test_screenshot_of_broken_model_fails_with_one_line(tmp_path):
    broken = tmp_path / "broken.mdl"
    broken.write_text("x = (((\n~~|\n", encoding="utf-8")
    out = tmp_path / "window.png"
    done = windfall("gui", str(broken), "--screenshot", str(out))
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error:") and "broken.mdl" in done.stderr
    assert not out.exists()
