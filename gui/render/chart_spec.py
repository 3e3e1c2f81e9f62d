"""What a print chart shows, worked out from scenario runs: curves, labels and the footnote.

Colour follows the variable and dash follows the scenario when several variables share a
chart; with one variable, each scenario gets both its own colour and its own dash. Variables
in different units go on stacked plots over one time axis, one plot per unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from windfall.core.analysis.export_data import (
    ScenarioRun,
    changed_lookups,
    effective_settings,
    parameter_changes,
)
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import TIME_KEYS, LoadedModel, RunSettings
from windfall.core.version import __version__
from windfall.gui.render.chart_style import colour, dash

DIMENSIONLESS = {"dmnl", "dimensionless", "1", ""}


@dataclass
class Curve:
    """One line: a (scenario, variable) pair with its look."""

    label: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    dash: tuple[float, ...] = ()
    group: int = 0  # which stacked plot (one per unit) it is drawn on
    points: bool = False  # observations: a dot at each value, not a line through them


@dataclass
class ChartSpec:
    """Everything a print chart draws; independent of any window."""

    title: str
    x_label: str
    y_labels: list[str]  # one per stacked plot, top to bottom
    curves: list[Curve] = field(default_factory=list)
    subtitle: str = ""
    footnote: str = ""


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:,.6g}"


def units_label(units: str) -> str:
    return "dimensionless" if units.strip().lower() in DIMENSIONLESS else units.strip()


def scenario_summary(model: LoadedModel, run: ScenarioRun) -> str:
    """'Name: what it changes', in the words of the model's own names."""
    parts = [
        f"{c.variable.name} {_fmt(c.value)} (model {_fmt(c.model_value)})"
        for c in parameter_changes(model, run.scenario)
    ]
    parts += [f"{var.name} replaced" for var in changed_lookups(model, run.scenario)]
    own = effective_settings(model, RunSettings())
    for key in TIME_KEYS:
        if key in run.settings and run.settings[key] != own.get(key):
            label = key.replace("_", " ").upper()
            parts.append(f"{label} {_fmt(run.settings[key])} (model {_fmt(own.get(key))})")
    return f"{run.name}: {', '.join(parts)}" if parts else f"{run.name}: model values"


def footnote(model: LoadedModel, runs: Sequence[ScenarioRun]) -> str:
    """Names the model file, its hash, the Windfall version and each scenario's changes."""
    source = (
        f"Source: Windfall {__version__} simulation of {model.path.name} "
        f"(SHA-256 {model.content_hash[:12]})."
    )
    scenarios = "; ".join(scenario_summary(model, run) for run in runs)
    return f"{source} Scenarios \u2014 {scenarios}."


def series_columns(model: LoadedModel, run: ScenarioRun, name: str) -> list[str]:
    """The run's column(s) for a variable: itself, or each element of a subscripted one."""
    if name in run.frame.columns:
        return [name]
    elements = [c for c in run.frame.columns if str(c).startswith(name + "[")]
    if not elements:
        raise WindfallError(model.path, "has no values over time to plot", variable=name)
    return elements


def unit_groups(model: LoadedModel, names: list[str]) -> list[list[str]]:
    """Variables grouped by units, in the order they were asked for."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(units_label(model.variable(name).units), []).append(name)
    return list(groups.values())


def _axis_label(model: LoadedModel, group: list[str], stacked: bool) -> str:
    """Units; or the variable itself when it stands alone and units alone would not say it."""
    units = units_label(model.variable(group[0]).units)
    if len(group) == 1 and units == "dimensionless":
        return group[0]
    if len(group) == 1 and stacked:
        return f"{group[0]} ({units})"
    return units[:1].upper() + units[1:]


def _curve_label(run, name, column, several, many_runs) -> str:
    """Scenario name for a one-variable chart; variable (and scenario) otherwise."""
    if not several:
        element = column[len(name) :]
        return run.name + (f" {element}" if element else "")
    return f"{run.name} \u2014 {column}" if many_runs else column


def chart_spec(
    model: LoadedModel,
    runs: Sequence[ScenarioRun],
    variables: Sequence[str],
    title: str | None = None,
    subtitle: str = "",
) -> ChartSpec:
    """One curve per (scenario, variable) with labels, units and the provenance footnote."""
    names = [model.variable(v).name for v in variables]
    if not names:
        raise WindfallError(model.path, "name at least one variable to plot")
    groups = unit_groups(model, names)
    group_of = {name: g for g, group in enumerate(groups) for name in group}
    time_units = model.description.time_units.strip()
    spec = ChartSpec(
        title=title or ", ".join(names),
        subtitle=subtitle,
        x_label=f"Time ({time_units})" if time_units else "Time",
        y_labels=[_axis_label(model, group, len(groups) > 1) for group in groups],
        footnote=footnote(model, runs),
    )
    several = len(names) > 1
    for s, run in enumerate(runs):
        for v, name in enumerate(names):
            for column in series_columns(model, run, name):
                spec.curves.append(
                    Curve(
                        label=_curve_label(run, name, column, several, len(runs) > 1),
                        x=np.asarray(run.frame.index, dtype=float),
                        y=np.asarray(run.frame[column], dtype=float),
                        colour=colour(v if several else s),
                        dash=dash(s),
                        group=group_of[name],
                    )
                )
    return spec
