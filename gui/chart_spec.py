"""What a print chart shows, worked out from scenario runs: curves, labels and the footnote.

Colour follows the variable and dash follows the scenario when several variables share a
chart; with one variable, each scenario gets both its own colour and its own dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from windfall.core.errors import WindfallError
from windfall.core.export_data import (
    ScenarioRun,
    changed_lookups,
    effective_settings,
    parameter_changes,
)
from windfall.core.model import TIME_KEYS, LoadedModel, RunSettings
from windfall.core.version import __version__
from windfall.gui.chart_style import colour, dash

DIMENSIONLESS = {"dmnl", "dimensionless", "1", ""}


@dataclass
class Curve:
    """One line: a (scenario, variable) pair with its look."""

    label: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    dash: tuple[float, ...] = ()


@dataclass
class ChartSpec:
    """Everything a print chart draws; independent of any window."""

    title: str
    x_label: str
    y_label: str
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


def _axis_label(model: LoadedModel, names: list[str]) -> tuple[str, bool]:
    """The y-axis label, and whether legend entries must carry their own units."""
    units = {units_label(model.variable(n).units) for n in names}
    if len(units) == 1:
        only = units.pop()
        if len(names) == 1 and only == "dimensionless":
            return names[0], False
        return only[:1].upper() + only[1:], False
    return "Value (units in legend)", True


def _curve_label(model, run, name, column, several, many_runs, units_in_legend) -> str:
    """Scenario name for a one-variable chart; variable (and scenario) otherwise."""
    label = column
    if units_in_legend:
        label += f" ({units_label(model.variable(name).units)})"
    if not several:
        element = column[len(name) :]
        return run.name + (f" {element}" if element else "")
    return f"{run.name} \u2014 {label}" if many_runs else label


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
    y_label, units_in_legend = _axis_label(model, names)
    time_units = model.description.time_units.strip()
    spec = ChartSpec(
        title=title or ", ".join(names),
        subtitle=subtitle,
        x_label=f"Time ({time_units})" if time_units else "Time",
        y_label=y_label,
        footnote=footnote(model, runs),
    )
    for s, run in enumerate(runs):
        for v, name in enumerate(names):
            columns = series_columns(model, run, name)
            for column in columns:
                spec.curves.append(
                    Curve(
                        label=_curve_label(
                            model, run, name, column, len(names) > 1, len(runs) > 1, units_in_legend
                        ),
                        x=np.asarray(run.frame.index, dtype=float),
                        y=np.asarray(run.frame[column], dtype=float),
                        colour=colour(v if len(names) > 1 else s),
                        dash=dash(s),
                    )
                )
    return spec
