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

from windfall.core.description import ModelDescription


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
    what = "is not a number (NaN)" if np.isnan(value) else f"overflows to {value:+}"
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


def check_run(frame: pd.DataFrame, description: ModelDescription) -> list[RunWarning]:
    """Every column's first non-finite value, and each stock's first exit from its range."""
    times = np.asarray(frame.index, dtype=float)
    found: list[RunWarning] = []
    for column in frame.columns:
        try:
            values = np.asarray(frame[column], dtype=float)
        except (TypeError, ValueError):
            continue  # a column PySD returned as objects (e.g. whole arrays) is not checked
        faults = [_non_finite(str(column), times, values)]
        var = description.find(_base_name(str(column)))
        if var is not None and var.kind == "stock" and (var.min, var.max) != (None, None):
            low = -math.inf if var.min is None else var.min
            high = math.inf if var.max is None else var.max
            faults.append(_out_of_range(str(column), times, values, low, high))
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
