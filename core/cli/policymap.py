"""`windfall map MODEL --x NAME=LO..HI --y NAME=LO..HI --outcome VAR@TIME -o OUT.csv|.png`:
a policy map, one outcome over a grid of two levers."""

from __future__ import annotations

from pathlib import Path

from windfall.core.cli.analysis_args import CHART_SUFFIXES, add_base_args

MAP_SUFFIXES = (".csv", *CHART_SUFFIXES)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "map",
        help="a policy map: one outcome over a grid of two levers, with a threshold contour",
        description="Runs every point of an N x N grid of two constants as one ensemble and "
        "writes the outcome as long CSV (one row per point: the x constant, the y constant, "
        "the outcome) or as a heat map with contour lines (.png/.svg/.pdf/.pptx).",
    )
    add_base_args(parser)
    parser.add_argument("--x", required=True, metavar="NAME=LO..HI", help="lever across")
    parser.add_argument("--y", required=True, metavar="NAME=LO..HI", help="lever up")
    parser.add_argument("--outcome", required=True, metavar="VAR@TIME", help="what is mapped")
    parser.add_argument("-n", type=int, default=50, help="grid points a side (default 50)")
    parser.add_argument("--threshold", type=float, help="draw the contour where it equals X")
    parser.add_argument("-o", "--out", required=True, type=Path, help="OUT.csv or a chart")
    parser.add_argument("--report", type=Path, metavar="OUT.json", help="the map as JSON")
    parser.add_argument("--title", help="chart title")
    parser.set_defaults(handler=cmd_map)


def cmd_map(args) -> int:
    from windfall.core.analysis.jobs import BatchRunner
    from windfall.core.analysis.outcome import parse_lever, parse_outcome
    from windfall.core.analysis.policymap import map_report, policy_map
    from windfall.core.analysis.sweep import write_table
    from windfall.core.cli.analysis_args import base_values, dask_client, write_report
    from windfall.core.errors import WindfallError
    from windfall.core.loading.loader import open_model

    suffix = args.out.suffix.lower()
    if suffix not in MAP_SUFFIXES:
        raise WindfallError(args.out, f"a map is written as {', '.join(MAP_SUFFIXES)}")
    model = open_model(args.model)
    x, y = parse_lever(model, args.x), parse_lever(model, args.y)
    outcome = parse_outcome(model, args.outcome)
    base, settings, _names = base_values(args, model)
    with dask_client(model, args) as client:
        runner = BatchRunner(model, [outcome.column], base, settings, args.chunk, client)
        pmap = policy_map(runner, x, y, outcome, args.n, args.threshold)
    report = map_report(model, pmap, base)
    if args.title:
        report["title"] = args.title
    if suffix == ".csv":
        write_table(pmap.frame(), args.out)
    else:
        from windfall.gui.render.analysis_export import export_report_chart

        export_report_chart(report, args.out)
    write_report(args.report, report)
    _print_summary(model, pmap, args.out)
    return 0


def _print_summary(model, pmap, out: Path) -> None:
    import numpy as np

    finite = pmap.values[np.isfinite(pmap.values)]
    print(
        f"{pmap.values.size:,} runs of {model.path.name} ({pmap.engine} engine): "
        f"{pmap.outcome.label()} from {finite.min():.6g} to {finite.max():.6g}"
    )
    if pmap.threshold is not None:
        reached = int((pmap.values >= pmap.threshold).sum())
        print(f"  {reached:,} of {pmap.values.size:,} points reach {pmap.threshold:g}")
    print(f"-> {out}")
