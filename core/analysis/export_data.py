"""Scenario runs as data for briefings: CSV, and XLSX with one sheet per scenario + metadata.

Both charts and tables start from `run_scenarios`, so a chart, its data and the metadata of an
export always come from the same runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from windfall.core.analysis.scenario import Scenario
from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_bytes_atomic, write_text_atomic
from windfall.core.model.description import VariableInfo
from windfall.core.model.loaded import TIME_KEYS, LoadedModel, RunSettings
from windfall.core.version import __version__

BASELINE_NAME = "Baseline"
METADATA_SHEET = "Metadata"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class ScenarioRun:
    """One scenario's run: the scenario, its effective time settings and the result frame."""

    scenario: Scenario
    settings: dict[str, float]
    frame: pd.DataFrame

    @property
    def name(self) -> str:
        return self.scenario.name


@dataclass(frozen=True)
class ParameterChange:
    """A constant whose value in a scenario differs from the model's own value."""

    variable: VariableInfo
    model_value: float | None
    value: float


def baseline_scenario() -> Scenario:
    """The model as it is: no overrides, its own time settings."""
    return Scenario(name=BASELINE_NAME, description="The model's own parameter values.")


def _unique_names(scenarios: Sequence[Scenario]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for scenario in scenarios:
        name = scenario.name.strip() or "Scenario"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def effective_settings(model: LoadedModel, settings: RunSettings) -> dict[str, float]:
    """The four time settings a run really used: the scenario's, else the model's."""
    given = settings.given()
    out = {}
    for key in TIME_KEYS:
        value = given.get(key, model.description.control_value(key))
        if value is not None:
            out[key] = float(value)
    return out


def run_scenarios(
    model: LoadedModel,
    scenarios: Sequence[Scenario] | None,
    columns: Iterable[str] | None = None,
) -> list[ScenarioRun]:
    """Run each scenario (a Baseline when none) and keep what an export needs to cite."""
    scenarios = list(scenarios) or [baseline_scenario()]
    columns = list(columns) if columns is not None else None
    runs = []
    for scenario, name in zip(scenarios, _unique_names(scenarios), strict=True):
        if name != scenario.name:
            scenario = Scenario(**{**scenario.__dict__, "name": name})
        frame = model.run(scenario.overrides(), scenario.settings, columns)
        runs.append(ScenarioRun(scenario, effective_settings(model, scenario.settings), frame))
    return runs


def parameter_changes(model: LoadedModel, scenario: Scenario) -> list[ParameterChange]:
    """Constants a scenario sets to a value other than the model's own, in model order."""
    changes = []
    for name, value in scenario.parameters.items():
        var = model.variable(name)
        if var.value is None or float(value) != float(var.value):
            changes.append(ParameterChange(var, var.value, float(value)))
    return changes


def changed_lookups(model: LoadedModel, scenario: Scenario) -> list[VariableInfo]:
    """Graphical functions a scenario replaces."""
    return [model.variable(name) for name in scenario.lookups]


def changed_variables(model: LoadedModel, runs: Sequence[ScenarioRun]) -> list[VariableInfo]:
    """Every constant changed by at least one scenario, each once, in model order."""
    found = {c.variable.name for run in runs for c in parameter_changes(model, run.scenario)}
    return [v for v in model.description.variables if v.name in found]


def data_columns(model: LoadedModel, variables: Iterable[str] | None) -> list[str] | None:
    """Model names for the asked variables (None means every variable)."""
    if variables is None:
        return None
    return [model.variable(name).name for name in variables]


def long_frame(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """All runs stacked: columns scenario, time, then the variables."""
    parts = []
    for run in runs:
        part = run.frame.reset_index()
        part.insert(0, "scenario", run.name)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def write_csv(path: str | Path, runs: Sequence[ScenarioRun]) -> None:
    """One CSV: a `scenario` column, the time, then one column per variable."""
    buffer = io.StringIO()
    long_frame(runs).to_csv(buffer, index=False)
    write_text_atomic(Path(path), buffer.getvalue())


def sheet_names(runs: Sequence[ScenarioRun]) -> list[str]:
    """Excel-safe, unique sheet names (31 characters, no []:*?/\\) for the runs."""
    taken = {METADATA_SHEET.lower()}
    names = []
    for run in runs:
        base = _SHEET_FORBIDDEN.sub("_", run.name).strip("' ")[:31] or "Scenario"
        name, n = base, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def metadata_rows(model: LoadedModel, runs: Sequence[ScenarioRun]) -> list[list[object]]:
    """The metadata sheet as rows: provenance, then run settings and parameters per scenario."""
    names = [run.name for run in runs]
    rows: list[list[object]] = [
        ["Model file", str(model.path)],
        ["Model SHA-256", model.content_hash],
        ["Windfall version", __version__],
        ["Exported (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")],
        ["Time units", model.description.time_units],
        [],
        ["Run setting", "Units", *names],
    ]
    for key in TIME_KEYS:
        control = model.description.controls.get(key)
        units = control.units if control else ""
        rows.append([key.replace("_", " ").upper(), units, *(r.settings.get(key) for r in runs)])
    rows += [[], ["Parameter", "Units", *names, "Model value", "Documentation"]]
    for var in model.description.parameters:
        values = [_scenario_value(model, run.scenario, var) for run in runs]
        rows.append([var.name, var.units, *values, var.value, var.doc])
    lookups = sorted({name for run in runs for name in run.scenario.lookups})
    if lookups:
        rows += [[], ["Lookup replaced by", "Scenarios"]]
        for name in lookups:
            rows.append([name, ", ".join(r.name for r in runs if name in r.scenario.lookups)])
    return rows


def _scenario_value(model: LoadedModel, scenario: Scenario, var: VariableInfo) -> float | None:
    """The value a scenario gives a constant; scenario keys match names the Vensim way."""
    for name, value in scenario.parameters.items():
        if model.description.find(name) is var:
            return value
    return var.value


def write_xlsx(path: str | Path, model: LoadedModel, runs: Sequence[ScenarioRun]) -> None:
    """One sheet per scenario (time + variables) and a metadata sheet, written atomically."""
    buffer = io.BytesIO()
    try:
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for run, sheet in zip(runs, sheet_names(runs), strict=True):
                run.frame.to_excel(writer, sheet_name=sheet, index_label="time")
                writer.sheets[sheet].freeze_panes = "B2"
                _fit_headers(writer.sheets[sheet], ["time", *map(str, run.frame.columns)])
            rows = metadata_rows(model, runs)
            width = max(len(row) for row in rows)
            meta = pd.DataFrame([row + [None] * (width - len(row)) for row in rows])
            meta.to_excel(writer, sheet_name=METADATA_SHEET, index=False, header=False)
            _fit_columns(writer.sheets[METADATA_SHEET], meta)
    except ImportError as exc:
        raise WindfallError(path, f"XLSX export needs openpyxl ({exc})") from exc
    write_bytes_atomic(Path(path), buffer.getvalue())


def _fit_headers(sheet, headers: list[str]) -> None:
    """Widen data columns so each variable's name shows in full (up to 40 characters)."""
    from openpyxl.utils import get_column_letter

    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(len(header), 10) + 2, 42)


def _fit_columns(sheet, frame: pd.DataFrame) -> None:
    """Widen metadata columns to their text so the sheet reads without resizing."""
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(frame.columns, start=1):
        longest = max((len(str(v)) for v in frame[column] if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest, 8) + 2, 60)
