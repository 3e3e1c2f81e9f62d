"""A worker thread whose newest request wins, for work that runs beside the live simulation.

Each request gets an increasing id. A request still queued when a newer one arrives is
skipped; running work may poll `is_latest` to stop early; a result or error that is no
longer the newest is never delivered. Results cross to the GUI thread through Qt signals.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from windfall.core.analysis.compare import private_copy
from windfall.core.errors import WindfallError


class LatestRunner(QObject):
    """Base for the scenario and band runners: `sig_finished(result)` in the GUI thread."""

    sig_finished = Signal(object)
    sig_failed = Signal(str)
    sig_progress = Signal(float)
    _sig_done = Signal(int, object)
    _sig_error = Signal(int, str)
    _sig_progress = Signal(int, float)

    def __init__(self, thread_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=thread_name)
        self._latest = 0
        self._lock = threading.Lock()
        self._copy: tuple[object, object] | None = None
        self._pending: Future | None = None
        self._sig_done.connect(self._on_done)
        self._sig_error.connect(self._on_error)
        self._sig_progress.connect(self._on_progress)

    def _submit(self, work, *args) -> int:
        """Queue `work(request_id, *args)`; what it returns (unless None) is the result."""
        with self._lock:
            self._latest += 1
            request_id = self._latest
        self._pending = self._executor.submit(self._guarded, work, request_id, *args)
        return request_id

    def _guarded(self, work, request_id: int, *args) -> None:
        if not self.is_latest(request_id):
            return
        try:
            result = work(request_id, *args)
        except WindfallError as exc:
            self._sig_error.emit(request_id, str(exc))
            return
        if result is not None:
            self._sig_done.emit(request_id, result)

    def _private_model(self, model):
        """A copy of `model` with its own PySD state, so it never waits on the live run."""
        if self._copy is None or self._copy[0] is not model:
            self._copy = (model, private_copy(model))
        return self._copy[1]

    def cancel(self) -> None:
        """Make whatever is queued or running stale."""
        with self._lock:
            self._latest += 1

    def is_latest(self, request_id: int) -> bool:
        with self._lock:
            return request_id == self._latest

    def _on_done(self, request_id: int, result) -> None:
        if self.is_latest(request_id):
            self.sig_finished.emit(result)

    def _on_error(self, request_id: int, message: str) -> None:
        if self.is_latest(request_id):
            self.sig_failed.emit(message)

    def _on_progress(self, request_id: int, fraction: float) -> None:
        if self.is_latest(request_id):
            self.sig_progress.emit(fraction)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until the submitted work is done (tests and shutdown)."""
        if self._pending is not None:
            self._pending.result(timeout=timeout)

    def shutdown(self) -> None:
        self.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
