"""A model that went through the loading door, and how it runs."""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from windfall.core.errors import WindfallError
from windfall.core.io.digest import content_hash
from windfall.core.model.description import ModelDescription, VariableInfo
from windfall.core.model.numeric import failing_variable
from windfall.core.safety.guard import (
    RunInterrupted,
    RunLimits,
    check_run_size,
    guarded_run,
)
from windfall.core.safety.runtime import DelayTooLarge, delay_refusal

TIME_KEYS = ("initial_time", "final_time", "time_step", "saveper")
LookupTable = tuple[Iterable[float], Iterable[float]]


@dataclass(frozen=True)
class RunSettings:
    """Time settings for a run; None keeps the model's own value."""

    initial_time: float | None = None
    final_time: float | None = None
    time_step: float | None = None
    saveper: float | None = None

    def given(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in TIME_KEYS if getattr(self, k) is not None}


@dataclass
class LoadedModel:
    """A translated, loaded model plus its description; runs never leak into each other."""

    path: Path
    data: bytes
    cache_folder: Path
    pysd_model: object
    description: ModelDescription
    translated_now: bool = False
    _dirty: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Steps, time and cancel flag every run of this model is held to.
    run_limits: RunLimits = field(default_factory=RunLimits, repr=False)
    _fast: object = field(default=None, repr=False)

    @property
    def engine(self) -> str:
        """Which engine runs this model: "windfall" (the fast engine) or "pysd"."""
        return self._fast_path().name

    @property
    def engine_reason(self) -> str:
        """Why the fast engine declines this model ("" when it runs it)."""
        return self._fast_path().reason

    def _fast_path(self):
        if self._fast is None:
            from windfall.core.model.fast import FastPath

            self._fast = FastPath.for_folder(self.cache_folder)
        return self._fast

    def run_ensemble(self, overrides, settings=None, columns=None, n=None):
        """Many scenarios at once: `overrides` maps names to per-scenario arrays (or is a
        list of per-scenario dicts); returns an Ensemble, `values[scenario, time, column]`."""
        from windfall.core.model.fast import run_ensemble

        settings = settings or RunSettings()
        _check_settings(self.path, settings)
        return run_ensemble(self, self._fast_path(), overrides, settings, columns, n)

    @property
    def content_hash(self) -> str:
        return content_hash(self.data)

    def variable(self, name: str) -> VariableInfo:
        """The variable named `name` (Vensim folding) or a WindfallError naming it."""
        var = self.description.find(name)
        if var is None:
            raise WindfallError(self.path, "no such variable in the model", variable=name)
        return var

    def resolve_overrides(self, overrides: Mapping[str, object] | None) -> dict[str, object]:
        """Check overrides against the model; return PySD params keyed by Python name."""
        params: dict[str, object] = {}
        for name, value in (overrides or {}).items():
            var = self.variable(name)
            if var.kind == "lookup":
                params[var.py_name] = _lookup_series(self.path, var, value)
            elif var.kind == "constant":
                params[var.py_name] = _number(self.path, var.name, value)
            else:
                raise WindfallError(
                    self.path,
                    f"is a {var.kind}, only constants and lookups can be set",
                    variable=var.name,
                )
        return params

    def resolve_columns(self, columns: Iterable[str] | None) -> list[str] | None:
        if columns is None:
            return None
        resolved = []
        for column in columns:
            base, bracket, subscripts = column.partition("[")
            resolved.append(self.variable(base).name + bracket + subscripts)
        return resolved

    def run(
        self,
        overrides: Mapping[str, object] | None = None,
        settings: RunSettings | None = None,
        columns: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Run from the model's own values plus these overrides; time-indexed DataFrame."""
        params = self.resolve_overrides(overrides)
        settings = settings or RunSettings()
        _check_settings(self.path, settings)
        return_columns = self.resolve_columns(columns)
        with self._lock:
            try:  # both engines: a run too large to finish is refused before it starts
                check_run_size(self.pysd_model, self.run_limits, settings.given())
            except RunInterrupted as exc:
                raise WindfallError(self.path, f"run stopped: {exc}") from None
            try:
                fast = self._fast_path()
                frame = fast.try_run(params, settings.given(), return_columns, self.run_limits)
            except RunInterrupted as exc:
                raise WindfallError(self.path, f"run stopped: {exc}") from None
            if frame is not None:
                return frame
            return self._run_locked(params, settings, return_columns)

    def _run_locked(self, params, settings: RunSettings, return_columns) -> pd.DataFrame:
        model = self.pysd_model
        if self._dirty:
            model.reload()
            self._dirty = False
        given = settings.given()
        kwargs = {k: given[k] for k in ("final_time", "time_step", "saveper") if k in given}
        initial = (given["initial_time"], {}) if "initial_time" in given else "original"
        self._dirty = bool(params or given)
        try:
            with warnings.catch_warnings(), guarded_run(model, self.run_limits):
                warnings.simplefilter("ignore")
                frame = model.run(
                    params=params or None,
                    return_columns=return_columns,
                    initial_condition=initial,
                    progress=False,
                    **kwargs,
                )
        except RecursionError as exc:
            self._dirty = True
            raise WindfallError(self.path, "circular definition among variables") from exc
        except WindfallError:
            raise
        except RunInterrupted as exc:
            self._dirty = True
            raise WindfallError(self.path, f"run stopped: {exc}") from exc
        except DelayTooLarge as exc:  # an override can make a delay's order too large
            self._dirty = True
            raise delay_refusal(exc, self.cache_folder / "model.py", self.path) from exc
        except Exception as exc:
            self._dirty = True
            variable = failing_variable(exc, self.cache_folder, self.description)
            raise WindfallError(
                self.path, f"run failed ({_short(exc)})", variable=variable
            ) from exc
        return self._tidy(frame)

    def _tidy(self, frame: pd.DataFrame) -> pd.DataFrame:
        controls = {c.name for c in self.description.controls.values()}
        frame = frame.drop(columns=[c for c in frame.columns if c in controls])
        frame.index = pd.Index(np.asarray(frame.index, dtype=float), name="time")
        return frame


def _short(exc: BaseException) -> str:
    if isinstance(exc, OverflowError):  # Python's own text, "(34, 'Numerical result ...')"
        return "OverflowError: a value grew past the largest number (about 1.8e308)"
    text = " ".join(str(exc).split())
    text = text[:240] + "..." if len(text) > 240 else text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _number(path: Path, name: str, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise WindfallError(path, f"value '{value}' is not a number", variable=name) from None
    if not math.isfinite(number):
        raise WindfallError(path, f"value '{value}' is not a finite number", variable=name)
    return number


def _lookup_series(path: Path, var: VariableInfo, value: object) -> pd.Series:
    if isinstance(value, pd.Series):
        xs, ys = value.index, value.values
    else:
        try:
            xs, ys = value  # type: ignore[misc]
        except (TypeError, ValueError):
            raise WindfallError(path, "a lookup needs a pair (xs, ys)", variable=var.name) from None
    xs = [_number(path, var.name, x) for x in xs]
    ys = [_number(path, var.name, y) for y in ys]
    if len(xs) != len(ys) or len(xs) < 2:
        raise WindfallError(path, "a lookup needs at least two (x, y) points", variable=var.name)
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        raise WindfallError(path, "lookup x values must increase", variable=var.name)
    return pd.Series(ys, index=xs, dtype=float)


def _check_settings(path: Path, settings: RunSettings) -> None:
    for key, value in settings.given().items():
        _number(path, key.replace("_", " ").upper(), value)
    if settings.time_step is not None and settings.time_step <= 0:
        raise WindfallError(path, "TIME STEP must be positive", variable="TIME STEP")
    if settings.saveper is not None and settings.saveper <= 0:
        raise WindfallError(path, "SAVEPER must be positive", variable="SAVEPER")
