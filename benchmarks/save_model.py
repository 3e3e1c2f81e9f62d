"""Time saving edits back into a model file (no translation: only the text splice and write).

Opens the model once, then saves it `--repeat` times with `--edits` constants changed, into
a temporary folder, and prints the median time per save in milliseconds. Without MODEL it
uses the built-in integrated model.

    .venv/bin/python benchmarks/save_model.py [MODEL] [--edits 5] [--repeat 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from windfall.core import open_model
    from windfall.core.formats.save import save_model
    from windfall.models import DEFAULT_MODEL

    source = Path(args.model) if args.model else DEFAULT_MODEL
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(shutil.copy(source, folder))
        model = open_model(copy)
        params = model.description.parameters[: args.edits]
        edits = {p.name: (p.value or 0.5) * 1.1 for p in params}
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            save_model(model, edits, copy.with_name("saved" + copy.suffix))
            times.append((time.perf_counter() - start) * 1000)
    size = len(model.data)
    print(
        f"{source.name}: {size} bytes, {len(edits)} constants: "
        f"median {statistics.median(times):.1f} ms per save over {args.repeat}"
    )


if __name__ == "__main__":
    main()
