"""Entry point of the standalone bundle: the `windfall` command, frozen.

A frozen program has no `python -m`: Windfall starts its translation child as
`<executable> -I -m windfall.core.loading.worker ...`, so that one form is honoured here for
the modules listed below, and nothing else.
"""

from __future__ import annotations

import runpy
import sys

CHILD_MODULES = ("windfall.core.loading.worker",)


def child_module(argv: list[str]) -> str | None:
    """The module a `[-I] -m MODULE ...` child command line asks for, if it is one of ours."""
    rest = argv[1:]
    while rest and rest[0] == "-I":
        rest = rest[1:]
    if len(rest) >= 2 and rest[0] == "-m" and rest[1] in CHILD_MODULES:
        return rest[1]
    return None


def main() -> int:
    module = child_module(sys.argv)
    if module is not None:
        position = sys.argv.index(module)
        sys.argv = [module, *sys.argv[position + 1 :]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from windfall.core.cli import main as windfall_main

    return windfall_main()


if __name__ == "__main__":
    sys.exit(main())
