"""Starting the desktop app: one QApplication, the light theme, and the screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QTimer, qInstallMessageHandler
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from windfall.core.atomic import write_bytes_atomic
from windfall.core.errors import WindfallError
from windfall.resources import RESOURCES_DIR

SCREENSHOT_SETTLE_MS = 400
SCREENSHOT_TIMEOUT_MS = 180_000
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


def save_screenshot(window, out: Path) -> None:
    """Grab the whole window into a PNG, written atomically."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not window.grab().save(buffer, "PNG"):
        raise WindfallError(out, "could not encode the screenshot")
    write_bytes_atomic(out, bytes(buffer.data()))


def run_gui(model: Path, screenshot: Path | None = None) -> int:
    """Show the main window with `model`; with `screenshot`, save it after the first run."""
    from windfall.gui.main_window import MainWindow

    app = ensure_app()
    window = MainWindow()
    window.show()
    outcome: dict[str, object] = {"code": 0}
    if screenshot is not None:
        _arm_screenshot(app, window, screenshot, outcome)
    if screenshot is not None or not window.file_actions.offer_recovery():
        window.file_actions.open_file(model)
    code = app.exec()
    if isinstance(outcome.get("error"), WindfallError):
        raise outcome["error"]
    return int(outcome["code"]) or code


def _arm_screenshot(app, window, out: Path, outcome: dict) -> None:
    def fail(error: WindfallError) -> None:
        outcome["error"] = error
        window.close()
        app.exit(2)

    def shoot() -> None:
        try:
            save_screenshot(window, out)
        except (WindfallError, OSError) as exc:
            outcome["error"] = (
                exc if isinstance(exc, WindfallError) else WindfallError(out, str(exc))
            )
        window.close()
        app.exit(0)

    def on_drawn(_result) -> None:
        window.sig_result_drawn.disconnect(on_drawn)
        QTimer.singleShot(SCREENSHOT_SETTLE_MS, shoot)

    window.sig_result_drawn.connect(on_drawn)
    window.sig_open_failed.connect(lambda message: fail(WindfallError(None, message)))
    window.bridge.sig_failed.connect(
        lambda kind, message: fail(WindfallError(None, message)) if kind == "run" else None
    )
    timeout = WindfallError(out, "no simulation was drawn in time; screenshot not taken")
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: fail(timeout))
