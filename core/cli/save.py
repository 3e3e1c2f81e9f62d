"""`windfall save`: write edited constants and lookups back into a model file."""

from __future__ import annotations

import sys
from pathlib import Path

from windfall.core.cli.model import parse_sets


def register(subparsers) -> None:
    save = subparsers.add_parser(
        "save",
        help="save a model with new constant or lookup values, changing nothing else",
    )
    save.add_argument("model")
    save.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="sets")
    save.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="FILE",
        help="apply a scenario file's parameters and lookups (its run settings are not saved)",
    )
    save.add_argument("-o", "--output", required=True, help="model file to write (may be MODEL)")
    save.set_defaults(handler=cmd_save)


def cmd_save(args) -> int:
    from windfall.core.analysis.scenario import load_scenario
    from windfall.core.analysis.scenario_match import scenario_overrides
    from windfall.core.formats.save import save_model
    from windfall.core.loading.loader import open_model

    model = open_model(args.model)
    overrides: dict[str, object] = {}
    for scenario_file in args.scenario:
        fitting, warnings = scenario_overrides(model, load_scenario(scenario_file))
        for line in warnings:
            print(f"warning: {line}", file=sys.stderr)
        overrides.update(fitting)
    for name, value in parse_sets(model.path, args.sets).items():
        overrides[model.variable(name).name] = value
    target = save_model(model, overrides, Path(args.output))
    print(f"saved {target} ({len(overrides)} value(s) set)")
    return 0
