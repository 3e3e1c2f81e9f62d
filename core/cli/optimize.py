"""`windfall optimize MODEL --vary NAME=LO..HI ... --objective "max VAR@TIME" -o OUT.toml`:
goal seek (one lever) or optimisation, the optimum saved as a scenario."""

from __future__ import annotations

import sys
from pathlib import Path

from windfall.core.cli.analysis_args import add_base_args, add_output_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "optimize",
        help="find lever values that maximise or minimise an objective under constraints",
        description="Moves each --vary constant within its bounds to maximise or minimise "
        "the objective while every --constraint holds, running candidates in batches on the "
        "ensemble engine, and saves the optimum as a scenario file. One lever is a goal seek.",
    )
    add_base_args(parser)
    parser.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="NAME=LO..HI",
        help="a lever and its bounds (NAME alone: its declared range)",
    )
    parser.add_argument(
        "--objective",
        required=True,
        metavar="max|min OUTCOME",
        help="e.g. 'max Coalition Members@2030', 'min integral(Cost) - 2*Members@2040'",
    )
    parser.add_argument(
        "--constraint",
        action="append",
        default=[],
        metavar="OUTCOME>=X",
        help="e.g. 'Coalition Members@2030>=30', 'Alliance Trust@2030..2050>=0.5'",
    )
    parser.add_argument("-o", "--out", required=True, type=Path, help="scenario file (.toml/.json)")
    parser.add_argument("--name", help="the scenario's name (default: Optimum or Goal seek)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--generations", type=int, default=200, help="most generations")
    add_output_args(parser)
    parser.set_defaults(handler=cmd_optimize)


def cmd_optimize(args) -> int:
    from windfall.core.analysis.jobs import BatchRunner
    from windfall.core.analysis.objective import parse_constraint, parse_objective
    from windfall.core.analysis.optimize import Problem, optimize, optimum_report
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
    if args.seed < 0 or args.generations < 1:
        raise WindfallError(model.path, "--seed must be 0 or more and --generations at least 1")
    problem = Problem(
        tuple(parse_lever(model, text) for text in args.vary),
        parse_objective(model, args.objective),
        tuple(parse_constraint(model, text) for text in args.constraint),
    )
    base, settings, _names = base_values(args, model)
    with dask_client(model, args) as client:
        runner = BatchRunner(model, problem.columns, base, settings, args.chunk, client)
        optimum = optimize(runner, problem, args.seed, max_generations=args.generations)
        report = optimum_report(runner, optimum)
    _save(model, args, base, settings, optimum)
    write_report(args.report, report)
    write_chart(args.chart, report)
    _print_summary(model, optimum, args.out)
    return 0


def _save(model, args, base, settings, optimum) -> None:
    from windfall.core.analysis.result_scenario import result_scenario, save_result_scenario

    problem = optimum.problem
    name = args.name or ("Goal seek" if len(problem.levers) == 1 else "Optimum")
    subject = "; ".join(c.label() for c in problem.constraints)
    description = (
        f"{problem.objective.label()} = {optimum.objective_value:.6g}"
        + (f" subject to {subject}" if subject else "")
        + ("" if optimum.feasible else " (not met: the closest setting found)")
    )
    results: dict[str, float | str] = {
        "objective": problem.objective.label(),
        "objective_value": optimum.objective_value,
        "feasible": "yes" if optimum.feasible else "no",
        "method": optimum.method,
    }
    for constraint, value in zip(problem.constraints, optimum.constraint_values, strict=True):
        results[constraint.label()] = value
    scenario = result_scenario(model, name, description, base, optimum.values, settings, results)
    save_result_scenario(model, scenario, args.out)


def _print_summary(model, optimum, out: Path) -> None:
    problem = optimum.problem
    print(f"{optimum.method} over {optimum.evaluations:,} runs of {model.path.name}:")
    for lever in problem.levers:
        value = optimum.values[lever.name]
        print(f"  {lever.name} = {value:.10g} (range {lever.low:g}..{lever.high:g})")
    print(
        f"  {problem.objective.label()} = {optimum.objective_value:.6g}"
        f" (starting values: {optimum.baseline_objective:.6g})"
    )
    for constraint, value in zip(problem.constraints, optimum.constraint_values, strict=True):
        met = "met" if constraint.slack(value) >= 0 else "NOT met"
        print(f"  {constraint.label()}: {value:.6g} ({met})")
    if not optimum.feasible:
        print("warning: no setting met every constraint; the closest is saved", file=sys.stderr)
    print(f"-> {out}")
