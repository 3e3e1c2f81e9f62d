"""Runs the named scenarios for overlays and the comparison table, off the GUI thread.

It works on its own copy of the model (same translation, separate PySD state), so it never
waits on or disturbs the live simulation. The newest request wins: an older request still
queued is skipped, and a result that is no longer the newest is never delivered.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from windfall.core.compare import Comparison, compare_scenarios, private_copy
from windfall.core.errors import WindfallError
from windfall.core.model import RunSettings
from windfall.core.scenario import Scenario


@dataclass
class ComparisonResult:
    request_id: int
    model: object
    comparison: Comparison


class ScenarioRunner(QObject):
    """Submit (model, scenarios) and receive `sig_finished(ComparisonResult)` in the GUI thread."""

    sig_finished = Signal(object)
    sig_failed = Signal(str)
    _sig_done = Signal(int, object)
    _sig_error = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="windfall-scenarios")
        self._latest = 0
        self._lock = threading.Lock()
        self._copy: tuple[object, object] | None = None
        self._pending: Future | None = None
        self._sig_done.connect(self._on_done)
        self._sig_error.connect(self._on_error)

    def submit(
        self,
        model,
        scenarios: list[Scenario],
        at_time: float | None = None,
        settings: RunSettings | None = None,
    ) -> int:
        with self._lock:
            self._latest += 1
            request_id = self._latest
        args = (request_id, model, list(scenarios), at_time, settings)
        self._pending = self._executor.submit(self._work, *args)
        return request_id

    def is_latest(self, request_id: int) -> bool:
        with self._lock:
            return request_id == self._latest

    def _model_copy(self, model):
        if self._copy is None or self._copy[0] is not model:
            self._copy = (model, private_copy(model))
        return self._copy[1]

    def _work(self, request_id, model, scenarios, at_time, settings) -> None:
        if not self.is_latest(request_id):
            return
        try:
            comparison = compare_scenarios(
                self._model_copy(model), scenarios, at_time=at_time, settings=settings
            )
        except WindfallError as exc:
            self._sig_error.emit(request_id, str(exc))
            return
        self._sig_done.emit(request_id, ComparisonResult(request_id, model, comparison))

    def _on_done(self, request_id: int, result: ComparisonResult) -> None:
        if self.is_latest(request_id):
            self.sig_finished.emit(result)

    def _on_error(self, request_id: int, message: str) -> None:
        if self.is_latest(request_id):
            self.sig_failed.emit(message)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until the submitted work is done (tests and shutdown)."""
        if self._pending is not None:
            self._pending.result(timeout=timeout)

    def shutdown(self) -> None:
        with self._lock:
            self._latest += 1  # anything still queued is now stale
        self._executor.shutdown(wait=True, cancel_futures=True)
