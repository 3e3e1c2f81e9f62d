"""The helpers generated engine code may call: one set for floats, one for scenario arrays.

Each helper mirrors the PySD 3.14 function of the same name (pysd.py_backend.functions and
statefuls), so results match PySD: floats follow its scalar branch, arrays its numpy branch.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from windfall.core.engine.plan import Declined
from windfall.core.safety.runtime import MAX_DELAY_ORDER

SMALL = 1e-6  # PySD's SMALL_VENSIM: what Vensim treats as zero


def _check_order(order_times_dt, delay_time) -> None:
    if order_times_dt > np.min(delay_time):
        raise Declined("a delay's order is too high for its delay time at this time step")


def _fixed_order(delay_time, dt) -> int:
    """DELAY FIXED's pipe length, as PySD rounds it; scenarios must share one length."""
    order = np.maximum(np.asarray(delay_time, dtype=float) / dt, 1)
    lengths = np.unique(np.round(order + SMALL))
    if lengths.size != 1:
        raise Declined("DELAY FIXED times that differ between scenarios")
    if not lengths[0] <= MAX_DELAY_ORDER:  # PySD's runtime then refuses it by name
        raise Declined("DELAY FIXED pipe too long for memory")
    return int(lengths[0])


# -- floats (one scenario) ------------------------------------------------------------------
def _s_min(a, b):
    return b if (b < a or b != b) else a


def _s_max(a, b):
    return b if (b > a or b != b) else a


def _s_quantum(a, b):
    return a if b < SMALL else b * int(a / b)


def _s_pulse(t, dt, start, width):
    return 1 if start - SMALL <= t < start + width else 0


def _s_pulse_train(t, dt, start, repeat, width, end):
    if repeat == 0:
        return _s_pulse(t, dt, start, width)
    if start <= t < end:
        return 1 if (t - start + SMALL) % repeat < width else 0
    return 0


def _s_ramp(t, dt, slope, start, finish=None):
    final = t if finish is None else _s_min(finish, t)
    return (t + SMALL > start) * slope * (final - start)


SCALAR = {
    "F_abs": abs,
    "F_min": _s_min,
    "F_max": _s_max,
    "F_integer": int,
    "F_quantum": _s_quantum,
    "F_modulo": lambda x, m: x - _s_quantum(x, m),
    "F_xidz": lambda n, d, x: x if abs(d) < SMALL else n / d,
    "F_zidz": lambda n, d: 0 if abs(d) < SMALL else n / d,
    "F_pulse": _s_pulse,
    "F_pulse_train": _s_pulse_train,
    "F_ramp": _s_ramp,
    "_nonneg": lambda x: 0 if x < 0 else x,
}


# -- arrays (a scenario axis) ---------------------------------------------------------------
def _v_quantum(a, b):
    return np.where(b < SMALL, a, b * np.trunc(a / b))


def _v_pulse(t, dt, start, width):
    return np.where((start - SMALL <= t) & (t < start + width), 1.0, 0.0)


def _v_pulse_train(t, dt, start, repeat, width, end):
    inside = (start <= t) & (t < end)
    period = np.where(repeat == 0, 1.0, repeat)
    train = inside & ((t - start + SMALL) % period < width)
    return np.where(repeat == 0, _v_pulse(t, dt, start, width), np.where(train, 1.0, 0.0))


def _v_ramp(t, dt, slope, start, finish=None):
    final = t if finish is None else np.minimum(finish, t)
    return (t + SMALL > start) * slope * (final - start)


VECTOR = {
    "F_abs": np.abs,
    "F_min": np.minimum,
    "F_max": np.maximum,
    "F_integer": np.trunc,
    "F_quantum": _v_quantum,
    "F_modulo": lambda x, m: x - _v_quantum(x, m),
    "F_xidz": lambda n, d, x: np.where(np.abs(d) < SMALL, x, n / d),
    "F_zidz": lambda n, d: np.where(np.abs(d) < SMALL, 0.0, n / d),
    "F_pulse": _v_pulse,
    "F_pulse_train": _v_pulse_train,
    "F_ramp": _v_ramp,
    "_nonneg": lambda x: np.maximum(x, 0),
    "_where": np.where,
    "_and": np.logical_and,
    "_or": np.logical_or,
    "_not": np.logical_not,
}

_SHARED = {
    "F_exp": np.exp,
    "F_sin": np.sin,
    "F_cos": np.cos,
    "F_tan": np.tan,
    "F_arcsin": np.arcsin,
    "F_arccos": np.arccos,
    "F_arctan": np.arctan,
    "F_sinh": np.sinh,
    "F_cosh": np.cosh,
    "F_tanh": np.tanh,
    "F_sqrt": np.sqrt,
    "F_ln": np.log,
    "F_log": lambda a, b: np.log(a) / np.log(b),
    "F_power": np.power,
    "F_step": lambda t, dt, value, when: value * (t + dt / 2 > when),
    "_check_order": _check_order,
    "_fixed_order": _fixed_order,
    "_nan": float("nan"),
    "_inf": float("inf"),
}
SCALAR.update(_SHARED)
VECTOR.update(_SHARED)
for _scope in (SCALAR, VECTOR):
    _scope["__builtins__"] = {"len": len, "range": range, "abs": abs, "int": int}


# -- lookups --------------------------------------------------------------------------------
def table_function(xs, ys, mode: str, vector: bool):
    """A lookup as a function of x, with PySD's rules for x beyond the table's ends."""
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    if mode == "hold_backward":
        return _hold_backward(xs, ys)
    # Python floats, not numpy scalars: arithmetic on numpy scalars is several times slower
    inner = (lambda x: np.interp(x, xs, ys)) if vector else _scalar_interp(xs.tolist(), ys.tolist())
    if mode != "extrapolate" or len(xs) < 2:
        return inner
    low = (ys[1] - ys[0]) / (xs[1] - xs[0])
    high = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
    x0, x1, y0, y1 = xs[0], xs[-1], ys[0], ys[-1]

    def extrapolate(x):
        x_arr = np.asarray(x, dtype=float)
        out = np.where(x_arr > x1, y1 + high * (x_arr - x1), inner(x))
        out = np.where(x_arr < x0, y0 + low * (x_arr - x0), out)
        return out if vector else float(out)

    return extrapolate


def _scalar_interp(xs: list[float], ys: list[float]):
    first, last, n = xs[0], xs[-1], len(xs)

    def interp(x):  # numpy's interp formula, without its per-call overhead
        if x != x:
            return x
        if x <= first:
            return ys[0]
        if x >= last:
            return ys[-1]
        j = bisect_right(xs, x) - 1
        if j >= n - 1:
            return ys[-1]
        slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
        return slope * (x - xs[j]) + ys[j]

    return interp


def _hold_backward(xs: np.ndarray, ys: np.ndarray):
    def hold(x):
        index = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, len(xs) - 1)
        return ys[index]

    return hold
