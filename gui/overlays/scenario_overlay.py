"""Draws every visible scenario on every plot panel and keeps the comparison table current.

The named scenarios run in the ScenarioRunner (off the GUI thread). Each finished comparison
is drawn with `setData` on curves the panels keep; a hidden or deleted scenario's curves are
removed. The current settings stay the solid curves the live simulation draws.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from windfall.core.analysis.compare import Comparison
from windfall.core.session.state import SessionState
from windfall.gui.panels.scenario_panel import ScenarioPanel
from windfall.gui.scenario_runner import ComparisonResult, ScenarioRunner
from windfall.gui.style import DASH_STYLES

REFRESH_DELAY_MS = 200
DEFAULT_DASH = Qt.PenStyle.DashLine


class ScenarioOverlay(QObject):
    """Connects the scenario list, the runner, the plots and the table."""

    sig_drawn = Signal(object)

    def __init__(self, session: SessionState, plot_area, panel: ScenarioPanel, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot_area = plot_area
        self.panel = panel
        self.runner = ScenarioRunner(self)
        self.comparison: Comparison | None = None
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        panel.sig_changed.connect(self.schedule)
        session.events.result.connect(self._on_result)
        session.events.model.connect(lambda _model: self._show(None))
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_failed.connect(self.panel.status.setText)

    def schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> int | None:
        """Run the visible scenarios beside the current settings (newest request wins)."""
        model = self.session.model
        entries = self.panel.visible_entries()
        if model is None or not entries:
            self._show(None)
            return None
        scenarios = [self.panel.baseline(), *(e.scenario for e in entries)]
        return self.runner.submit(
            model, scenarios, self.panel.compare_time(), self.session.settings
        )

    def _on_result(self, result) -> None:
        if result is None:
            return
        self.draw()  # panels made since the last comparison get the overlays too
        self.schedule()  # the baseline (current settings) changed

    def _on_finished(self, result: ComparisonResult) -> None:
        if result.model is self.session.model:
            self._show(result.comparison)

    def _show(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        self.draw()
        if comparison is None:
            self.panel.table.setRowCount(0)
            self.panel.table.setColumnCount(0)
        else:
            self.panel.table.show_comparison(comparison)
            self.panel.status.setText("\n".join(comparison.warnings))
        self.sig_drawn.emit(comparison)

    def draw(self) -> None:
        entries = {e.scenario.name: e for e in self.panel.visible_entries()}
        runs = self.comparison.runs if self.comparison is not None else {}
        wanted = [n for n in runs if n in entries]
        for plot in self.plot_area.panels:
            for name in [s for s in plot.scenario_names() if s not in wanted]:
                plot.remove_scenario(name)
            for name in wanted:
                plot.set_frame(name, runs[name])
                plot.set_scenario_style(name, DASH_STYLES.get(entries[name].dash, DEFAULT_DASH))

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.shutdown()
