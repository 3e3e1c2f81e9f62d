"""The `windfall` command line. It imports the GUI only for `gui`, `export` and `brief`."""

from windfall.core.cli.main import main

__all__ = ["main"]
