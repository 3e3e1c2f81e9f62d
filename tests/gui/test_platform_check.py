"""The app names the system libraries Qt's X11 plugin lacks instead of letting Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from windfall.gui import platform_check

LINUX = sys.platform.startswith("linux")

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibQt6Gui.so.6 => /opt/Qt/lib/libQt6Gui.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibfoo-unknown.so.2 => not found
"""


def _fake_ldd(folder: Path, output: str) -> Path:
    """An `ldd` on PATH that prints `output`, as the real one does for a broken plugin."""
    folder.mkdir(exist_ok=True)
    script = folder / "ldd"
    listing = folder / "listing.txt"
    listing.write_text(output)
    script.write_text(f"#!/bin/sh\ncat '{listing}'\n")
    script.chmod(0o755)
    return folder


def test_missing_libraries_are_read_from_ldd_once_each(tmp_path, monkeypatch):
    bin_dir = _fake_ldd(tmp_path / "bin", LDD_OUTPUT)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    missing = platform_check.missing_libraries(tmp_path / "libqxcb.so")
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo-unknown.so.2"]


def test_message_names_the_libraries_and_the_debian_packages():
    message = platform_check.missing_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert message.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "\n" not in message


def test_only_an_x11_start_on_linux_is_checked():
    assert platform_check.uses_xcb({"DISPLAY": ":0"}) is LINUX
    assert platform_check.uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is False
    assert platform_check.uses_xcb({"QT_QPA_PLATFORM": "xcb"}) is LINUX
    assert platform_check.uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) is False
    assert platform_check.uses_xcb({}) is False


def _windfall(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "windfall.core.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.skipif(
    not LINUX or platform_check.xcb_plugin() is None, reason="Qt has no X11 plugin here"
)
def test_gui_without_the_libraries_exits_with_one_line_naming_them(tmp_path):
    bin_dir = _fake_ldd(tmp_path / "bin", LDD_OUTPUT)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    done = _windfall(env, "gui")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in lines[0]


@pytest.mark.skipif(not LINUX, reason="displays are an X11/Wayland matter")
def test_gui_without_a_display_says_so_instead_of_aborting(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    done = _windfall(env, "gui", str(tmp_path / "none.mdl"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: there is no display") and done.stderr.count("\n") == 1
