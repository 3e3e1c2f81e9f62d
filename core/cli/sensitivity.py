"""`windfall sensitivity MODEL --vary "NAME=uniform(a,b)" ... --outcome VAR@TIME
[--method sobol|morris|oat] [-n N] [--seed S] [--json]`: which constants drive an outcome."""

from __future__ import annotations

import json

from windfall.core.cli.analysis_args import add_base_args, add_output_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sensitivity",
        help="global sensitivity of an outcome: Sobol' indices, Morris screening, or swings",
        description="Samples the --vary constants from their distributions and ranks them by "
        "their effect on the outcome: Sobol' first-order (S1) and total (ST) indices from "
        "N x (constants + 2) runs, Morris mu* and sigma from N trajectories, or one-at-a-time "
        "swings over each constant's range (oat, for a tornado chart).",
    )
    add_base_args(parser)
    parser.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="NAME=DIST(ARGS)",
        help="uniform(low,high), normal(mean,sd), triangular(low,mode,high); "
        "uniform() or triangular() use the declared range",
    )
    parser.add_argument("--outcome", required=True, metavar="VAR@TIME", help="what is explained")
    parser.add_argument("--method", choices=("sobol", "morris", "oat"), default="sobol")
    parser.add_argument(
        "-n",
        type=int,
        help="Sobol' base samples (a power of two; default 1024) or Morris "
        "trajectories (default 100)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print one object per constant")
    add_output_args(parser)
    parser.set_defaults(handler=cmd_sensitivity)


def cmd_sensitivity(args) -> int:
    from windfall.core.analysis.jobs import BatchRunner
    from windfall.core.analysis.outcome import parse_outcome
    from windfall.core.analysis.sensitivity import DEFAULT_N, analyse, sensitivity_report
    from windfall.core.analysis.sweep import parse_vary
    from windfall.core.cli.analysis_args import (
        base_values,
        check_chart_path,
        dask_client,
        write_chart,
        write_report,
    )
    from windfall.core.loading.loader import open_model

    check_chart_path(args.chart)
    model = open_model(args.model)
    varies = [parse_vary(model, text) for text in args.vary]
    outcome = parse_outcome(model, args.outcome)
    base, settings, _names = base_values(args, model)
    n = DEFAULT_N[args.method] if args.n is None else args.n
    with dask_client(model, args) as client:
        runner = BatchRunner(model, [outcome.column], base, settings, args.chunk, client)
        result = analyse(runner, varies, outcome, args.method, n, args.seed)
    report = sensitivity_report(model, result, varies, n, args.seed)
    write_report(args.report, report)
    write_chart(args.chart, report)
    if args.json:
        print(json.dumps(result.records(), indent=1))
    else:
        _print_table(model, result)
    return 0


def _print_table(model, result) -> None:
    keys = {
        "sobol": ("S1", "ST"),
        "morris": ("mu_star", "sigma"),
        "oat": ("outcome_low", "outcome_high", "swing"),
    }
    shown = keys[result.method]
    rank = shown[-1]
    order = sorted(range(len(result.names)), key=lambda k: -result.indices[rank][k])
    print(
        f"{result.method} sensitivity of {result.outcome.label()} in {model.path.name} "
        f"({result.runs:,} runs; at current values {result.base:.6g})"
    )
    width = max(len(name) for name in result.names)
    print(f"  {'constant':<{width}}  " + "  ".join(f"{key:>12}" for key in shown))
    for k in order:
        cells = "  ".join(f"{result.indices[key][k]:>12.4g}" for key in shown)
        print(f"  {result.names[k]:<{width}}  {cells}")
    for note in result.notes:
        print(f"  note: {note}")
