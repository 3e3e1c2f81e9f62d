"""Computes uncertainty bands off the GUI thread; the newest request wins.

A request still queued when a newer one arrives is skipped; a running one stops at its next
chunk; a result that is no longer the newest is never delivered. Models the fast engine runs
are shared (its ensemble runs keep no state between calls); a model on PySD's runtime gets a
private copy, so its long ensembles never hold the live simulation's lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from windfall.core.analysis.uncertainty import Bands, UncertaintySpec, compute_bands
from windfall.gui.latest_runner import LatestRunner

PYSD_CHUNK = 1  # one PySD run per chunk: progress and Cancel after every run
FAST_CHUNK = 500  # a newer request stops a large fast-engine ensemble after this many runs


@dataclass
class BandsResult:
    request_id: int
    model: object
    bands: Bands


class SensitivityRunner(LatestRunner):
    """Submit a band request; `sig_finished(BandsResult)` arrives in the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("windfall-bands", parent)

    def submit(self, model, spec: UncertaintySpec, current, settings, columns) -> int:
        return self._submit(self._bands, model, spec, dict(current), settings, list(columns))

    def _runner_for(self, model):
        if model.engine != "pysd":
            return model, FAST_CHUNK
        return self._private_model(model), PYSD_CHUNK

    def _bands(self, request_id, model, spec, current, settings, columns) -> BandsResult | None:
        runner, chunk = self._runner_for(model)
        bands = compute_bands(
            runner,
            spec,
            current,
            settings,
            columns,
            chunk=chunk,
            cancelled=lambda: not self.is_latest(request_id),
            progress=lambda fraction: self._sig_progress.emit(request_id, fraction),
        )
        return None if bands is None else BandsResult(request_id, model, bands)
