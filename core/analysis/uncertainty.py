"""Uncertainty bands around the current settings: sample the varied constants, run, summarise.

The varied constants are drawn from their distributions (one seeded generator, as a sweep
draws them); every other constant and lookup keeps the analyst's current value. The runs are
summarised per variable as the 5th, 25th, 50th, 75th and 95th percentile over scenarios.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from windfall.core.analysis.sweep import PERCENTILES, Vary, draw, parse_vary
from windfall.core.errors import WindfallError

DEFAULT_RUNS = 200
DEFAULT_SEED = 1


@dataclass(frozen=True)
class UncertaintySpec:
    """What to vary and how many scenarios to draw, with which seed."""

    varies: tuple[Vary, ...]
    n: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class UncertaintySettings:
    """The uncertainty settings as a workspace keeps them: the variations as saved (checked
    against a model only by `fit`), N, seed, and whether the bands are shown."""

    varies: tuple[Vary, ...] = ()
    n: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    shown: bool = False

    def fit(self, model) -> tuple[UncertaintySpec, list[str]]:
        """The spec for `model` and one warning per variation dropped: a constant the model no
        longer has, one varied twice, or numbers that are no longer a valid distribution."""
        varies: list[Vary] = []
        warnings: list[str] = []
        for vary in self.varies:
            try:
                fitted = make_vary(model, vary.name, vary.dist, vary.args)
            except WindfallError as exc:
                warnings.append(f"uncertainty: dropped '{vary.name}' ({exc.cause})")
                continue
            if any(v.name == fitted.name for v in varies):
                warnings.append(f"uncertainty: dropped '{vary.name}' (varied more than once)")
                continue
            varies.append(fitted)
        return UncertaintySpec(tuple(varies), self.n, self.seed), warnings


@dataclass
class Bands:
    """Percentiles over scenarios: `values[q, time, column]` for q in PERCENTILES."""

    times: np.ndarray
    columns: list[str]
    values: np.ndarray
    n: int
    engine: str

    def band(self, variable: str) -> dict[int, np.ndarray]:
        """One variable's percentile series, keyed 5, 25, 50, 75, 95."""
        k = self.columns.index(variable)
        return {q: self.values[i, :, k] for i, q in enumerate(PERCENTILES)}


def default_args(var, dist: str, current: float | None = None) -> tuple[float, ...]:
    """Starting numbers for a distribution: the declared range, else +-50 % of the value.

    The centre (normal mean, triangular mode) is the current value when it lies in range."""
    centre = current if current is not None else var.value
    centre = 0.0 if centre is None else float(centre)
    low, high = var.min, var.max
    if low is None or high is None or not low < high:
        spread = abs(centre) * 0.5 or 1.0
        low, high = centre - spread, centre + spread
    if not low <= centre <= high:
        centre = (low + high) / 2
    if dist == "uniform":
        return (low, high)
    if dist == "normal":
        return (centre, (high - low) / 6)
    return (low, centre, high)


def make_vary(model, name: str, dist: str, args: Iterable[float]) -> Vary:
    """A checked variation (the same rules as `windfall sweep --vary`); WindfallError if bad."""
    numbers = ", ".join(repr(float(a)) for a in args)
    return parse_vary(model, f"{name}={dist}({numbers})")


def sample_overrides(model, spec: UncertaintySpec, current: Mapping[str, object]) -> dict:
    """Ensemble overrides: the varied constants drawn, everything else at its current value."""
    if spec.n < 2:
        raise WindfallError(model.path, f"bands need at least 2 runs, not {spec.n}")
    overrides = dict(current)
    drawn = draw(list(spec.varies), spec.n, spec.seed)
    for name in list(overrides):  # a varied constant's slider value gives way to its draws
        if model.variable(name).name in drawn:
            del overrides[name]
    overrides.update(drawn)
    return overrides


def compute_bands(
    model,
    spec: UncertaintySpec,
    current: Mapping[str, object],
    settings=None,
    columns: Iterable[str] | None = None,
    chunk: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[float], None] = lambda _fraction: None,
) -> Bands | None:
    """Run the scenarios in chunks (all at once by default) and return their bands.

    Between chunks `cancelled()` is asked; True stops the work and returns None."""
    overrides = sample_overrides(model, spec, current)
    size = chunk or spec.n
    names = list(columns) if columns is not None else None
    parts, engine, times, out_columns = [], "", None, []
    for start in range(0, spec.n, size):
        if cancelled():
            return None
        stop = min(start + size, spec.n)
        part = {k: _slice(v, start, stop) for k, v in overrides.items()}
        result = model.run_ensemble(part, settings, names, n=stop - start)
        parts.append(np.asarray(result.values, dtype=float))
        engine, times, out_columns = result.engine, result.times, result.columns
        progress(stop / spec.n)
    if cancelled():
        return None
    values = np.concatenate(parts, axis=0)
    with np.errstate(invalid="ignore"):
        bands = np.percentile(values, PERCENTILES, axis=0)
    return Bands(np.asarray(times, dtype=float), list(out_columns), bands, spec.n, engine)


def _slice(value, start: int, stop: int):
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value[start:stop]
    return value
