"""Calibration: fit chosen constants so the model reproduces historical data, by weighted
least squares (Vensim's calibration payoff: the sum over series and observed times of the
weight times the squared error; a series given a standard deviation SD has weight 1/SD²).

A batch of starting points (a scrambled Sobol' design over the bounds) picks the start, then
scipy's bounded trust-region least squares refines it. Each Jacobian is one batch: the point
and a small step along each constant run together on the ensemble engine. Confidence
intervals come from the curvature at the optimum (the Gauss-Newton covariance, scaled by the
residual variance unless every series has a known SD) or from a residual bootstrap: refits
to the fitted values plus resampled residuals of each series.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from windfall.core.analysis.fitstats import SeriesFit, fit_statistics
from windfall.core.analysis.history import History
from windfall.core.analysis.jobs import NO_CONTROL, BatchRunner, JobControl
from windfall.core.analysis.outcome import Lever, check_distinct
from windfall.core.errors import WindfallError

STARTS_PER_LEVER = 32
STEP = 1e-6  # forward-difference step, of each constant's range
MAX_EVALUATIONS = 200
CONFIDENCE = 0.95


@dataclass
class Calibration:
    """Estimated constants with confidence intervals, and how well the model then fits."""

    levers: tuple[Lever, ...]
    estimates: dict[str, float]
    lower: dict[str, float | None]
    upper: dict[str, float | None]
    interval: str  # how the intervals were found
    payoff: float
    baseline_payoff: float
    points: int
    fits: list[SeriesFit] = field(default_factory=list)
    runs: int = 0

    def at_bound(self) -> list[str]:
        """Constants whose estimate sits on a bound: widen it, the data want more."""
        span = {lever.name: lever.high - lever.low for lever in self.levers}
        return [
            lever.name
            for lever in self.levers
            if min(abs(self.estimates[lever.name] - b) for b in (lever.low, lever.high))
            <= 1e-6 * span[lever.name]
        ]


class _Residuals:
    """Weighted residuals of candidate constants against the observations, batch by batch."""

    def __init__(self, runner: BatchRunner, history: History, levers, weights, control):
        self.runner, self.levers, self.control = runner, levers, control
        times = runner.pilot().index.to_numpy(float)
        first, last = times[0], times[-1]
        outside = history.times[(history.times < first) | (history.times > last)]
        if len(outside):
            raise WindfallError(
                history.path, f"data time {outside[0]:g} is outside the run ({first:g} to {last:g})"
            )
        self.pieces = []  # (column, observed times, observed values, sqrt weight)
        for name in history.series:
            when, values = history.observed(name)
            if len(values):
                self.pieces.append((name, when, values, np.sqrt(weights.get(name, 1.0))))
        self.observed = np.concatenate([p[2] for p in self.pieces])
        self.scale = np.concatenate([np.full(len(p[2]), p[3]) for p in self.pieces])
        self.model_times = times

    def simulate(self, points: np.ndarray) -> np.ndarray:
        """Model values at every observation, `[point, observation]`."""
        samples = {lever.name: points[:, i] for i, lever in enumerate(self.levers)}
        ens = self.runner.run(samples, JobControl(check=self.control.check))
        parts = []
        for name, when, _values, _w in self.pieces:
            series = ens.values[:, :, ens.columns.index(name)]
            parts.append(np.column_stack([np.interp(when, ens.times, row) for row in series]).T)
        return np.concatenate(parts, axis=1)

    def weighted(self, simulated: np.ndarray, observed: np.ndarray) -> np.ndarray:
        residuals = self.scale * (simulated - observed)
        return np.where(np.isfinite(residuals), residuals, 1e150)


def _least_squares(res: _Residuals, start: np.ndarray, observed: np.ndarray, control):
    """Bounded least squares from `start`; the point and its Jacobian steps run as one batch."""
    from scipy.optimize import least_squares

    low = np.array([lever.low for lever in res.levers])
    high = np.array([lever.high for lever in res.levers])
    steps = STEP * (high - low)
    cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def evaluate(x):
        key = np.asarray(x, float).tobytes()
        if key not in cache:
            signs = np.where(x + steps > high, -1.0, 1.0)
            points = np.vstack([x, x + np.diag(signs * steps)])
            r = res.weighted(res.simulate(points), observed)
            cache.clear()
            cache[key] = (r[0], ((r[1:] - r[0]) / (signs * steps)[:, None]).T)
            control.progress(min(len(calls) / MAX_EVALUATIONS, 0.99), "fitting")
            calls.append(1)
        return cache[key]

    calls: list[int] = []
    return least_squares(
        lambda x: evaluate(x)[0],
        start,
        jac=lambda x: evaluate(x)[1],
        bounds=(low, high),
        method="trf",
        x_scale="jac",
        max_nfev=MAX_EVALUATIONS,
    )


def _start(res: _Residuals, seed: int) -> np.ndarray:
    """The best of a scrambled Sobol' design over the bounds (plus the starting values)."""
    from scipy.stats import qmc

    low = np.array([lever.low for lever in res.levers])
    high = np.array([lever.high for lever in res.levers])
    design = qmc.Sobol(len(res.levers), seed=np.random.default_rng(seed)).random(
        STARTS_PER_LEVER * len(res.levers)
    )
    points = qmc.scale(design, low, high)
    payoff = (res.weighted(res.simulate(points), res.observed) ** 2).sum(axis=1)
    return points[int(np.argmin(payoff))]


def calibrate(
    runner: BatchRunner,
    history: History,
    levers: tuple[Lever, ...],
    weights: dict[str, float] | None = None,
    known_sd: bool = False,
    bootstrap: int = 0,
    seed: int = 0,
    control: JobControl = NO_CONTROL,
) -> Calibration:
    """Fit `levers` to `history`. `weights` (by variable) multiply squared errors; `known_sd`
    says they are 1/SD² of known errors. `bootstrap` > 0 asks for that many refits."""
    model = runner.model
    if not levers:
        raise WindfallError(model.path, "name at least one constant to fit")
    check_distinct(model, [lever.name for lever in levers])
    res = _Residuals(runner, history, levers, weights or {}, control)
    if len(res.observed) <= len(levers):
        raise WindfallError(
            history.path, f"{len(res.observed)} observations cannot fit {len(levers)} constants"
        )
    fit_share = 0.3 if bootstrap else 0.95
    fitted = _least_squares(res, _start(res, seed), res.observed, control.part(0.0, fit_share))
    x = np.asarray(fitted.x, float)
    if bootstrap:
        lower, upper = _bootstrap(res, x, bootstrap, seed, control.part(fit_share, 0.99))
        interval = f"bootstrap, {bootstrap} refits"
    else:
        lower, upper = _curvature(res, fitted, known_sd)
        interval = "curvature"
    simulated = res.simulate(np.vstack([x, _base_point(runner, levers)]))
    payoffs = (res.weighted(simulated, res.observed) ** 2).sum(axis=1)
    control.progress(1.0, "done")
    names = [lever.name for lever in levers]
    return Calibration(
        levers=levers,
        estimates=dict(zip(names, map(float, x), strict=True)),
        lower=dict(zip(names, lower, strict=True)),
        upper=dict(zip(names, upper, strict=True)),
        interval=interval,
        payoff=float(payoffs[0]),
        baseline_payoff=float(payoffs[1]),
        points=len(res.observed),
        fits=_fits(res, simulated[0]),
        runs=runner.runs,
    )


def _base_point(runner: BatchRunner, levers) -> np.ndarray:
    """The levers' starting values: from the base overrides, else the model's own."""
    values = []
    for lever in levers:
        value = runner.base.get(lever.name, runner.model.variable(lever.name).value)
        values.append(float(value) if value is not None else (lever.low + lever.high) / 2)
    return np.array(values)


def _fits(res: _Residuals, simulated: np.ndarray) -> list[SeriesFit]:
    fits, start = [], 0
    for name, _when, values, _w in res.pieces:
        stop = start + len(values)
        fits.append(fit_statistics(name, simulated[start:stop], values))
        start = stop
    return fits


def _curvature(res: _Residuals, fitted, known_sd: bool):
    """Gauss-Newton intervals: x ± t * sqrt(diag(s² (JᵀJ)⁻¹)); None where not identifiable."""
    from scipy.stats import t as student

    jac = np.asarray(fitted.jac, float)
    dof = len(res.observed) - len(res.levers)
    scale = 1.0 if known_sd else float(fitted.fun @ fitted.fun) / dof
    information = jac.T @ jac
    if np.linalg.matrix_rank(information) < len(res.levers):
        return [None] * len(res.levers), [None] * len(res.levers)
    spread = student.ppf(0.5 + CONFIDENCE / 2, dof) * np.sqrt(
        np.diag(np.linalg.inv(information)) * scale
    )
    x = np.asarray(fitted.x, float)
    return [float(v) for v in x - spread], [float(v) for v in x + spread]


def _bootstrap(res: _Residuals, x: np.ndarray, count: int, seed: int, control: JobControl):
    """Percentile intervals over refits to fitted values plus resampled residuals."""
    rng = np.random.default_rng([seed, 2])
    best = res.simulate(x[None, :])[0]
    residuals = res.observed - best
    estimates = []
    for k in range(count):
        control.check()
        synthetic = best.copy()
        start = 0
        for _name, _when, values, _w in res.pieces:
            stop = start + len(values)
            synthetic[start:stop] += rng.choice(residuals[start:stop], size=stop - start)
            start = stop
        refit = _least_squares(res, x, synthetic, JobControl(check=control.check))
        estimates.append(refit.x)
        control.progress((k + 1) / count, f"bootstrap refit {k + 1} of {count}")
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(np.array(estimates), [tail, 100 - tail], axis=0)
    return [float(v) for v in low], [float(v) for v in high]


def calibration_report(runner: BatchRunner, history: History, result: Calibration) -> dict:
    """The result as a report: estimates and intervals, fit statistics, and per variable the
    observations, the fitted and starting runs and the residuals (for its charts)."""
    model = runner.model
    columns = list(history.series)
    baseline = runner.pilot()
    fitted = model.run({**runner.base, **result.estimates}, runner.settings, columns)
    series = {}
    for name in columns:
        when, values = history.observed(name)
        at_fit = np.interp(when, fitted.index.to_numpy(float), fitted[name].to_numpy(float))
        series[name] = {
            "times": when.tolist(),
            "observed": values.tolist(),
            "residuals": (values - at_fit).tolist(),
            "fitted": fitted[name].to_numpy(float).tolist(),
            "baseline": baseline[name].to_numpy(float).tolist(),
        }
    return {
        "kind": "calibrate",
        "model": {"file": model.path.name, "sha256": model.content_hash},
        "data": {"file": history.path.name, "points": result.points},
        "interval": result.interval,
        "confidence": CONFIDENCE,
        "payoff": result.payoff,
        "baseline_payoff": result.baseline_payoff,
        "runs": result.runs,
        "parameters": [
            {
                "name": lever.name,
                "low": lever.low,
                "high": lever.high,
                "estimate": result.estimates[lever.name],
                "ci_low": result.lower[lever.name],
                "ci_high": result.upper[lever.name],
            }
            for lever in result.levers
        ],
        "at_bound": result.at_bound(),
        "fits": [fit.as_dict() for fit in result.fits],
        "times": fitted.index.to_numpy(float).tolist(),
        "series": series,
    }
