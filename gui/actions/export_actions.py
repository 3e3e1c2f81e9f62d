"""File > Export in the main window: a panel as a chart, the runs' data, a briefing pack.

Exports take the runs on screen, the current settings and every visible scenario (nothing is
simulated on the GUI thread), and draw through the same print renderer as `windfall export`,
so app and command line give the same files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from windfall.core.analysis.export_data import (
    BASELINE_NAME,
    ScenarioRun,
    effective_settings,
    write_csv,
    write_xlsx,
)
from windfall.core.analysis.scenario import Scenario
from windfall.core.analysis.scenario_match import scenario_overrides
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings

CHART_FILTERS = {
    "PNG image, 300 DPI (*.png)": ".png",
    "SVG vector drawing (*.svg)": ".svg",
    "PDF vector page (*.pdf)": ".pdf",
    "PowerPoint slide (*.pptx)": ".pptx",
}
DATA_FILTERS = {"Excel workbook (*.xlsx)": ".xlsx", "CSV table (*.csv)": ".csv"}
BRIEF_FILTERS = {"PDF briefing pack (*.pdf)": ".pdf", "PowerPoint deck (*.pptx)": ".pptx"}
CURRENT_NAME = "Current settings"


class ExportActions:
    """Adds File > Export and writes what the window shows; errors go to a message box."""

    def __init__(self, window, file_menu) -> None:
        self.window = window
        self.last_error: str | None = None
        menu = file_menu.addMenu("&Export")
        self.chart_action = self._add(menu, "&Chart of the active panel…", self._on_chart)
        self.data_action = self._add(menu, "&Data of the runs shown…", self._on_data)
        self.brief_action = self._add(menu, "&Briefing pack…", self._on_brief)

    def _add(self, menu, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- what is on screen -------------------------------------------------------------------
    def current_run(self) -> ScenarioRun:
        """The last finished run with the edits that made it, as a named scenario."""
        session = self.window.session
        if session.model is None or session.result is None:
            raise WindfallError(None, "open a model and let it run before exporting")
        edited = bool(session.parameters or session.lookups or session.settings.given())
        scenario = Scenario(
            name=CURRENT_NAME if edited else BASELINE_NAME,
            description="The settings on screen when exported.",
            settings=session.settings,
            parameters=dict(session.parameters),
            lookups={k: (list(x), list(y)) for k, (x, y) in session.lookups.items()},
        )
        settings = effective_settings(session.model, session.settings)
        return ScenarioRun(scenario, settings, session.result.frame)

    def visible_runs(self) -> list[ScenarioRun]:
        """The current run, then every scenario shown on the plots, from the runs on screen."""
        runs = [self.current_run()]
        overlay = self.window.scenario_overlay
        entries = overlay.panel.visible_entries()
        if not entries:
            return runs
        comparison = overlay.comparison
        names = comparison.names[1:] if comparison is not None else []
        if [e.scenario.name for e in entries] != names:
            raise WindfallError(None, "the scenarios are still running; export again in a moment")
        model, common = self.window.session.model, self.window.session.settings.given()
        for entry, name in zip(entries, names, strict=True):
            settings = RunSettings(**{**common, **entry.scenario.settings.given()})
            scenario = _as_applied(model, entry.scenario, settings)
            runs.append(
                ScenarioRun(scenario, effective_settings(model, settings), comparison.runs[name])
            )
        return runs

    def _panels(self):
        return [p for p in self.window.plot_area.panels if p.variables]

    # -- writers (also what tests call) --------------------------------------------------------
    def export_chart(self, path: str | Path) -> None:
        from windfall.gui.render.brief_pptx import write_chart_pptx
        from windfall.gui.render.chart_spec import chart_spec
        from windfall.gui.render.export import export_chart

        runs = self.visible_runs()
        panel = self.window.plot_area.active
        if panel is None or not panel.variables:
            raise WindfallError(None, "the active plot panel shows no variable")
        spec = chart_spec(self.window.session.model, runs, panel.variables, panel_title(panel))
        suffix = Path(path).suffix.lower()
        if suffix == ".pptx":
            write_chart_pptx(spec, path)
        else:
            export_chart(spec, path, suffix.lstrip("."))

    def export_data(self, path: str | Path) -> None:
        runs = self.visible_runs()
        if Path(path).suffix.lower() == ".csv":
            write_csv(path, runs)
        else:
            write_xlsx(path, self.window.session.model, runs)

    def export_brief(self, path: str | Path) -> None:
        from windfall.gui.render.brief import brief_from_runs, write_brief

        runs = self.visible_runs()
        panels = self._panels()
        if not panels:
            raise WindfallError(None, "add a variable to a plot panel first")
        brief = brief_from_runs(
            self.window.session.model,
            runs,
            [p.variables for p in panels],
            [panel_title(p) for p in panels],
        )
        write_brief(brief, path)

    # -- dialogs -----------------------------------------------------------------------------
    def _on_chart(self) -> None:
        self._save("Export chart", CHART_FILTERS, self.export_chart)

    def _on_data(self) -> None:
        self._save("Export data", DATA_FILTERS, self.export_data)

    def _on_brief(self) -> None:
        self._save("Export briefing pack", BRIEF_FILTERS, self.export_brief)

    def _save(self, caption: str, filters: dict[str, str], write) -> None:
        model = self.window.session.model
        start = str(model.path.with_suffix("")) if model else ""
        path, chosen = QFileDialog.getSaveFileName(self.window, caption, start, ";;".join(filters))
        if not path:
            return
        if Path(path).suffix.lower() not in filters.values():
            path += filters.get(chosen, next(iter(filters.values())))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write(path)
            self.window.statusBar().showMessage(f"Exported {Path(path).name}", 5000)
        except WindfallError as exc:
            self.last_error = str(exc)
            QMessageBox.warning(self.window, caption, str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()


def _as_applied(model, scenario: Scenario, settings: RunSettings) -> Scenario:
    """The scenario as the app ran it: only the overrides that fit the open model."""
    fitting, _skipped = scenario_overrides(model, scenario)  # the app lists what was skipped
    return Scenario(
        name=scenario.name,
        description=scenario.description,
        settings=settings,
        parameters={k: v for k, v in fitting.items() if not isinstance(v, tuple | list)},
        lookups={k: v for k, v in fitting.items() if isinstance(v, tuple | list)},
    )


def panel_title(panel) -> str | None:
    """The panel's own title unless it is a generic one such as 'Panel 2' or 'View 1'."""
    from windfall.gui.render.brief import informative_title

    return informative_title(panel.title_label.text())
