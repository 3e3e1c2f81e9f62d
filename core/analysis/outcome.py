"""What an analysis measures in a run, and which constants it moves.

An outcome is one number per run, written the way analysts say it (names fold like Vensim's):

    VAR                    the value at the end of the run (also VAR@final)
    VAR@2030               the value at 2030, linear between saved times
    integral(VAR)          the integral over the run, by trapezoids over saved times
    integral(VAR@T1..T2)   ... over a period; mean(), min() and max() take the same forms

A lever is a constant moved between bounds: `NAME=LO..HI`, or `NAME` for its declared range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from windfall.core.errors import WindfallError

REDUCERS = ("at", "integral", "mean", "min", "max")
_CALL = re.compile(r"^(?P<fn>integral|mean|min|max)\s*\((?P<inner>.*)\)$", re.IGNORECASE)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PERIOD = re.compile(rf"^(?P<a>{_NUMBER})\s*\.\.\s*(?P<b>{_NUMBER})$")
_LEVER = re.compile(rf"^(?P<name>[^=]+?)\s*(?:=\s*(?P<lo>{_NUMBER})\s*\.\.\s*(?P<hi>{_NUMBER}))?$")
TIME_TOLERANCE = 1e-6  # of the run's length: a time this close to a saved one is that time


@dataclass(frozen=True)
class Outcome:
    """One number per run: `reduce` of `column` at `start` (== `end`) or over `start..end`.

    `start`/`end` of None mean the run's initial/final time."""

    column: str
    reduce: str = "at"
    start: float | None = None
    end: float | None = None

    @property
    def is_period(self) -> bool:
        return self.reduce != "at"

    def label(self) -> str:
        """The outcome as written back: 'Coalition Members@2030', 'integral(AI Wealth)'."""
        if not self.is_period:
            return self.column if self.end is None else f"{self.column}@{_time(self.end)}"
        span = ""
        if self.start is not None or self.end is not None:
            span = f"@{_time(self.start)}..{_time(self.end)}"
        return f"{self.reduce}({self.column}{span})"

    def evaluate(self, times: np.ndarray, series: np.ndarray) -> np.ndarray:
        """The outcome of every run: `series[run, time]` saved at `times` -> `[run]`."""
        series = np.atleast_2d(np.asarray(series, float))
        if not self.is_period:
            when = self.end if self.end is not None else self.start
            when = times[-1] if when is None else when
            return _value_at(times, series, when)
        window_t, window = _window(times, series, self.start, self.end)
        if self.reduce == "min":
            return window.min(axis=1)
        if self.reduce == "max":
            return window.max(axis=1)
        integral = np.trapezoid(window, window_t, axis=1)
        if self.reduce == "integral":
            return integral
        span = window_t[-1] - window_t[0]
        return integral / span if span > 0 else window[:, 0]

    def check_times(self, path, times: np.ndarray) -> None:
        """Refuse an outcome time outside the run, naming both."""
        first, last = float(times[0]), float(times[-1])
        slack = TIME_TOLERANCE * max(last - first, 1.0)
        for when in (self.start, self.end):
            if when is not None and not first - slack <= when <= last + slack:
                raise WindfallError(
                    path,
                    f"outcome '{self.label()}': time {when:g} is outside the run "
                    f"({first:g} to {last:g})",
                )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise WindfallError(path, f"outcome '{self.label()}': the period runs backwards")


def _time(value: float) -> str:
    return f"{value:g}"


def _value_at(times: np.ndarray, series: np.ndarray, when: float) -> np.ndarray:
    """Each run's value at `when`, linear between the two saved times around it."""
    k = int(np.searchsorted(times, when, side="left"))
    if k < len(times) and abs(times[k] - when) <= TIME_TOLERANCE * max(abs(when), 1.0):
        return series[:, k].copy()
    k = min(max(k, 1), len(times) - 1)
    t0, t1 = times[k - 1], times[k]
    share = (when - t0) / (t1 - t0)
    return series[:, k - 1] + share * (series[:, k] - series[:, k - 1])


def _window(times, series, start, end) -> tuple[np.ndarray, np.ndarray]:
    """Saved times strictly inside start..end plus both ends (interpolated), and the values."""
    start = times[0] if start is None else start
    end = times[-1] if end is None else end
    inside = (times > start) & (times < end)
    window_t = np.concatenate([[start], times[inside], [end]])
    window = np.column_stack(
        [_value_at(times, series, start), series[:, inside], _value_at(times, series, end)]
    )
    if end == start:
        return window_t[:1], window[:, :1]
    return window_t, window


def parse_outcome(model, text: str) -> Outcome:
    """An outcome from its written form, checked against the model's variables."""
    text = text.strip()
    call = _CALL.match(text)
    reduce, inner = (call["fn"].lower(), call["inner"].strip()) if call else ("at", text)
    name, at, when = inner.rpartition("@") if "@" in inner else (inner, "", "")
    column = _column(model, name.strip(), text)
    start, end = _when(model, when.strip(), text) if at else (None, None)
    if reduce == "at" and start != end:
        raise WindfallError(
            model.path,
            f"outcome '{text}': a period needs integral(), mean(), min() or max() around it",
        )
    return Outcome(column, reduce, start, end)


def _column(model, name: str, text: str) -> str:
    if not name:
        raise WindfallError(model.path, f"outcome '{text}' names no variable")
    base, bracket, rest = name.partition("[")
    var = model.variable(base.strip())
    if var.kind == "lookup":
        raise WindfallError(model.path, "is a lookup, not a value over time", variable=var.name)
    return var.name + bracket + rest


def _when(model, when: str, text: str) -> tuple[float | None, float | None]:
    lowered = when.lower()
    if lowered == "final":
        return None, None
    period = _PERIOD.match(when)
    if period:
        return float(period["a"]), float(period["b"])
    try:
        value = float(when)
    except ValueError:
        raise WindfallError(
            model.path, f"outcome '{text}': '{when}' is not a time, T1..T2 or final"
        ) from None
    if not np.isfinite(value):
        raise WindfallError(model.path, f"outcome '{text}': time must be a finite number")
    return value, value


@dataclass(frozen=True)
class Lever:
    """A constant an analysis moves, between `low` and `high`."""

    name: str
    low: float
    high: float

    def label(self) -> str:
        return f"{self.name}={self.low:g}..{self.high:g}"


def parse_lever(model, text: str) -> Lever:
    """`NAME=LO..HI` (or `NAME` for its declared range), checked against the model."""
    match = _LEVER.match(text.strip())
    if not match:
        raise WindfallError(model.path, f"cannot read lever '{text}' (want NAME=LO..HI)")
    var = model.variable(match["name"])
    if var.kind != "constant" or var.subscripts:
        raise WindfallError(model.path, f"is a {var.kind}; only constants vary", variable=var.name)
    if match["lo"] is None:
        if var.min is None or var.max is None:
            raise WindfallError(model.path, "has no declared range; give LO..HI", variable=var.name)
        low, high = float(var.min), float(var.max)
    else:
        low, high = float(match["lo"]), float(match["hi"])
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise WindfallError(model.path, f"range {low:g}..{high:g} is empty", variable=var.name)
    return Lever(var.name, low, high)


def check_distinct(model, names: list[str]) -> None:
    """Refuse a constant named twice among an analysis's levers or variations."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise WindfallError(model.path, "is varied more than once", variable=name)
        seen.add(name)
