"""Contour lines of a grid of values by marching squares, for policy maps.

Each crossing lies on a grid edge, placed by linear interpolation between the edge's two grid
values; so where the outcome is linear along the edges (as x*y is) the line is exact. A
saddle cell is split by the value at its centre. Cells touching a missing value are skipped.
"""

from __future__ import annotations

import numpy as np


def contour_segments(xs, ys, values, level: float) -> np.ndarray:
    """Line segments where `values[y, x]` crosses `level`: `[segment, end, (x, y)]`."""
    xs, ys, values = np.asarray(xs, float), np.asarray(ys, float), np.asarray(values, float)
    above = values >= level
    segments = []
    for i in range(len(ys) - 1):
        for j in range(len(xs) - 1):
            corners = values[i : i + 2, j : j + 2]
            if not np.all(np.isfinite(corners)):
                continue
            states = above[i : i + 2, j : j + 2]
            if states.all() or not states.any():
                continue
            segments += _cell_segments(xs, ys, values, level, i, j)
    return np.array(segments, float).reshape(-1, 2, 2)


def _cell_segments(xs, ys, values, level, i, j) -> list:
    """The one or two segments through cell (i, j): corners 00, 01 (x+1), 10 (y+1), 11."""

    def cross(a, b):
        (ia, ja), (ib, jb) = a, b
        va, vb = values[ia, ja], values[ib, jb]
        share = (level - va) / (vb - va)
        return (
            xs[ja] + share * (xs[jb] - xs[ja]),
            ys[ia] + share * (ys[ib] - ys[ia]),
        )

    c00, c01, c10, c11 = (i, j), (i, j + 1), (i + 1, j), (i + 1, j + 1)
    edges = {"bottom": (c00, c01), "right": (c01, c11), "top": (c10, c11), "left": (c00, c10)}
    crossed = [
        name for name, (a, b) in edges.items() if (values[a] >= level) != (values[b] >= level)
    ]
    points = {name: cross(*edges[name]) for name in crossed}
    if len(crossed) == 2:
        return [(points[crossed[0]], points[crossed[1]])]
    centre = values[i : i + 2, j : j + 2].mean() >= level
    if centre == (values[c00] >= level):  # 00 and 11 join through the centre
        pairs = (("bottom", "right"), ("left", "top"))
    else:
        pairs = (("bottom", "left"), ("right", "top"))
    return [(points[a], points[b]) for a, b in pairs]


def contour_levels(values, count: int = 6) -> list[float]:
    """Round levels spread over the values' range, for the map's background contours."""
    finite = np.asarray(values, float)
    finite = finite[np.isfinite(finite)]
    if not finite.size or finite.min() == finite.max():
        return []
    low, high = float(finite.min()), float(finite.max())
    raw = (high - low) / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = min(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = np.ceil(low / step) * step
    return [float(v) for v in np.arange(first, high, step) if low < v < high]
