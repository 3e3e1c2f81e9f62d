"""A briefing pack's content, shared by its PDF and PowerPoint forms.

Cover (scenarios and their outcomes side by side), one chart per plot panel and per analysis
asked for, and a table of the assumptions that differ from the model: changed parameters with
their units and docs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from windfall.core.analysis.export_data import (
    ScenarioRun,
    changed_lookups,
    changed_variables,
    parameter_changes,
    run_scenarios,
)
from windfall.core.analysis.scenario import Scenario
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import LoadedModel
from windfall.core.version import __version__
from windfall.gui.render.chart_spec import ChartSpec, chart_spec, scenario_summary, units_label

BRIEF_FORMATS = (".pdf", ".pptx")
SCENARIOS_PER_TABLE = 5


@dataclass
class Table:
    """A plain table: header row, body rows of text, and a title to show above it.

    Columns between `fixed` leading and `trailing` ones hold one scenario each; `parts`
    splits them so that a page or slide never has to squeeze in dozens of scenarios.
    """

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    fixed: int = 0
    trailing: int = 0

    def parts(self, per: int = SCENARIOS_PER_TABLE) -> list[Table]:
        """This table, or pieces of it with at most `per` scenario columns each."""
        end = len(self.headers) - self.trailing
        middle = list(range(self.fixed, end))
        if len(middle) <= per:
            return [self]
        groups = [middle[i : i + per] for i in range(0, len(middle), per)]
        parts = []
        for n, group in enumerate(groups, start=1):
            keep = [*range(self.fixed), *group, *range(end, len(self.headers))]
            parts.append(
                Table(
                    f"{self.title} ({n} of {len(groups)})",
                    [self.headers[i] for i in keep],
                    [[row[i] for i in keep] for row in self.rows],
                    self.note,
                )
            )
        return parts


@dataclass
class Brief:
    """Everything a briefing pack shows, ready for either writer."""

    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    scenarios: Table
    outcomes: Table
    panels: list[ChartSpec]
    assumptions: Table


def format_value(value: float | None) -> str:
    """Numbers as a memo prints them: separators for large ones, 4 significant digits else."""
    if value is None:
        return "\u2013"
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace("-", "\u2212")
    return f"{value:.4g}".replace("-", "\u2212")


def is_number(text: str) -> bool:
    """Whether a table cell holds a number (as `format_value` prints it): right-align it."""
    plain = text.replace(",", "").replace("\u2212", "-").strip()
    try:
        float(plain)
    except ValueError:
        return False
    return True


def default_panels(model: LoadedModel) -> list[tuple[str | None, list[str]]]:
    """The app's opening panels (each sector's stocks) as (title, variables)."""
    from windfall.core.analysis.plots import default_panels as app_panels

    panels = app_panels(model.description)
    if not panels:
        raise WindfallError(model.path, "has no stock, flow or auxiliary variable to chart")
    return [(informative_title(title), names) for title, names in panels]


_GENERIC_TITLE = re.compile(r"^(panel|view)\s*\d*$|^model$", re.IGNORECASE)


def informative_title(text: str | None) -> str | None:
    """A panel or sketch-view name worth printing as a chart title ('View 1' is not)."""
    text = (text or "").strip()
    return None if not text or _GENERIC_TITLE.match(text) else text


def _scenarios_table(model: LoadedModel, runs: Sequence[ScenarioRun]) -> Table:
    rows = []
    for run in runs:
        changes = scenario_summary(model, run).split(": ", 1)[1]
        rows.append([run.name, run.scenario.description, changes])
    headers = ["Scenario", "Description", "Changes from the model"]
    return Table("Scenarios", headers, rows, fixed=len(headers))


def _outcomes_table(model: LoadedModel, runs, variables: list[str]) -> Table:
    ends = {run.settings.get("final_time") for run in runs} - {None}
    time_units = model.description.time_units
    when = f"at {ends.pop():g} {time_units}".strip() if len(ends) == 1 else ""
    table = Table(f"Outcomes {when or 'at the end of each run'}", ["Indicator", "Units"], fixed=2)
    table.headers += [run.name for run in runs]
    for name in variables:
        var = model.variable(name)
        values = [run.frame[var.name].iloc[-1] if var.name in run.frame else None for run in runs]
        table.rows.append([var.name, units_label(var.units), *map(format_value, values)])
    return table


def _assumptions_table(model: LoadedModel, runs: Sequence[ScenarioRun]) -> Table:
    table = Table("Assumptions", ["Parameter", "Units", "Model value"], fixed=3, trailing=1)
    table.headers += [run.name for run in runs] + ["Documentation"]
    for var in changed_variables(model, runs):
        values = []
        for run in runs:
            found = [c.value for c in parameter_changes(model, run.scenario) if c.variable is var]
            values.append(format_value(found[0] if found else var.value))
        table.rows.append([var.name, units_label(var.units), format_value(var.value), *values])
        table.rows[-1].append(var.doc)
    lookups = {v.name: v for run in runs for v in changed_lookups(model, run.scenario)}
    for var in lookups.values():
        used = ["replaced" if var in changed_lookups(model, r.scenario) else "model" for r in runs]
        table.rows.append([var.name, units_label(var.units), "graph", *used, var.doc])
    if not table.rows:
        table.note = "No scenario changes a parameter: every run uses the model's own values."
    return table


def build_brief(
    model: LoadedModel,
    scenarios: Sequence[Scenario],
    panels: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
    subtitle: str = "",
) -> Brief:
    """Run the scenarios once and lay out the pack's cover, panels and assumptions."""
    titled = [(None, list(p)) for p in panels] if panels else default_panels(model)
    names = list(dict.fromkeys(model.variable(v).name for _t, p in titled for v in p))
    runs = run_scenarios(model, scenarios, names)
    return brief_from_runs(
        model,
        runs,
        [p for _t, p in titled],
        [t for t, _p in titled],
        title=title,
        subtitle=subtitle,
    )


def brief_from_runs(
    model: LoadedModel,
    runs: Sequence[ScenarioRun],
    panels: Sequence[Sequence[str]],
    panel_titles: Sequence[str | None] = (),
    title: str | None = None,
    subtitle: str = "",
) -> Brief:
    """The pack for runs already made (the app's last results): nothing is simulated here."""
    names = list(dict.fromkeys(model.variable(v).name for p in panels for v in p))
    titles = list(panel_titles) + [None] * (len(panels) - len(panel_titles))
    meta = [
        ("Model", model.path.name),
        ("SHA-256", model.content_hash),
        ("Scenarios", ", ".join(run.name for run in runs)),
        ("Produced", f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC by Windfall {__version__}"),
    ]
    return Brief(
        title=title or f"Briefing: {model.path.stem.replace('_', ' ')}",
        subtitle=subtitle,
        meta=meta,
        scenarios=_scenarios_table(model, runs),
        outcomes=_outcomes_table(model, runs, names),
        panels=[chart_spec(model, runs, p, t) for p, t in zip(panels, titles, strict=True)],
        assumptions=_assumptions_table(model, runs),
    )


def add_analyses(brief: Brief, reports: Sequence[dict]) -> None:
    """Append each analysis report's charts (optimum, fit, policy map, sensitivity) to the
    pack's chart pages, after the scenario panels."""
    from windfall.gui.render.analysis_specs import report_charts

    for report in reports:
        brief.panels.extend(report_charts(report))


def write_brief(brief: Brief, path: str | Path) -> None:
    """Write the pack as PDF or PowerPoint, chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from windfall.gui.render.brief_pdf import write_pdf

        write_pdf(brief, path)
    elif suffix == ".pptx":
        from windfall.gui.render.brief_pptx import write_pptx

        write_pptx(brief, path)
    else:
        raise WindfallError(path, "a briefing pack is written as .pdf or .pptx")
