"""A simulation service where the newest request wins, without Qt.

One worker thread runs jobs: opening a model (translation can take seconds) and running one.
Each request gets an increasing id. A queued run is replaced by a newer one; a running run
stops at its next chunk check once it is stale or cancelled; a result whose id is no longer
the newest is dropped, never delivered. `force_sync()` runs everything in the caller's thread.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from windfall.core.errors import WindfallError
from windfall.core.model.description import ModelDescription
from windfall.core.model.loaded import LoadedModel, RunSettings
from windfall.core.model.numeric import check_run

CHECK_EVERY_STEPS = 16
PROGRESS_INTERVAL_S = 0.1


class RunCancelled(Exception):
    """Raised inside a run at a chunk check when a newer request or a cancel arrived."""


@dataclass
class RunResult:
    """One finished run: the frame, how long it took, and what looked wrong in it."""

    request_id: int
    model: LoadedModel
    frame: pd.DataFrame
    duration: float
    overrides: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class OpenResult:
    """A model that finished opening (translation included)."""

    request_id: int
    model: LoadedModel
    duration: float


@dataclass
class _Job:
    id: int
    kind: str
    path: Path | None = None
    model: LoadedModel | None = None
    overrides: dict = field(default_factory=dict)
    settings: RunSettings = field(default_factory=RunSettings)


def run_warnings(description: ModelDescription, frame: pd.DataFrame) -> list[str]:
    """Non-finite values and stocks leaving their declared range, one line each."""
    return [str(warning) for warning in check_run(frame, description)]


class Simulator:
    """Runs model jobs on one worker thread; delivers only the newest result of each kind.

    Callbacks run on the worker thread (or the caller's, when synchronous): `on_result(result)`
    with a RunResult or OpenResult, `on_error(request_id, kind, message)`,
    `on_progress(request_id, fraction)`.
    """

    def __init__(
        self,
        on_result: Callable[[object], None],
        on_error: Callable[[int, str, str], None],
        on_progress: Callable[[int, float], None] | None = None,
    ) -> None:
        self._on_result = on_result
        self._on_error = on_error
        self._on_progress = on_progress
        self._ids = itertools.count(1)
        self._latest = {"run": 0, "open": 0}
        self._pending: dict[str, _Job | None] = {"run": None, "open": None}
        self._cancelled: set[int] = set()
        self._busy = False
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._sync = False

    # -- requests -------------------------------------------------------------------------
    def submit_run(
        self, model: LoadedModel, overrides: Mapping[str, object], settings: RunSettings
    ) -> int:
        """Ask for a run; replaces any queued run and makes a running one stale."""
        return self._submit(
            _Job(0, "run", model=model, overrides=dict(overrides), settings=settings)
        )

    def submit_open(self, path: str | Path) -> int:
        """Ask for a model to be opened (translated if needed) off the caller's thread."""
        return self._submit(_Job(0, "open", path=Path(path)))

    def cancel(self) -> None:
        """Drop the queued run and stop the running one at its next chunk check."""
        with self._cond:
            self._pending["run"] = None
            self._cancelled.add(self._latest["run"])

    def is_latest(self, request_id: int, kind: str = "run") -> bool:
        return request_id == self._latest[kind] and request_id not in self._cancelled

    @property
    def latest_run_id(self) -> int:
        return self._latest["run"]

    @contextlib.contextmanager
    def force_sync(self) -> Iterator[None]:
        """Within this block, requests run at once in the caller's thread (tests, scripts)."""
        self.wait_idle()
        self._sync = True
        try:
            yield
        finally:
            self._sync = False

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until nothing is queued or running; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._busy or any(self._pending.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop the worker: the queue is dropped and a running job stops at its next check."""
        with self._cond:
            self._stopping = True
            self._pending = {"run": None, "open": None}
            self._cancelled.add(self._latest["run"])
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- worker ---------------------------------------------------------------------------
    def _submit(self, job: _Job) -> int:
        with self._cond:
            if self._stopping:
                raise RuntimeError("simulator is shut down")
            job.id = next(self._ids)
            self._latest[job.kind] = job.id
            if not self._sync:
                self._pending[job.kind] = job
                self._ensure_thread()
                self._cond.notify_all()
        if self._sync:
            self._execute(job)
        return job.id

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="windfall-sim", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and not any(self._pending.values()):
                    self._cond.wait()
                if self._stopping:
                    return
                kind = "open" if self._pending["open"] else "run"
                job, self._pending[kind] = self._pending[kind], None
                self._busy = True
            try:
                self._execute(job)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _execute(self, job: _Job) -> None:
        started = time.perf_counter()
        try:
            if job.kind == "open":
                from windfall.core.loading.loader import open_model

                result: object = OpenResult(job.id, open_model(job.path), 0.0)
            else:
                frame = self._run_checked(job)
                warnings = run_warnings(job.model.description, frame)
                result = RunResult(job.id, job.model, frame, 0.0, job.overrides, warnings)
        except RunCancelled:
            return
        except WindfallError as exc:
            if isinstance(exc.__cause__, RunCancelled):
                return
            if self.is_latest(job.id, job.kind):
                self._on_error(job.id, job.kind, str(exc))
            return
        except Exception as exc:  # a crash in a worker must reach the user, not vanish
            if self.is_latest(job.id, job.kind):
                self._on_error(job.id, job.kind, f"{type(exc).__name__}: {exc}")
            return
        result.duration = time.perf_counter() - started
        if self.is_latest(job.id, job.kind):
            self._on_result(result)

    def _run_checked(self, job: _Job) -> pd.DataFrame:
        """Run with a check every few steps: stop when stale, report progress now and then."""
        pysd_model = job.model.pysd_model
        original_step = pysd_model._integrate_step
        state = {"steps": 0, "reported": time.monotonic(), "start": None}

        def checked_step() -> None:
            original_step()
            state["steps"] += 1
            if state["steps"] % CHECK_EVERY_STEPS:
                return
            if not self.is_latest(job.id):
                raise RunCancelled()
            now = time.monotonic()
            if self._on_progress and now - state["reported"] >= PROGRESS_INTERVAL_S:
                state["reported"] = now
                self._on_progress(job.id, _fraction(pysd_model, state))

        # The model object is this worker's alone while the run lasts (LoadedModel's lock).
        pysd_model._integrate_step = checked_step
        try:
            return job.model.run(job.overrides, job.settings)
        finally:
            pysd_model.__dict__.pop("_integrate_step", None)


def _fraction(pysd_model, state: dict) -> float:
    now = float(pysd_model.time())
    if state["start"] is None:
        state["start"] = now - state["steps"] * float(pysd_model.time.time_step())
    final = float(pysd_model.time.final_time())
    span = final - state["start"]
    return min(1.0, max(0.0, (now - state["start"]) / span)) if span > 0 else 1.0
