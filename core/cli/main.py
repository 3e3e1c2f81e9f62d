"""The `windfall` command line: one sub-command module each, loaded by name.

Contract: exit 0 on success; on bad input exit 2 with one `error: ...` line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from windfall.core.errors import WindfallError
from windfall.core.version import __version__

# Each module defines `register(subparsers)` and imports heavy or Qt modules only when run.
COMMAND_MODULES = (
    "windfall.core.cli.model",
    "windfall.core.cli.bench",
    "windfall.core.cli.sweep",
    "windfall.core.cli.save",
    "windfall.core.cli.gui",
    "windfall.core.cli.export",
    "windfall.core.cli.optimize",
    "windfall.core.cli.calibrate",
    "windfall.core.cli.policymap",
    "windfall.core.cli.sensitivity",
)
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line usage, reported like any other bad input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other bad input
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="windfall", description="System-dynamics models of AI benefit-sharing.")
    parser.add_argument("--version", action="version", version=f"windfall {__version__}")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv or ["gui"])
        return int(args.handler(args) or 0)
    except (WindfallError, UsageError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
