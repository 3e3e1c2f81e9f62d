"""Options the analysis commands (optimize, calibrate, map, sensitivity) share: the values
everything else keeps (--scenario, --set), where batches run (--chunk, --scheduler) and the
optional chart of the result (--chart)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from windfall.core.errors import WindfallError

CHART_SUFFIXES = (".png", ".svg", ".pdf", ".pptx")


def add_base_args(parser) -> None:
    parser.add_argument("model", help="a .mdl or XMILE model file")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="FILE",
        help="start from a scenario's values and time settings (repeat to layer them)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", dest="sets", help="a constant"
    )
    parser.add_argument("--chunk", type=int, default=500, help="runs per batch (default 500)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run batches on a Dask cluster")


def add_output_args(parser, report_help: str = "write the full result as JSON") -> None:
    parser.add_argument("--report", type=Path, metavar="OUT.json", help=report_help)
    parser.add_argument(
        "--chart", type=Path, metavar="OUT", help="chart of the result (.png/.svg/.pdf/.pptx)"
    )


def base_values(args, model):
    """(overrides, settings, names of the scenarios used) from --scenario files and --set."""
    from windfall.core.analysis.scenario import load_scenario
    from windfall.core.cli.export import warn_other_content
    from windfall.core.cli.model import parse_sets
    from windfall.core.model.loaded import RunSettings

    overrides: dict[str, object] = {}
    settings: dict[str, float] = {}
    scenarios = [load_scenario(path) for path in args.scenario]
    warn_other_content(model, scenarios)
    for scenario in scenarios:
        overrides.update({model.variable(k).name: v for k, v in scenario.overrides().items()})
        settings.update(scenario.settings.given())
    for name, text in parse_sets(model.path, args.sets).items():
        var = model.variable(name)
        overrides[var.name] = model.resolve_overrides({var.name: text})[var.py_name]
    return overrides, RunSettings(**settings), [s.name for s in scenarios]


def check_chart_path(path: Path | None) -> None:
    """Refuse a chart name whose format is unknown before any work starts."""
    if path is not None and path.suffix.lower() not in CHART_SUFFIXES:
        raise WindfallError(path, f"charts are written as {', '.join(CHART_SUFFIXES)}")


@contextlib.contextmanager
def dask_client(model, args):
    """A client of the --scheduler cluster for the command's duration, or None."""
    if not args.scheduler:
        yield None
        return
    from windfall.core.cli.sweep import _client

    client = _client(model.path, args.scheduler)
    try:
        yield client
    finally:
        client.close()


def write_report(path: Path | None, report: dict) -> None:
    if path is not None:
        from windfall.core.analysis.reports import save_report

        save_report(report, path)


def write_chart(path: Path | None, report: dict) -> None:
    """Render the result's chart (Qt is imported only here)."""
    if path is None:
        return
    from windfall.gui.render.analysis_export import export_report_chart

    export_report_chart(report, path)


def say(text: str) -> None:
    print(text, file=sys.stdout)
