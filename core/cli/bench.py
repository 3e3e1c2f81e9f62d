"""`windfall bench MODEL`: time Windfall against PySD's own runtime on one model."""

from __future__ import annotations

import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "bench", help="time opening, running and ensembles: Windfall against PySD"
    )
    parser.add_argument("model", help="a .mdl or XMILE model file")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repeats", type=int, default=5, help="repeats per stage (median)")
    parser.add_argument("--scenarios", type=int, default=1000, help="ensemble size")
    parser.add_argument(
        "--pysd-budget",
        type=float,
        default=20.0,
        help="seconds PySD may spend on the ensemble before it is timed on fewer runs",
    )
    parser.set_defaults(handler=cmd_bench)


def cmd_bench(args) -> int:
    from windfall.core.analysis.bench import bench, format_table

    result = bench(args.model, args.repeats, args.scenarios, args.pysd_budget)
    print(json.dumps(result, indent=1) if args.json else format_table(result))
    return 0
