"""Run `windfall bench` over the benchmark suite and print a Markdown table.

Suite: the built-in models, a few shared test models, a generated World3-sized model
(benchmarks/generate_model.py) and a subscripted shared model (which runs on PySD's runtime).

    .venv/bin/python benchmarks/run_suite.py [--repeats 5] [--json OUT.json] [--quick]

--quick drops the slow PySD-heavy models (the generated model takes PySD minutes per run).
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from windfall.core.analysis.bench import bench

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "testmodels" / "tests"
SHARED_CASES = (
    "lookups/test_lookups.mdl",
    "delay_numeric_error/test_delay_numeric_error.mdl",
    "smooth_and_stock/test_smooth_and_stock.mdl",
    "subscript_2d_arrays/test_subscript_2d_arrays.mdl",
)


def models(scratch: Path, quick: bool) -> list[Path]:
    """The suite's model files; the generated one is written into `scratch`."""
    import importlib.util

    source = Path(__file__).with_name("generate_model.py")
    spec = importlib.util.spec_from_file_location("generate_model", source)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    builtin = REPO / "models" / "benefit_sharing.mdl"
    chosen = [builtin]
    if not quick:
        chosen += sorted(p for p in builtin.parent.glob("*.mdl") if p != builtin)
    chosen += [SHARED / case for case in SHARED_CASES if (SHARED / case).is_file()]
    if not quick:
        folder = scratch / "generated"
        folder.mkdir()
        chosen.append(generator.write_model(folder / "generated_world3_size.mdl"))
    return chosen


STAGES = (
    "one run",
    "re-run, one constant changed",
    "ensemble of 1000",
    "first open",
    "cached reopen",
)


def markdown(results: list[dict]) -> str:
    """One row per model; each stage cell is `Windfall ms / PySD ms (ratio)`."""
    head = " | ".join(STAGES)
    lines = [
        f"| model | vars | engine | {head} | pysimlin one run ms |",
        "|" + "---|" * (len(STAGES) + 4),
    ]
    for result in results:
        rows = {(r["stage"], r["baseline"]): r for r in result["stages"]}
        cells = []
        for stage in STAGES:
            row = rows.get((stage, "pysd"))
            if row is None:
                cells.append("-")
                continue
            base = "-" if row["baseline_ms"] is None else f"{row['baseline_ms']:.4g}"
            ratio = "-" if row["ratio"] is None else f"{row['ratio']:.3g}x"
            cells.append(f"{row['windfall_ms']:.4g} / {base} ({ratio})")
        simlin = rows.get(("one run", "pysimlin"))
        has_simlin = simlin is not None and simlin["baseline_ms"] is not None
        simlin_cell = f"{simlin['baseline_ms']:.3g}" if has_simlin else "-"
        name = f"{result['model']} | {result['variables']} | {result['engine']}"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {simlin_cell} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pysd-budget", type=float, default=20.0)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="windfall-suite-") as scratch:
        for path in models(Path(scratch), args.quick):
            start = time.perf_counter()
            result = bench(path, args.repeats, 1000, args.pysd_budget)
            results.append(result)
            print(f"{path.name}: {time.perf_counter() - start:.0f} s", flush=True)
    print(markdown(results))
    if args.json:
        meta = {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "machine": platform.machine(),
        }
        text = json.dumps({"meta": meta, "results": results}, indent=1)
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
