"""`python -m windfall.core.cli`: the `windfall` command without its console script."""

import sys

from windfall.core.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
