"""Where the app keeps its settings: an INI file in WINDFALL_CONFIG_DIR or the platform's."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

MAX_RECENT = 8


def config_dir() -> Path:
    """WINDFALL_CONFIG_DIR when set (tests, portable installs), else the platform's."""
    given = os.environ.get("WINDFALL_CONFIG_DIR")
    return Path(given) if given else Path(platformdirs.user_config_dir("windfall"))


def app_settings() -> QSettings:
    """A QSettings object on the INI file in `config_dir()`."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "windfall.ini"), QSettings.Format.IniFormat)


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def add_recent_file(settings: QSettings, path: str | Path) -> list[str]:
    """Put `path` first in the recent list, without duplicates, at most MAX_RECENT."""
    path = str(Path(path).absolute())
    files = [path] + [f for f in recent_files(settings) if f != path]
    settings.setValue("recent_files", files[:MAX_RECENT])
    return files[:MAX_RECENT]
