"""`windfall gui [MODEL] [--screenshot OUT.png]`: the desktop app from the command line."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    gui = subparsers.add_parser("gui", help="open the desktop app (the default command)")
    gui.add_argument("model", nargs="?", help="model file (default: the built-in model)")
    gui.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="save the window once the first run is drawn, then exit (works offscreen)",
    )
    gui.set_defaults(handler=cmd_gui)


def cmd_gui(args) -> int:
    from windfall.core.errors import WindfallError
    from windfall.models import DEFAULT_MODEL

    model = Path(args.model) if args.model else DEFAULT_MODEL
    screenshot = Path(args.screenshot) if args.screenshot else None
    if screenshot is not None:
        if screenshot.suffix.lower() != ".png":
            raise WindfallError(screenshot, "the screenshot must be a .png file")
        if not screenshot.parent.is_dir():
            raise WindfallError(screenshot, "the folder for the screenshot does not exist")
    _choose_platform(screenshot is not None)
    from windfall.gui.app import run_gui

    return run_gui(model, screenshot)


def _choose_platform(screenshot: bool) -> None:
    """Offscreen for a screenshot without a display; else stop with what the window lacks."""
    import os

    from windfall.core.errors import WindfallError
    from windfall.gui.platform_check import check_display

    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if screenshot and headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    problem = check_display()
    if problem is not None:
        raise WindfallError(None, problem)
