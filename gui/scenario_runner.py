"""Runs the named scenarios for overlays and the comparison table, off the GUI thread.

It works on its own copy of the model (same translation, separate PySD state), so it never
waits on or disturbs the live simulation. The newest request wins: an older request still
queued is skipped, and a result that is no longer the newest is never delivered.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from windfall.core.analysis.compare import Comparison, compare_scenarios
from windfall.core.analysis.scenario import Scenario
from windfall.core.model.loaded import RunSettings
from windfall.gui.latest_runner import LatestRunner


@dataclass
class ComparisonResult:
    request_id: int
    model: object
    comparison: Comparison


class ScenarioRunner(LatestRunner):
    """Submit (model, scenarios) and receive `sig_finished(ComparisonResult)` in the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("windfall-scenarios", parent)

    def submit(
        self,
        model,
        scenarios: list[Scenario],
        at_time: float | None = None,
        settings: RunSettings | None = None,
    ) -> int:
        return self._submit(self._compare, model, list(scenarios), at_time, settings)

    def _compare(self, request_id, model, scenarios, at_time, settings) -> ComparisonResult:
        comparison = compare_scenarios(
            self._private_model(model), scenarios, at_time=at_time, settings=settings
        )
        return ComparisonResult(request_id, model, comparison)
