"""`windfall export` (one chart or the data) and `windfall brief` (a briefing pack), headless.

Qt is imported only when a command runs; with no display it renders offscreen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from windfall.core.errors import WindfallError

EXPORT_FORMATS = ("png", "svg", "pdf", "csv", "xlsx", "pptx")


def register(subparsers) -> None:
    export = subparsers.add_parser("export", help="export a chart (png/svg/pdf/pptx) or data")
    _common_args(export, "variables to chart (needed for charts; data exports default to all)")
    export.add_argument("--width", type=int, metavar="PX", help="image width in pixels")
    export.add_argument("--height", type=int, metavar="PX", help="image height in pixels")
    export.add_argument("--dpi", type=int, metavar="N", help="dots per inch (default 300)")
    export.add_argument("--format", choices=EXPORT_FORMATS, help="default: from -o's suffix")
    export.set_defaults(handler=cmd_export)

    brief = subparsers.add_parser("brief", help="write a briefing pack (.pdf or .pptx)")
    _common_args(brief, "one panel per --plot (default: the app's panels, each sector's stocks)")
    brief.add_argument(
        "--analysis",
        action="append",
        default=[],
        metavar="REPORT.json",
        help="add an analysis's charts (a --report of optimize, calibrate, map, sensitivity)",
    )
    brief.set_defaults(handler=cmd_brief)


def _common_args(parser, plot_help: str) -> None:
    parser.add_argument("model", help="a .mdl or XMILE model file")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="FILE",
        help="scenario .toml/.json; repeat for each (none: a Baseline run of the model)",
    )
    parser.add_argument("--title", help="chart or pack title")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    parser.add_argument(
        "--plot", action="append", default=[], metavar="VAR[,VAR...]", help=plot_help
    )
    parser.add_argument("--subtitle", default="")


def split_names(values: list[str]) -> list[str]:
    """'A,B' and repeated flags alike, as one flat list of names."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def export_format(args) -> str:
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise WindfallError(
            args.output, f"say --format {'|'.join(EXPORT_FORMATS)} (cannot tell from the name)"
        )
    return fmt


def _scenarios(args):
    from windfall.core.analysis.scenario import load_scenario

    return [load_scenario(path) for path in args.scenario]


def warn_other_content(model, scenarios) -> None:
    """Say so when a scenario was saved for other model content: its numbers may not fit."""
    for scenario in scenarios:
        if scenario.model_sha256 and scenario.model_sha256 != model.content_hash:
            print(
                f"warning: scenario '{scenario.name}' was made for other content of "
                f"{model.path.name} (sha256 {scenario.model_sha256[:12]}, "
                f"now {model.content_hash[:12]})",
                file=sys.stderr,
            )


def cmd_export(args) -> int:
    from windfall.core.analysis import export_data
    from windfall.core.loading.loader import open_model

    fmt = export_format(args)
    scenarios = _scenarios(args)
    model = open_model(args.model)
    warn_other_content(model, scenarios)
    names = split_names(args.plot)
    if fmt in ("csv", "xlsx"):
        columns = export_data.data_columns(model, names or None)
        runs = export_data.run_scenarios(model, scenarios, columns)
        if fmt == "csv":
            export_data.write_csv(args.output, runs)
        else:
            export_data.write_xlsx(args.output, model, runs)
        return 0
    if not names:
        raise WindfallError(args.model, "--plot VAR[,VAR...] names what to chart")
    return _export_chart(args, fmt, model, scenarios, names)


def _export_chart(args, fmt, model, scenarios, names) -> int:
    from windfall.core.analysis.export_data import run_scenarios
    from windfall.gui.render.chart_spec import chart_spec
    from windfall.gui.render.export import chart_size, ensure_app, export_chart

    chart_size(args.output, args.width, args.height, args.dpi)  # bad sizes fail before runs
    ensure_app()
    runs = run_scenarios(model, scenarios, [model.variable(n).name for n in names])
    spec = chart_spec(model, runs, names, args.title, args.subtitle)
    if fmt == "pptx":
        from windfall.gui.render.brief_pptx import write_chart_pptx

        write_chart_pptx(spec, args.output)
    else:
        export_chart(spec, args.output, fmt, args.width, args.height, args.dpi)
    return 0


def cmd_brief(args) -> int:
    from windfall.core.analysis.reports import load_report
    from windfall.core.loading.loader import open_model
    from windfall.gui.render.brief import BRIEF_FORMATS, add_analyses, build_brief, write_brief
    from windfall.gui.render.export import ensure_app

    if Path(args.output).suffix.lower() not in BRIEF_FORMATS:
        raise WindfallError(args.output, "a briefing pack is written as .pdf or .pptx")
    scenarios = _scenarios(args)
    reports = [load_report(path) for path in args.analysis]
    model = open_model(args.model)
    warn_other_content(model, scenarios)
    _warn_other_reports(model, reports, args.analysis)
    panels = [split_names([value]) for value in args.plot]
    ensure_app()
    brief = build_brief(model, scenarios, [p for p in panels if p], args.title, args.subtitle)
    add_analyses(brief, reports)
    write_brief(brief, args.output)
    return 0


def _warn_other_reports(model, reports, paths) -> None:
    """Say so when an analysis was made from other model content than the pack's."""
    for report, path in zip(reports, paths, strict=True):
        if report["model"]["sha256"] != model.content_hash:
            print(
                f"warning: analysis {Path(path).name} was made from {report['model']['file']} "
                f"(sha256 {report['model']['sha256'][:12]}), not this content of "
                f"{model.path.name}",
                file=sys.stderr,
            )
