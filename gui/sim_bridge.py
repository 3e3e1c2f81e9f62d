"""Carries the core Simulator's worker-thread callbacks into the GUI thread as Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from windfall.core.session.simulator import OpenResult, RunResult, Simulator


class SimulationBridge(QObject):
    """Owns the Simulator; its signals are delivered in the GUI thread (queued connections).

    A result is checked again on arrival: a request submitted after it was emitted makes it
    stale, and a stale result is never passed on.
    """

    sig_run_finished = Signal(object)
    sig_model_opened = Signal(object)
    sig_failed = Signal(str, str)
    sig_progress = Signal(float)
    _sig_result = Signal(object)
    _sig_error = Signal(int, str, str)
    _sig_progress = Signal(int, float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.simulator = Simulator(
            self._sig_result.emit, self._sig_error.emit, self._sig_progress.emit
        )
        self._sig_result.connect(self._on_result)
        self._sig_error.connect(self._on_error)
        self._sig_progress.connect(self._on_progress)

    def _on_result(self, result: object) -> None:
        if isinstance(result, OpenResult) and self.simulator.is_latest(result.request_id, "open"):
            self.sig_model_opened.emit(result)
        elif isinstance(result, RunResult) and self.simulator.is_latest(result.request_id):
            self.sig_run_finished.emit(result)

    def _on_error(self, request_id: int, kind: str, message: str) -> None:
        if self.simulator.is_latest(request_id, kind):
            self.sig_failed.emit(kind, message)

    def _on_progress(self, request_id: int, fraction: float) -> None:
        if self.simulator.is_latest(request_id):
            self.sig_progress.emit(fraction)

    def shutdown(self) -> None:
        self.simulator.shutdown()
