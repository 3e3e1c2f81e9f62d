"""Bounds on a run: how many steps it may take, how long, and a way to cancel it.

A pathological model (a FINAL TIME of 1e15, a TIME STEP of 1e-12) must not hang the app
or fill memory. Before PySD sets a run up, the number of steps and saved points is checked;
while it runs, every step checks the deadline and the cancel flag.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_STEPS = 10_000_000
MAX_SAVED_POINTS = 1_000_000
DEFAULT_MAX_SECONDS = 600.0


class RunInterrupted(Exception):
    """A run stopped by its limits: too many steps, past its deadline, or cancelled."""


@dataclass
class RunLimits:
    """What one run may use; `cancel` may be set from any thread to stop at the next step."""

    max_seconds: float | None = DEFAULT_MAX_SECONDS
    max_steps: int = MAX_STEPS
    max_saved_points: int = MAX_SAVED_POINTS
    cancel: threading.Event = field(default_factory=threading.Event)


def _control(pysd_model, given, name: str) -> float:
    """A time setting as a number; one the model cannot compute (0/0, a circular or
    failing definition) stops the run with its name instead of escaping as a bare error."""
    shown = name.replace("_", " ").upper()
    try:
        value = given if given is not None else getattr(pysd_model.components, name)()
        return float(value)
    except RecursionError:
        raise RunInterrupted(f"{shown} cannot be computed (circular definition)") from None
    except Exception as exc:  # any fault in model arithmetic: the run must not start
        raise RunInterrupted(f"{shown} cannot be computed ({type(exc).__name__})") from None


def _check_size(pysd_model, limits: RunLimits, kwargs: dict) -> None:
    initial = kwargs.get("initial_condition")
    if isinstance(initial, tuple):
        start = float(initial[0])
    else:
        start = _control(pysd_model, None, "initial_time")
    final = _control(pysd_model, kwargs.get("final_time"), "final_time")
    step = _control(pysd_model, kwargs.get("time_step"), "time_step")
    saveper = _control(pysd_model, kwargs.get("saveper"), "saveper")
    if not (step > 0 and saveper > 0):
        raise RunInterrupted("TIME STEP and SAVEPER must be positive")
    steps = (final - start) / step
    if steps != steps or steps > limits.max_steps:
        raise RunInterrupted(
            f"the run would take {steps:.3g} time steps (limit {limits.max_steps:,})"
        )
    if (final - start) / saveper > limits.max_saved_points:
        raise RunInterrupted(
            f"the run would save {(final - start) / saveper:.3g} points "
            f"(limit {limits.max_saved_points:,})"
        )


def check_run_size(pysd_model, limits: RunLimits, given: dict[str, float]) -> None:
    """Refuse a run whose time settings would take too many steps or saved points."""
    initial = (given["initial_time"],) if "initial_time" in given else "original"
    _check_size(pysd_model, limits, {**given, "initial_condition": initial})


@contextlib.contextmanager
def guarded_run(pysd_model, limits: RunLimits) -> Iterator[None]:
    """Install the size check and the per-step deadline/cancel check on one PySD model.

    Other wrappers of the model's step (e.g. the simulator's) stay in place underneath.
    """
    names = ("_config_simulation", "_integrate_step")
    saved = {name: pysd_model.__dict__.get(name) for name in names}
    configure, step = pysd_model._config_simulation, pysd_model._integrate_step
    deadline = None if limits.max_seconds is None else time.monotonic() + limits.max_seconds

    def checked_configure(params, return_columns, return_timestamps, initial_condition,
                          final_time, time_step, saveper, *args, **kwargs):  # fmt: skip
        given = dict(initial_condition=initial_condition, final_time=final_time,
                     time_step=time_step, saveper=saveper)  # fmt: skip
        _check_size(pysd_model, limits, given)
        return configure(params, return_columns, return_timestamps, initial_condition,
                         final_time, time_step, saveper, *args, **kwargs)  # fmt: skip

    def checked_step() -> None:
        if limits.cancel.is_set():
            raise RunInterrupted("the run was cancelled")
        if deadline is not None and time.monotonic() > deadline:
            raise RunInterrupted(f"the run took longer than {limits.max_seconds:g} s")
        step()

    pysd_model._config_simulation = checked_configure
    pysd_model._integrate_step = checked_step
    try:
        yield
    finally:
        for name, previous in saved.items():
            if previous is None:
                pysd_model.__dict__.pop(name, None)
            else:
                setattr(pysd_model, name, previous)
