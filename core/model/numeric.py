"""Numeric faults in a finished run, told with variable and time.

Overflow to inf, NaN propagation and stocks leaving their declared range pass silently
through PySD; here they become structured warnings the CLI prints and the GUI shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from windfall.core.model.description import ModelDescription


@dataclass(frozen=True)
class RunWarning:
    """One numeric fault: which variable, from what time, what kind, told in one line."""

    variable: str
    time: float
    kind: str  # "non-finite" or "out-of-range"
    detail: str

    def __str__(self) -> str:
        return f"variable '{self.variable}' {self.detail} at time {self.time:g}"


def _base_name(column: str) -> str:
    """The variable a column belongs to: PySD names subscripted columns `name[a,b]`."""
    return column.split("[", 1)[0].strip() if column.endswith("]") else column


def _non_finite(column: str, times: np.ndarray, values: np.ndarray) -> RunWarning | None:
    bad = ~np.isfinite(values)
    if not bad.any():
        return None
    first = int(bad.argmax())
    value = values[first]
    what = "is not a finite number (NaN)" if np.isnan(value) else f"overflows to {value:+}"
    return RunWarning(column, float(times[first]), "non-finite", what)


def _out_of_range(column, times, values, low, high) -> RunWarning | None:
    finite = np.isfinite(values)
    outside = finite & ((values < low) | (values > high))
    if not outside.any():
        return None
    first = int(outside.argmax())
    shown = f"[{_bound(low)}, {_bound(high)}]"
    detail = f"leaves its declared range {shown} (value {values[first]:g})"
    return RunWarning(column, float(times[first]), "out-of-range", detail)


def _bound(value: float) -> str:
    return "?" if math.isinf(value) else f"{value:g}"


def _stock_bounds(description: ModelDescription):
    """Map a column's variable name to (low, high) for stocks with a declared range."""
    exact = {v.name: v for v in description.variables}

    def bounds(column: str) -> tuple[float, float] | None:
        base = _base_name(column)
        var = exact.get(base) or description.find(base)
        if var is None or var.kind != "stock" or (var.min, var.max) == (None, None):
            return None
        return (-math.inf if var.min is None else var.min, math.inf if var.max is None else var.max)

    return bounds


def _columns(frame: pd.DataFrame):
    """(name, float values) per column; one array copy when every column is numeric."""
    try:
        values = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):  # a column PySD returned as objects (whole arrays)
        for column in frame.columns:
            try:
                yield str(column), np.asarray(frame[column], dtype=float)
            except (TypeError, ValueError):
                continue
        return
    for j, column in enumerate(frame.columns):
        yield str(column), values[:, j]


def check_run(frame: pd.DataFrame, description: ModelDescription) -> list[RunWarning]:
    """Every column's first non-finite value, and each stock's first exit from its range.

    Runs after every slider move's run in the app: one array copy, exact names first."""
    times = np.asarray(frame.index, dtype=float)
    bounds = _stock_bounds(description)
    found: list[RunWarning] = []
    for column, values in _columns(frame):
        faults = [_non_finite(column, times, values)]
        limits = bounds(column)
        if limits is not None:
            faults.append(_out_of_range(column, times, values, *limits))
        found.extend(fault for fault in faults if fault is not None)
    return sorted(found, key=lambda w: (w.time, w.variable))


def failing_variable(exc: BaseException, cache_folder: Path, description) -> str | None:
    """The model variable whose generated function raised `exc`, from its traceback."""
    names = {v.py_name: v.name for v in description.variables}
    found = None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if Path(code.co_filename).parent == cache_folder and code.co_name in names:
            found = names[code.co_name]
        tb = tb.tb_next
    return found
