"""Computes uncertainty bands off the GUI thread; the newest request wins.

A request still queued when a newer one arrives is skipped; a running one stops at its next
chunk; a result that is no longer the newest is never delivered. Models the fast engine runs
are shared (its ensemble runs keep no state between calls); a model on PySD's runtime gets a
private copy, so its long ensembles never hold the live simulation's lock.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from windfall.core.compare import private_copy
from windfall.core.errors import WindfallError
from windfall.core.uncertainty import Bands, UncertaintySpec, compute_bands

PYSD_CHUNK = 1  # one PySD run per chunk: progress and Cancel after every run
FAST_CHUNK = 500  # a newer request stops a large fast-engine ensemble after this many runs


@dataclass
class BandsResult:
    request_id: int
    model: object
    bands: Bands


class SensitivityRunner(QObject):
    """Submit a band request; `sig_finished(BandsResult)` arrives in the GUI thread."""

    sig_finished = Signal(object)
    sig_failed = Signal(str)
    sig_progress = Signal(float)
    _sig_done = Signal(int, object)
    _sig_error = Signal(int, str)
    _sig_progress = Signal(int, float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="windfall-bands")
        self._latest = 0
        self._lock = threading.Lock()
        self._copy: tuple[object, object] | None = None
        self._pending: Future | None = None
        self._sig_done.connect(self._on_done)
        self._sig_error.connect(self._on_error)
        self._sig_progress.connect(self._on_progress)

    def submit(self, model, spec: UncertaintySpec, current, settings, columns) -> int:
        with self._lock:
            self._latest += 1
            request_id = self._latest
        args = (request_id, model, spec, dict(current), settings, list(columns))
        self._pending = self._executor.submit(self._work, *args)
        return request_id

    def cancel(self) -> None:
        """Make whatever is queued or running stale; it stops at its next chunk."""
        with self._lock:
            self._latest += 1

    def is_latest(self, request_id: int) -> bool:
        with self._lock:
            return request_id == self._latest

    def _runner_for(self, model):
        if model.engine != "pysd":
            return model, FAST_CHUNK
        if self._copy is None or self._copy[0] is not model:
            self._copy = (model, private_copy(model))
        return self._copy[1], PYSD_CHUNK

    def _work(self, request_id, model, spec, current, settings, columns) -> None:
        if not self.is_latest(request_id):
            return
        try:
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
        except WindfallError as exc:
            self._sig_error.emit(request_id, str(exc))
            return
        if bands is not None:
            self._sig_done.emit(request_id, BandsResult(request_id, model, bands))

    def _on_done(self, request_id: int, result: BandsResult) -> None:
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
