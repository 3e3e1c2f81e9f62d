"""The one QApplication and Windfall's light theme, shared by the window and headless exports."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from windfall.resources import RESOURCES_DIR

# The offscreen platform says this for every dock; it is noise, not a problem to report.
QUIET_QT_MESSAGES = ("does not support propagateSizeHints",)


def _qt_message(_mode, _context, message: str) -> None:
    if not any(quiet in message for quiet in QUIET_QT_MESSAGES):
        print(message, file=sys.stderr)


def ensure_app() -> QApplication:
    """The one QApplication, created with Windfall's look on first call."""
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Windfall")
        app.setOrganizationName("Windfall")
        apply_theme(app)
    return app


def apply_theme(app: QApplication) -> None:
    """A light Fusion theme: the same on every platform, readable in print and on projectors."""
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f3f4f6",
        QPalette.ColorRole.WindowText: "#1f2328",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fa",
        QPalette.ColorRole.Text: "#1f2328",
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2328",
        QPalette.ColorRole.Highlight: "#0a64c2",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2328",
        QPalette.ColorRole.PlaceholderText: "#8c959f",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet((RESOURCES_DIR / "style.qss").read_text(encoding="utf-8"))
    app.setWindowIcon(QIcon(str(RESOURCES_DIR / "windfall.svg")))
    pg.setConfigOptions(antialias=True, background="w", foreground="#444")
