"""Before Qt starts on Linux: say which system libraries its X11 plugin lacks, instead of
letting Qt abort the process ("Could not load the Qt platform plugin xcb", exit 134).

PySide6's wheels carry Qt itself but not the X11 helper libraries a desktop usually has; a
fresh Debian or Ubuntu machine lacks a few of them. `ldd` on the xcb plugin names them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Shared object -> the Debian/Ubuntu package that installs it (the ones Qt's xcb plugin and
# its Qt libraries load, beyond what a minimal system has).
DEBIAN_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
LDD_TIMEOUT_S = 10


def uses_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt will pick its X11 plugin: Linux, a display, no other platform chosen."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def platform_plugin(name: str = "xcb") -> Path | None:
    """PySide6's platform plugin `name` (xcb, offscreen ...), if this installation has it."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / f"libq{name}.so"
    return plugin if plugin.is_file() else None


def xcb_plugin() -> Path | None:
    """PySide6's X11 platform plugin, if this installation has one."""
    return platform_plugin("xcb")


def import_problem() -> str | None:
    """Why Qt's widgets cannot load (a system library missing), or None when they can."""
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        found = re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object", str(exc))
        if found is None:
            return f"Qt cannot load ({exc})"
        return missing_message([found.group(1)], "Qt")
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """Shared objects `plugin` needs that the dynamic loader cannot find, in ldd's order."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        listing = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=LDD_TIMEOUT_S
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing = []
    for line in listing.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def missing_message(missing: list[str], needed_by: str = "Qt's X11 platform plugin") -> str:
    """One line naming what is missing and the command that installs it."""
    packages = sorted({DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES})
    text = f"{needed_by} needs system libraries that are missing: {', '.join(missing)}"
    if packages:
        text += (
            f"; on Debian or Ubuntu install them with: sudo apt-get install {' '.join(packages)}"
        )
    return text


def check_display() -> str | None:
    """Why the window cannot open on this machine (one line), or None when it can."""
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ
    if not env.get("QT_QPA_PLATFORM") and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "there is no display to open the window on (DISPLAY is not set); start Windfall "
            "from a desktop session, or use --screenshot, which works without one"
        )
    problem = import_problem()
    if problem is not None or not uses_xcb():
        return problem
    plugin = xcb_plugin()
    missing = missing_libraries(plugin) if plugin is not None else []
    return missing_message(missing) if missing else None
