"""File > Export in the main window: a panel as a chart, the run's data, a briefing pack.

Exports reuse the run on screen (nothing is simulated on the GUI thread) and draw through
the same print renderer as `windfall export`, so app and command line give the same files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from windfall.core.errors import WindfallError
from windfall.core.export_data import (
    BASELINE_NAME,
    ScenarioRun,
    effective_settings,
    write_csv,
    write_xlsx,
)
from windfall.core.scenario import Scenario

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
        self.data_action = self._add(menu, "&Data of the current run…", self._on_data)
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

    def _panels(self):
        return [p for p in self.window.plot_area.panels if p.variables]

    # -- writers (also what tests call) --------------------------------------------------------
    def export_chart(self, path: str | Path) -> None:
        from windfall.gui.brief_pptx import write_chart_pptx
        from windfall.gui.chart_spec import chart_spec
        from windfall.gui.export import export_chart

        run = self.current_run()
        panel = self.window.plot_area.active
        if panel is None or not panel.variables:
            raise WindfallError(None, "the active plot panel shows no variable")
        spec = chart_spec(self.window.session.model, [run], panel.variables, panel_title(panel))
        suffix = Path(path).suffix.lower()
        if suffix == ".pptx":
            write_chart_pptx(spec, path)
        else:
            export_chart(spec, path, suffix.lstrip("."))

    def export_data(self, path: str | Path) -> None:
        run = self.current_run()
        if Path(path).suffix.lower() == ".csv":
            write_csv(path, [run])
        else:
            write_xlsx(path, self.window.session.model, [run])

    def export_brief(self, path: str | Path) -> None:
        from windfall.gui.brief import brief_from_runs, write_brief

        run = self.current_run()
        panels = self._panels()
        if not panels:
            raise WindfallError(None, "add a variable to a plot panel first")
        brief = brief_from_runs(
            self.window.session.model,
            [run],
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


def panel_title(panel) -> str | None:
    """The panel's own title unless it is an automatic 'Panel N'."""
    text = panel.title_label.text().strip()
    return None if not text or text.startswith("Panel ") else text
