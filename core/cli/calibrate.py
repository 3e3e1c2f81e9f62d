"""`windfall calibrate MODEL --data DATA.csv --vary NAME=LO..HI ... -o OUT.toml`: fit constants
to historical data; the fitted constants saved as a scenario, the fit as a report."""

from __future__ import annotations

from pathlib import Path

from windfall.core.cli.analysis_args import add_base_args, add_output_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "calibrate",
        help="fit constants to historical data by weighted least squares",
        description="Reads DATA (.csv or .xlsx: a time column, then columns named like model "
        "variables), fits each --vary constant within its bounds to minimise the weighted "
        "sum of squared errors, saves the fitted constants as a scenario and prints the "
        "estimates with confidence intervals and the fit (R², MAPE, Theil's statistics).",
    )
    add_base_args(parser)
    parser.add_argument("--data", required=True, type=Path, help="DATA.csv or DATA.xlsx")
    parser.add_argument(
        "--vary", action="append", required=True, metavar="NAME=LO..HI", help="a constant to fit"
    )
    parser.add_argument(
        "--weight", action="append", default=[], metavar="VAR=W", help="a series' weight"
    )
    parser.add_argument(
        "--sd",
        action="append",
        default=[],
        metavar="VAR=SD",
        help="a series' error standard deviation (weight 1/SD²)",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="confidence intervals from N bootstrap refits (default: from the curvature)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--out", required=True, type=Path, help="scenario file (.toml/.json)")
    parser.add_argument("--name", default="Calibrated", help="the scenario's name")
    add_output_args(parser)
    parser.set_defaults(handler=cmd_calibrate)


def cmd_calibrate(args) -> int:
    from windfall.core.analysis.calibrate import calibrate, calibration_report
    from windfall.core.analysis.history import load_history
    from windfall.core.analysis.jobs import BatchRunner
    from windfall.core.analysis.outcome import parse_lever
    from windfall.core.analysis.scenario import FORMAT_SUFFIXES
    from windfall.core.cli.analysis_args import (
        base_values,
        check_chart_path,
        dask_client,
        write_chart,
        write_report,
    )
    from windfall.core.errors import WindfallError
    from windfall.core.loading.loader import open_model

    if args.out.suffix.lower() not in FORMAT_SUFFIXES:
        raise WindfallError(args.out, "scenario files end in .toml or .json")
    check_chart_path(args.chart)
    model = open_model(args.model)
    if args.seed < 0 or not 0 <= args.bootstrap <= 10_000:
        raise WindfallError(model.path, "--seed must be 0 or more, --bootstrap 0 to 10000")
    history = load_history(model, args.data)
    levers = tuple(parse_lever(model, text) for text in args.vary)
    weights, known_sd = _weights(model, history, args)
    base, settings, _names = base_values(args, model)
    with dask_client(model, args) as client:
        runner = BatchRunner(model, list(history.series), base, settings, args.chunk, client)
        result = calibrate(runner, history, levers, weights, known_sd, args.bootstrap, args.seed)
        report = calibration_report(runner, history, result)
    _save(model, args, base, settings, result)
    write_report(args.report, report)
    write_chart(args.chart, report)
    _print_summary(model, history, result, args.out)
    return 0


def _weights(model, history, args) -> tuple[dict[str, float], bool]:
    """Weights by variable from --weight and --sd; known SDs only if every series has one."""
    from windfall.core.errors import WindfallError

    weights: dict[str, float] = {}
    for flag, texts in (("--weight", args.weight), ("--sd", args.sd)):
        for text in texts:
            name, sep, value = text.partition("=")
            var = model.variable(name.strip()) if sep else None
            try:
                number = float(value)
            except ValueError:
                number = float("nan")
            if var is None or not number > 0 or number == float("inf"):
                raise WindfallError(model.path, f"{flag} '{text}' is not VAR=positive number")
            if var.name not in history.series:
                raise WindfallError(history.path, f"has no column for {flag} '{var.name}'")
            weights[var.name] = number if flag == "--weight" else 1 / number**2
    sds = {model.variable(t.partition("=")[0].strip()).name for t in args.sd}
    return weights, bool(args.sd) and sds == set(history.series) and not args.weight


def _save(model, args, base, settings, result) -> None:
    from windfall.core.analysis.result_scenario import result_scenario, save_result_scenario

    description = (
        f"Fitted to {args.data.name} ({result.points} observations), "
        f"weighted squared error {result.payoff:.6g} (starting values: "
        f"{result.baseline_payoff:.6g})"
    )
    results: dict[str, float | str] = {"data": args.data.name, "payoff": result.payoff}
    for fit in result.fits:
        if fit.r2 is not None:
            results[f"R2 {fit.name}"] = fit.r2
    scenario = result_scenario(
        model, args.name, description, base, result.estimates, settings, results
    )
    save_result_scenario(model, scenario, args.out)


def _print_summary(model, history, result, out: Path) -> None:
    print(f"fitted {len(result.levers)} constants of {model.path.name} to {history.path.name}")
    print(f"  {result.points} observations, {result.runs:,} runs, intervals: {result.interval}")
    for lever in result.levers:
        low, high = result.lower[lever.name], result.upper[lever.name]
        band = "not identifiable" if low is None else f"95% CI {low:.6g} .. {high:.6g}"
        print(f"  {lever.name} = {result.estimates[lever.name]:.6g} ({band})")
    for name in result.at_bound():
        print(f"  note: {name} sits on a bound of its range; widen it")
    payoffs = f"{result.payoff:.6g} (starting values {result.baseline_payoff:.6g})"
    print(f"  weighted squared error {payoffs}")
    for fit in result.fits:
        print(f"  {fit.name}: {_fit_line(fit)}")
    print(f"-> {out}")


def _fit_line(fit) -> str:
    def number(value, form):
        return "n/a" if value is None else format(value, form)

    return (
        f"R² {number(fit.r2, '.4f')}, MAPE {number(fit.mape, '.3g')}%, RMSE {fit.rmse:.4g}, "
        f"Theil UM {number(fit.theil_um, '.3f')} US {number(fit.theil_us, '.3f')} "
        f"UC {number(fit.theil_uc, '.3f')}"
    )
