"""Global sensitivity: which uncertain constants drive an outcome.

Sobol' indices (first-order S1 and total ST, Saltelli's sampling and estimators) and Morris
screening (mu*, sigma of elementary effects) come from SALib; one-at-a-time swings for a
tornado chart run each constant to both ends of its range with the others at their current
values. Every design is drawn on the unit hypercube and mapped through each constant's
distribution (uniform, normal, triangular; a normal is taken over its central 95% where a
range is needed), then run as ensemble batches. Morris effects are per unit of that range:
mu* is about how far the outcome moves as the constant crosses its range.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from windfall.core.analysis.jobs import NO_CONTROL, BatchRunner, JobControl
from windfall.core.analysis.outcome import Outcome, check_distinct
from windfall.core.analysis.sweep import Vary
from windfall.core.errors import WindfallError

METHODS = ("sobol", "morris", "oat")
DEFAULT_N = {"sobol": 1024, "morris": 100, "oat": 1}
MORRIS_LEVELS = 4
CONFIDENCE = 0.95
NORMAL_SPAN = (0.025, 0.975)


@dataclass
class Sensitivity:
    """Indices per varied constant (`indices[key][k]` for constant k), in option order."""

    method: str
    outcome: Outcome
    names: list[str]
    indices: dict[str, list[float]]
    runs: int
    base: float  # the outcome at the current values
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict]:
        """One object per varied constant: name, then its indices."""
        return [
            {"name": name, **{key: values[k] for key, values in self.indices.items()}}
            for k, name in enumerate(self.names)
        ]


def values_at(vary: Vary, unit: np.ndarray, bounded: bool = True) -> np.ndarray:
    """Constant values at quantiles `unit` of its distribution; `bounded` takes a normal
    over its central 95%, otherwise its tails are clipped at one in a billion."""
    from scipy import stats

    unit = np.asarray(unit, float)
    if vary.dist == "uniform":
        low, high = vary.args
        return low + unit * (high - low)
    if vary.dist == "normal":
        mean, sd = vary.args
        lo, hi = NORMAL_SPAN if bounded else (1e-9, 1 - 1e-9)
        return stats.norm.ppf(lo + unit * (hi - lo), mean, sd)
    low, mode, high = vary.args
    return stats.triang.ppf(unit, (mode - low) / (high - low), low, high - low)


def analyse(
    runner: BatchRunner,
    varies: list[Vary],
    outcome: Outcome,
    method: str = "sobol",
    n: int | None = None,
    seed: int = 0,
    control: JobControl = NO_CONTROL,
) -> Sensitivity:
    """Sensitivity of `outcome` to each varied constant by `method` (sobol, morris, oat)."""
    model = runner.model
    if method not in METHODS:
        raise WindfallError(model.path, f"unknown method '{method}' ({', '.join(METHODS)})")
    if not varies:
        raise WindfallError(model.path, "vary at least one constant")
    check_distinct(model, [vary.name for vary in varies])
    if seed < 0:
        raise WindfallError(model.path, "the seed must be 0 or more")
    baseline = runner.pilot()
    times = baseline.index.to_numpy(float)
    outcome.check_times(model.path, times)
    base = float(outcome.evaluate(times, baseline[outcome.column].to_numpy(float)[None, :])[0])
    n = DEFAULT_N[method] if n is None else n
    design = {"sobol": _sobol, "morris": _morris, "oat": _oat}[method]
    names, indices, notes = design(runner, varies, outcome, n, seed, control)
    control.progress(1.0, "done")
    return Sensitivity(method, outcome, names, indices, runner.runs, base, notes)


def _outcomes(runner, varies, outcome, unit, control, bounded=True) -> np.ndarray:
    samples = {v.name: values_at(v, unit[:, k], bounded) for k, v in enumerate(varies)}
    ens = runner.run(samples, control.part(0.0, 0.95))
    result = outcome.evaluate(ens.times, ens.values[:, :, ens.columns.index(outcome.column)])
    bad = int((~np.isfinite(result)).sum())
    if bad:
        raise WindfallError(
            runner.model.path, f"{bad} of {len(result)} runs gave no number for {outcome.label()}"
        )
    return result


def _unit_problem(varies) -> dict:
    return {
        "num_vars": len(varies),
        "names": [v.name for v in varies],
        "bounds": [[0, 1]] * len(varies),
    }


def _sobol(runner, varies, outcome, n, seed, control):
    from SALib.analyze import sobol as sobol_analysis
    from SALib.sample import sobol as sobol_sample

    if n < 2 or n & (n - 1):
        raise WindfallError(runner.model.path, f"Sobol' needs -n a power of two, not {n}")
    problem = _unit_problem(varies)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's notes on sample sizes; n is checked above
        unit = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
        result = _outcomes(runner, varies, outcome, unit, control, bounded=False)
        if np.ptp(result) == 0:
            zeros = [0.0] * len(varies)
            note = f"{outcome.label()} is the same in every run"
            return (
                problem["names"],
                {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros},
                [note],
            )
        found = sobol_analysis.analyze(
            problem, result, calc_second_order=False, conf_level=CONFIDENCE, seed=seed + 1
        )
    keys = ("S1", "S1_conf", "ST", "ST_conf")
    return problem["names"], {k: [float(v) for v in found[k]] for k in keys}, []


def _morris(runner, varies, outcome, n, seed, control):
    from SALib.analyze import morris as morris_analysis
    from SALib.sample import morris as morris_sample

    if n < 2:
        raise WindfallError(runner.model.path, f"Morris needs at least 2 trajectories, not {n}")
    problem = _unit_problem(varies)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unit = morris_sample.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)
        result = _outcomes(runner, varies, outcome, unit, control)
        found = morris_analysis.analyze(
            problem, unit, result, conf_level=CONFIDENCE, num_levels=MORRIS_LEVELS, seed=seed + 1
        )
    keys = ("mu_star", "sigma", "mu", "mu_star_conf")
    return problem["names"], {k: [float(v) for v in found[k]] for k in keys}, []


def _oat(runner, varies, outcome, _n, _seed, control):
    """Each constant to both ends of its range, the others at their current values."""
    model = runner.model
    current = []
    for vary in varies:
        value = runner.base.get(vary.name, model.variable(vary.name).value)
        current.append(float(value if value is not None else values_at(vary, np.array(0.5))))
    lows = [float(values_at(v, np.array(0.0))) for v in varies]
    highs = [float(values_at(v, np.array(1.0))) for v in varies]
    count = len(varies)
    points = np.tile(current, (2 * count, 1))
    for k in range(count):
        points[2 * k, k], points[2 * k + 1, k] = lows[k], highs[k]
    samples = {v.name: points[:, k] for k, v in enumerate(varies)}
    ens = runner.run(samples, control.part(0.0, 0.95))
    result = outcome.evaluate(ens.times, ens.values[:, :, ens.columns.index(outcome.column)])
    at_low, at_high = result[0::2], result[1::2]
    indices = {
        "low": lows,
        "high": highs,
        "outcome_low": [float(v) for v in at_low],
        "outcome_high": [float(v) for v in at_high],
        "swing": [float(v) for v in np.abs(at_high - at_low)],
    }
    return [v.name for v in varies], indices, []


def sensitivity_report(model, result: Sensitivity, varies: list[Vary], n: int, seed: int) -> dict:
    """The result as a report, for its charts."""
    return {
        "kind": "sensitivity",
        "model": {"file": model.path.name, "sha256": model.content_hash},
        "method": result.method,
        "outcome": result.outcome.label(),
        "units": model.variable(result.outcome.column.partition("[")[0]).units,
        "n": n,
        "seed": seed,
        "runs": result.runs,
        "base": result.base,
        "varies": [f"{v.name}={v.dist}({', '.join(f'{a:g}' for a in v.args)})" for v in varies],
        "names": result.names,
        "indices": result.indices,
        "notes": result.notes,
    }
