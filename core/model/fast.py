"""Connects a LoadedModel to the fast engine: picks the engine, shapes results like PySD's."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from windfall.core.engine import Engine, load_engine
from windfall.core.errors import WindfallError
from windfall.core.safety.guard import RunInterrupted

FAST, PYSD = "windfall", "pysd"


@dataclass
class Ensemble:
    """Results of many scenarios: `values[scenario, time, column]`."""

    times: np.ndarray
    columns: list[str]
    values: np.ndarray
    engine: str

    def frame(self, scenario: int) -> pd.DataFrame:
        """One scenario as a time-indexed DataFrame, like `LoadedModel.run` returns."""
        index = pd.Index(self.times, name="time")
        return pd.DataFrame(self.values[scenario], index=index, columns=self.columns)

    def percentiles(self, qs: Sequence[float] = (5, 25, 50, 75, 95)) -> np.ndarray:
        """Percentiles over scenarios: `[q, time, column]`."""
        return np.percentile(self.values, list(qs), axis=0)


class FastPath:
    """The engine chosen for one loaded model, and why."""

    def __init__(self, engine: Engine | None, reason: str):
        self.engine = engine
        self.reason = reason

    @property
    def name(self) -> str:
        return FAST if self.engine is not None else PYSD

    @classmethod
    def for_folder(cls, folder: Path) -> FastPath:
        return cls(*load_engine(folder))

    def split(self, params: Mapping[str, object]):
        """PySD-style params as engine values and tables, or None if the engine cannot."""
        values, tables = {}, {}
        for py, value in params.items():
            if self.engine is None or not self.engine.accepts(py):
                return None
            if py in self.engine.table_by_py:
                if isinstance(value, pd.Series):
                    value = (np.asarray(value.index, float), np.asarray(value.values, float))
                tables[py] = value
            else:
                values[py] = value
        return values, tables

    def try_run(self, params, given, columns, limits=None) -> pd.DataFrame | None:
        """A run on the fast engine shaped like PySD's frame; None sends it to PySD.

        `limits` (a RunLimits) stops the run by raising RunInterrupted."""
        split = self.split(params)
        if split is None or not self._has_columns(columns):
            return None
        try:
            saved, rows = self.engine.run(*split, given, limit_check(limits))
        except RunInterrupted:
            raise
        except Exception:  # PySD then runs it and reports its own error, if any
            return None
        frame = pd.DataFrame(rows, index=pd.Index(saved, name="time"), columns=self.engine.columns)
        return frame if columns is None else frame[list(columns)]

    def _has_columns(self, columns) -> bool:
        if self.engine is None:
            return False
        return columns is None or set(columns) <= set(self.engine.columns)


def limit_check(limits):
    """A check for generated code: raises RunInterrupted when cancelled or past the deadline."""
    if limits is None:
        return None
    deadline = None if limits.max_seconds is None else time.monotonic() + limits.max_seconds

    def check() -> None:
        if limits.cancel.is_set():
            raise RunInterrupted("the run was cancelled")
        if deadline is not None and time.monotonic() > deadline:
            raise RunInterrupted(f"the run took longer than {limits.max_seconds:g} s")

    return check


def ensemble_inputs(model, overrides, n: int | None):
    """Per-scenario overrides as {py_name: array or float} and shared lookup tables."""
    if isinstance(overrides, Sequence) and not isinstance(overrides, (str, bytes)):
        count = len(overrides)
        names = {name for scenario in overrides for name in scenario}
        columns = {}
        for name in names:
            var = model.variable(name)
            default = var.value if var.kind == "constant" else None
            columns[name] = [scenario.get(name, default) for scenario in overrides]
        overrides, n = columns, count
    values, tables = {}, {}
    for name, value in (overrides or {}).items():
        var = model.variable(name)
        if var.kind == "lookup":
            tables[var.py_name] = model.resolve_overrides({name: value})[var.py_name]
            continue
        array = np.asarray(value, dtype=float) if not np.isscalar(value) else None
        if array is not None and array.ndim == 1:
            n = _same_count(model, var.name, n, len(array))
            _check_finite(model, var.name, array)
            values[var.py_name] = array
        else:
            values[var.py_name] = model.resolve_overrides({name: value})[var.py_name]
    if n is None:
        raise WindfallError(model.path, "an ensemble needs a scenario count or value arrays")
    return values, tables, n


def _same_count(model, name: str, n: int | None, count: int) -> int:
    if n is not None and n != count:
        raise WindfallError(
            model.path, f"has {count} values but the ensemble has {n} scenarios", variable=name
        )
    return count


def _check_finite(model, name: str, array: np.ndarray) -> None:
    var = model.variable(name)
    if var.kind != "constant":
        raise WindfallError(
            model.path, f"is a {var.kind}, only constants can vary", variable=var.name
        )
    if not np.all(np.isfinite(array)):
        raise WindfallError(model.path, "values must be finite numbers", variable=var.name)


def run_ensemble(model, fast: FastPath, overrides, settings, columns, n) -> Ensemble:
    """All scenarios on the fast engine at once, else one PySD run per scenario."""
    values, tables, n = ensemble_inputs(model, overrides, n)
    names = model.resolve_columns(columns)
    given = settings.given()
    if fast.split({**values, **tables}) is not None and fast._has_columns(names):
        chosen = names or list(fast.engine.columns)
        _check_size(model, n, len(fast.engine.saved_times(given)), len(chosen))
        try:
            check = limit_check(model.run_limits)
            saved, out = fast.engine.run_ensemble(values, tables, given, n, names, check)
        except RunInterrupted as exc:
            raise WindfallError(model.path, f"run stopped: {exc}") from None
        except Exception:  # e.g. a delay order its delay time cannot hold: PySD decides
            saved = None
        if saved is not None:
            return Ensemble(saved, chosen, out, FAST)
    return _pysd_ensemble(model, values, tables, settings, names, n)


MAX_ENSEMBLE_VALUES = 200_000_000  # 1.6 GB of results


def _check_size(model, n: int, saves: int, columns: int) -> None:
    if n * saves * columns > MAX_ENSEMBLE_VALUES:
        raise WindfallError(
            model.path,
            f"an ensemble of {n} runs x {saves} saved times x {columns} variables is too "
            "large; use fewer runs, variables or saved times",
        )


def _pysd_ensemble(model, values, tables, settings, names, n) -> Ensemble:
    by_py = {v.py_name: v.name for v in model.description.variables}
    frames = []
    for i in range(n):
        scenario = {by_py[py]: (v[i] if np.ndim(v) else v) for py, v in values.items()}
        scenario.update({by_py[py]: table for py, table in tables.items()})
        frames.append(model.run(scenario, settings, names))
    first = frames[0]
    stacked = np.stack([f.to_numpy(dtype=float) for f in frames])
    return Ensemble(first.index.to_numpy(dtype=float), list(first.columns), stacked, PYSD)
