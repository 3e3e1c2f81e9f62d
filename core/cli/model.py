"""`windfall info` and `windfall run`: describe and run a model headless."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import asdict
from pathlib import Path

from windfall.core.errors import WindfallError, printable
from windfall.core.io.atomic import write_text_atomic
from windfall.core.model.loaded import RunSettings


def register(subparsers) -> None:
    info = subparsers.add_parser("info", help="describe a model's variables")
    info.add_argument("model")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(handler=cmd_info)

    run = subparsers.add_parser("run", help="run a model and write CSV")
    run.add_argument("model")
    run.add_argument("--scenario", action="append", default=[], metavar="FILE")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="sets")
    run.add_argument("--initial-time", type=str)
    run.add_argument("--final-time", type=str)
    run.add_argument("--time-step", type=str)
    run.add_argument("--saveper", type=str)
    run.add_argument("--columns", type=str, help="comma-separated variable names")
    run.add_argument("-o", "--output", type=str, help="CSV file (default: stdout)")
    run.set_defaults(handler=cmd_run)


def parse_sets(model_path, pairs: list[str]) -> dict[str, str]:
    """Parse NAME=VALUE pairs; the value is checked against the model later."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise WindfallError(model_path, f"--set '{pair}' is not NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def _time_value(model_path, flag: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise WindfallError(model_path, f"{flag} value '{text}' is not a number") from None


def _settings(args, base: RunSettings) -> RunSettings:
    given = base.given()
    for key in ("initial_time", "final_time", "time_step", "saveper"):
        flag = "--" + key.replace("_", "-")
        value = _time_value(args.model, flag, getattr(args, key))
        if value is not None:
            given[key] = value
    return RunSettings(**given)


def cmd_info(args) -> int:
    from windfall.core.loading.loader import open_model

    model = open_model(args.model)
    desc = model.description
    if args.json:
        print(json.dumps(info_records(desc), indent=1, allow_nan=False, default=str))
        return 0
    print(f"{printable(model.path.name)}  ({len(desc.variables)} variables)")
    why = f" ({model.engine_reason})" if model.engine_reason else ""
    print(f"  engine: {model.engine}{why}")
    for control in desc.controls.values():
        print(f"  {control.name:<14} {control.value!s:>10} {control.units}")
    for var in desc.variables:
        rng = f"[{_fmt(var.min)},{_fmt(var.max)},{_fmt(var.step)}]"
        value = f" = {var.value:g}" if var.value is not None else ""
        print(f"{var.kind:<9} {var.name}{value}  ({var.units or '-'}) {rng}")
        if var.doc:
            print(f"          {var.doc}")
    return 0


def info_records(desc) -> list[dict]:
    """The JSON form of `info`: one object per variable, then one per time setting."""
    records = [asdict(v) for v in desc.variables]
    for key, control in desc.controls.items():
        records.append(
            {
                "name": control.name,
                "kind": "control",
                "key": key,
                "units": control.units,
                "min": None,
                "max": None,
                "step": None,
                "value": control.value,
                "doc": "",
                "equation": control.equation,
            }
        )
    return records


def _fmt(value) -> str:
    return "?" if value is None else f"{value:g}"


def cmd_run(args) -> int:
    from windfall.core.analysis.scenario import load_scenario
    from windfall.core.loading.loader import open_model

    overrides: dict[str, object] = {}
    settings = RunSettings()
    for scenario_file in args.scenario:
        scenario = load_scenario(scenario_file)
        overrides.update(scenario.overrides())
        settings = RunSettings(**{**settings.given(), **scenario.settings.given()})
    model = open_model(args.model)
    overrides.update(parse_sets(model.path, args.sets))
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    frame = model.run(overrides, _settings(args, settings), columns)
    from windfall.core.model.numeric import check_run

    for warning in check_run(frame, model.description):
        print(f"warning: {printable(str(model.path))}: {warning}", file=sys.stderr)
    buffer = io.StringIO()
    frame.to_csv(buffer, index_label="time")
    if args.output:
        write_text_atomic(Path(args.output), buffer.getvalue())
    else:
        sys.stdout.write(buffer.getvalue())
    return 0
