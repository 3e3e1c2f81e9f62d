"""Compare scenarios side by side: parameter differences from baseline and key outputs.

Every scenario (the baseline too) is a complete set of overrides on the model's own values,
run with its own time settings over the common ones. A scenario made for other model
content is fitted first: what matches applies, what does not is named in `warnings`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from windfall.core.analysis.scenario import Scenario
from windfall.core.analysis.scenario_match import scenario_overrides
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings


@dataclass
class Comparison:
    """Runs of several scenarios and the tables that set them side by side."""

    names: list[str]
    runs: dict[str, pd.DataFrame]
    parameters: pd.DataFrame
    lookups_changed: dict[str, list[str]]
    outputs: pd.DataFrame
    time: float
    warnings: list[str] = field(default_factory=list)

    def output_changes(self) -> pd.DataFrame:
        """Outputs minus the baseline's (the first column)."""
        return self.outputs.sub(self.outputs.iloc[:, 0], axis=0)

    def outputs_at(self, time: float, variables: Sequence[str] | None = None) -> pd.DataFrame:
        """Key outputs at another time, interpolated between saved steps."""
        return _values_at(self.runs, self.names, list(variables or self.outputs.index), time)


def _unique_names(scenarios: Sequence[Scenario]) -> list[str]:
    names: list[str] = []
    for scenario in scenarios:
        name, n = scenario.name, 2
        while name in names:
            name, n = f"{scenario.name} ({n})", n + 1
        names.append(name)
    return names


def key_outputs(model) -> list[str]:
    """The variables to tabulate when none are chosen: the model's stocks."""
    stocks = [v.name for v in model.description.by_kind("stock") if not v.subscripts]
    return stocks or [v.name for v in model.description.by_kind("flow", "auxiliary")][:10]


def compare_scenarios(
    model,
    scenarios: Sequence[Scenario],
    outputs: Sequence[str] | None = None,
    at_time: float | None = None,
    settings: RunSettings | None = None,
) -> Comparison:
    """Run each scenario (the first is the baseline) and tabulate differences and outputs.

    Runs keep every variable (plots overlay them); the output table shows `outputs`.

    `at_time` picks the time the output table shows; None is the baseline's final time.
    """
    if not scenarios:
        raise WindfallError(model.path, "no scenarios to compare")
    names = _unique_names(scenarios)
    outputs = [model.variable(v).name for v in (outputs or key_outputs(model))]
    warnings: list[str] = []
    fitted = []
    for scenario in scenarios:
        overrides, problems = scenario_overrides(model, scenario)
        fitted.append(overrides)
        warnings += problems
    base = (settings or RunSettings()).given()
    runs = {
        name: model.run(overrides, RunSettings(**{**base, **scenario.settings.given()}))
        for name, scenario, overrides in zip(names, scenarios, fitted, strict=True)
    }
    time = float(runs[names[0]].index[-1]) if at_time is None else float(at_time)
    return Comparison(
        names=names,
        runs=runs,
        parameters=_parameter_table(model, names, fitted),
        lookups_changed=_lookups_changed(model, names, fitted),
        outputs=_values_at(runs, names, outputs, time),
        time=time,
        warnings=warnings,
    )


def private_copy(model):
    """A second model over the same translation, to run beside the original in another thread."""
    from windfall.core.loading.translate import load_translation

    pysd_model, _ = load_translation(model.cache_folder, source_path=model.path)
    return replace(model, pysd_model=pysd_model, _dirty=False, _lock=threading.Lock())


def _parameter_table(model, names: list[str], fitted: list[dict]) -> pd.DataFrame:
    """Constants whose value differs from the baseline's in any scenario."""
    keys = sorted({k for o in fitted for k in o if model.variable(k).kind == "constant"})
    rows = {}
    for key in keys:
        default = model.variable(key).value
        values = [float(o.get(key, default if default is not None else math.nan)) for o in fitted]
        if any(v != values[0] for v in values[1:]):
            rows[key] = values
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names, dtype=float)
    table.index.name = "parameter"
    return table


def _lookups_changed(model, names: list[str], fitted: list[dict]) -> dict[str, list[str]]:
    """Per scenario, the lookups whose points differ from the baseline's."""
    base = fitted[0]
    out: dict[str, list[str]] = {}
    for name, overrides in zip(names[1:], fitted[1:], strict=True):
        keys = {k for k in (*overrides, *base) if model.variable(k).kind == "lookup"}
        out[name] = sorted(k for k in keys if _points(overrides.get(k)) != _points(base.get(k)))
    return out


def _points(table) -> tuple | None:
    if table is None:
        return None
    xs, ys = table
    return tuple(map(float, xs)), tuple(map(float, ys))


def _values_at(runs: dict, names: list[str], variables: list[str], time: float) -> pd.DataFrame:
    columns = {}
    for name in names:
        frame = runs[name]
        times = frame.index.to_numpy(dtype=float)
        inside = times[0] <= time <= times[-1]
        columns[name] = [
            float(np.interp(time, times, frame[v].to_numpy(dtype=float)))
            if inside and v in frame.columns
            else math.nan
            for v in variables
        ]
    return pd.DataFrame(columns, index=pd.Index(variables, name="variable"))
