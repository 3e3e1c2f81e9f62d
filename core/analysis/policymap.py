"""Policy maps: one outcome over a grid of two levers, every point a run of one ensemble,
with contour lines and a threshold contour ("30 members by 2030")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from windfall.core.analysis.contours import contour_levels, contour_segments
from windfall.core.analysis.jobs import NO_CONTROL, BatchRunner, JobControl
from windfall.core.analysis.outcome import Lever, Outcome, check_distinct
from windfall.core.errors import WindfallError

DEFAULT_POINTS = 50
MAX_POINTS = 1000  # per side


@dataclass
class PolicyMap:
    """`values[iy, ix]`: the outcome with `x` at `xs[ix]` and `y` at `ys[iy]`."""

    x: Lever
    y: Lever
    outcome: Outcome
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray
    threshold: float | None = None
    baseline: float | None = None  # the outcome at the starting values
    engine: str = ""

    def threshold_contour(self) -> np.ndarray:
        """Segments where the outcome crosses the threshold (none without one)."""
        if self.threshold is None:
            return np.zeros((0, 2, 2))
        return contour_segments(self.xs, self.ys, self.values, self.threshold)

    def frame(self) -> pd.DataFrame:
        """Long form: one row per grid point, x varying fastest; columns named after the
        x constant, the y constant and the outcome."""
        grid_x, grid_y = np.meshgrid(self.xs, self.ys)
        return pd.DataFrame(
            {
                self.x.name: grid_x.reshape(-1),
                self.y.name: grid_y.reshape(-1),
                self.outcome.label(): self.values.reshape(-1),
            }
        )


def policy_map(
    runner: BatchRunner,
    x: Lever,
    y: Lever,
    outcome: Outcome,
    points: int = DEFAULT_POINTS,
    threshold: float | None = None,
    control: JobControl = NO_CONTROL,
) -> PolicyMap:
    """Run the grid (`points` per side, bounds included) and return the map."""
    model = runner.model
    check_distinct(model, [x.name, y.name])
    if not 2 <= points <= MAX_POINTS:
        raise WindfallError(model.path, f"a map has 2 to {MAX_POINTS} points a side, not {points}")
    if threshold is not None and not np.isfinite(threshold):
        raise WindfallError(model.path, "the threshold must be a finite number")
    baseline = runner.pilot()
    times = baseline.index.to_numpy(float)
    outcome.check_times(model.path, times)
    xs, ys = np.linspace(x.low, x.high, points), np.linspace(y.low, y.high, points)
    grid_x, grid_y = np.meshgrid(xs, ys)
    ens = runner.run({x.name: grid_x.reshape(-1), y.name: grid_y.reshape(-1)}, control)
    column = ens.values[:, :, ens.columns.index(outcome.column)]
    values = outcome.evaluate(ens.times, column).reshape(points, points)
    start = outcome.evaluate(times, baseline[outcome.column].to_numpy(float)[None, :])[0]
    control.progress(1.0, "done")
    return PolicyMap(x, y, outcome, xs, ys, values, threshold, float(start), ens.engine)


def map_report(model, pmap: PolicyMap, base: dict) -> dict:
    """The map as a report: grid, values, contour lines and the threshold contour."""
    levels = contour_levels(pmap.values)
    start = {
        lever.name: float(base.get(lever.name, model.variable(lever.name).value or 0.0))
        for lever in (pmap.x, pmap.y)
    }
    return {
        "kind": "map",
        "model": {"file": model.path.name, "sha256": model.content_hash},
        "x": {"name": pmap.x.name, "low": pmap.x.low, "high": pmap.x.high},
        "y": {"name": pmap.y.name, "low": pmap.y.low, "high": pmap.y.high},
        "outcome": pmap.outcome.label(),
        "units": model.variable(pmap.outcome.column.partition("[")[0]).units,
        "xs": pmap.xs.tolist(),
        "ys": pmap.ys.tolist(),
        "values": pmap.values.tolist(),
        "threshold": pmap.threshold,
        "start": {"x": start[pmap.x.name], "y": start[pmap.y.name], "value": pmap.baseline},
        "contours": [
            {"level": level, "segments": _segments(pmap, level).tolist()} for level in levels
        ],
        "threshold_contour": pmap.threshold_contour().reshape(-1, 4).tolist(),
    }


def _segments(pmap: PolicyMap, level: float) -> np.ndarray:
    return contour_segments(pmap.xs, pmap.ys, pmap.values, level).reshape(-1, 4)
