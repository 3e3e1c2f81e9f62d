"""Starting the desktop app: one QApplication, the light theme, and the screenshot mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QTimer

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_bytes_atomic
from windfall.gui.theme import ensure_app

SCREENSHOT_SETTLE_MS = 400
SCREENSHOT_TIMEOUT_MS = 180_000


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
