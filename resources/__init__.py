"""Icons, styles and example data shipped with Windfall."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
