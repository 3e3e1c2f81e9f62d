"""An analysis's answer as a scenario file: the starting values with the found constants on
top, and what found them in its `[results]` table."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.core.model.loaded import RunSettings


def result_scenario(
    model,
    name: str,
    description: str,
    base: Mapping[str, object],
    found: Mapping[str, float],
    settings: RunSettings,
    results: Mapping[str, float | str],
) -> Scenario:
    """`base` constants and lookups (as run), overridden by the `found` constants."""
    parameters: dict[str, float] = {}
    lookups: dict[str, tuple[list[float], list[float]]] = {}
    for key, value in base.items():
        var = model.variable(key)
        if var.kind == "lookup":
            xs, ys = value  # type: ignore[misc]
            lookups[var.name] = ([float(x) for x in xs], [float(y) for y in ys])
        else:
            parameters[var.name] = float(value)  # type: ignore[arg-type]
    parameters.update({model.variable(k).name: float(v) for k, v in found.items()})
    return Scenario(
        name=name,
        description=description,
        model_sha256=model.content_hash,
        settings=settings,
        parameters=parameters,
        lookups=lookups,
        results=dict(results),
    )


def save_result_scenario(model, scenario: Scenario, path: str | Path) -> None:
    """Write it atomically, its model path relative to the file's folder."""
    path = Path(path)
    folder = path.absolute().parent
    scenario.model_path = Path(os.path.relpath(model.path.absolute(), folder)).as_posix()
    save_scenario(scenario, path)
