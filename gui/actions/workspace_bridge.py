"""Between the window and a Workspace: capture the session as it is, and put one back."""

from __future__ import annotations

from windfall.core.analysis.scenario import Scenario
from windfall.core.analysis.scenario_match import scenario_overrides
from windfall.core.session.workspace import PlotPanel, ScenarioEntry, Workspace


def capture_workspace(window, include_edits: bool = True) -> Workspace:
    """The window's session: model, edits as the baseline, scenarios, plot panels, settings,
    uncertainty settings."""
    session = window.session
    model = session.model
    baseline = Scenario("Baseline")
    if include_edits:
        baseline.parameters = dict(session.parameters)
        baseline.lookups = {k: (list(x), list(y)) for k, (x, y) in session.lookups.items()}
    panels = [PlotPanel(list(p.variables), p.title_label.text()) for p in window.plot_area.panels]
    scenario_panel = window.scenario_panel
    return Workspace(
        model_path=model.path if model else None,
        model_sha256=model.content_hash if model else None,
        settings=session.settings,
        baseline=ScenarioEntry(baseline),
        scenarios=[_copy(e) for e in scenario_panel.entries],
        panels=panels,
        compare_time=scenario_panel.compare_time(),
        uncertainty=window.sensitivity_panel.settings(),
    )


def _copy(entry: ScenarioEntry) -> ScenarioEntry:
    s = entry.scenario
    scenario = Scenario(
        s.name,
        description=s.description,
        settings=s.settings,
        parameters=dict(s.parameters),
        lookups=dict(s.lookups),
    )
    return ScenarioEntry(scenario, entry.visible, entry.color, entry.dash)


def apply_workspace(window, workspace: Workspace) -> list[str]:
    """Put a workspace onto the window whose model is open; returns what did not fit."""
    session = window.session
    model = session.model
    fitted, warnings = scenario_overrides(model, workspace.baseline.scenario)
    if workspace.model_sha256 and workspace.model_sha256 != model.content_hash:
        warnings.insert(0, "the model file changed since this workspace was saved")
    session.settings = workspace.settings
    session.parameters = {
        k: float(v) for k, v in fitted.items() if model.variable(k).kind == "constant"
    }
    session.lookups = {
        k: (tuple(map(float, v[0])), tuple(map(float, v[1])))
        for k, v in fitted.items()
        if model.variable(k).kind == "lookup"
    }
    if workspace.panels:
        area = window.plot_area
        for panel in list(area.panels):
            area.remove_panel(panel)
        for panel in workspace.panels:
            area.add_panel(panel.title, panel.variables)
    for entry in workspace.scenarios:
        warnings += scenario_overrides(model, entry.scenario)[1]
    window.scenario_panel.set_compare_time(workspace.compare_time)
    window.scenario_panel.set_entries([_copy(e) for e in workspace.scenarios])
    if workspace.uncertainty is not None:
        spec, dropped = workspace.uncertainty.fit(model)
        window.sensitivity_panel.restore(spec, workspace.uncertainty.shown)
        warnings += dropped
    return warnings
