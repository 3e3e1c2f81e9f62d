"""How well a simulated series fits an observed one, in the statistics Sterman recommends
("Appropriate summary statistics for evaluating the historical fit of system dynamics
models", Dynamica 10(2), 1984; Business Dynamics, 2000, ch. 21).

R² is the squared correlation of simulated and observed values. Theil's inequality
statistics split the mean squared error into bias (U^M), unequal variation (U^S) and
unequal covariation (U^C); they sum to one. A fit whose error is mostly U^C reproduces the
trend and leaves only point-by-point noise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class SeriesFit:
    """Fit statistics of one variable over its observed points (None: undefined)."""

    name: str
    points: int
    r2: float | None
    mape: float | None  # mean absolute percent error over observations that are not zero
    mae: float
    rmse: float
    theil_um: float | None
    theil_us: float | None
    theil_uc: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def fit_statistics(name: str, simulated: np.ndarray, observed: np.ndarray) -> SeriesFit:
    """Sterman's summary statistics of `simulated` against `observed` (same points)."""
    s, a = np.asarray(simulated, float), np.asarray(observed, float)
    error = s - a
    mse = float(np.mean(error**2))
    s_sd, a_sd = float(np.std(s)), float(np.std(a))
    r = float(np.corrcoef(s, a)[0, 1]) if s_sd > 0 and a_sd > 0 and len(s) > 1 else None
    nonzero = a != 0
    mape = float(np.mean(np.abs(error[nonzero] / a[nonzero])) * 100) if nonzero.any() else None
    um = us = uc = None
    if mse > 0:
        um = (float(np.mean(s)) - float(np.mean(a))) ** 2 / mse
        us = (s_sd - a_sd) ** 2 / mse
        uc = 2 * (1 - (r if r is not None else 0.0)) * s_sd * a_sd / mse
    return SeriesFit(
        name=name,
        points=len(a),
        r2=None if r is None else r * r,
        mape=mape,
        mae=float(np.mean(np.abs(error))),
        rmse=float(np.sqrt(mse)),
        theil_um=um,
        theil_us=us,
        theil_uc=uc,
    )
