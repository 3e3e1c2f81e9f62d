"""Bounds on PySD's runtime objects whose size a model sets with a number.

DELAY N, DELAY3-style delays and SMOOTH N keep one state per order, and DELAY FIXED keeps a
pipe of delay time / time step values. PySD builds them without limit: an order of 1e9 makes
it count down a billion times, a delay of 1e9 time steps allocates a billion-item list, and
either keeps the run from ever starting. These sizes are computed at run time (they may
depend on other variables), so they are checked where PySD builds the state, before any
memory is taken.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import numpy as np

from windfall.core.errors import WindfallError

MAX_DELAY_ORDER = 1_000_000


class DelayTooLarge(ValueError):
    """A delay or smooth whose order or pipe would not fit in memory or time.

    `stateful` is PySD's name for the delay object; `stateful_owners` finds the variable.
    """

    def __init__(self, message: str, stateful: str) -> None:
        super().__init__(message)
        self.stateful = stateful


def _check_order(what: str, stateful: str, order) -> None:
    largest = float(np.max(np.asarray(order, dtype=float)))  # arrays for subscripted delays
    if not largest <= MAX_DELAY_ORDER:  # NaN and inf are refused too
        message = f"{what} of {largest:.3g} is too large (limit {MAX_DELAY_ORDER:,})"
        raise DelayTooLarge(message, stateful)


def stateful_owners(py_file: Path) -> dict[str, str]:
    """PySD's stateful objects (`_delayn_a`) mapped to the model's names of the variables
    whose generated functions use them, read once from the generated file."""
    try:
        tree = ast.parse(py_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    owners: dict[str, str] = {}
    for node in tree.body:
        for decorator in getattr(node, "decorator_list", []):
            keywords = {k.arg: k.value for k in getattr(decorator, "keywords", [])}
            name, uses = keywords.get("name"), keywords.get("depends_on")
            if isinstance(name, ast.Constant) and isinstance(uses, ast.Dict):
                for key in uses.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        owners.setdefault(key.value, str(name.value))
    return owners


def delay_refusal(exc: DelayTooLarge, py_file: Path, source_path: Path) -> WindfallError:
    """The one-line error for a delay too large, naming the variable that holds it."""
    variable = stateful_owners(py_file).get(exc.stateful, exc.stateful)
    return WindfallError(source_path, str(exc), variable=variable)


def _guard(cls, what: str, size) -> None:
    """Wrap `cls.initialize` so `size(self)` is checked before PySD builds the state."""
    original = cls.initialize
    if getattr(original, "_windfall_bounded", False):
        return

    @functools.wraps(original)
    def initialize(self, *args, **kwargs):
        _check_order(what, getattr(self, "py_name", ""), size(self))
        return original(self, *args, **kwargs)

    initialize._windfall_bounded = True
    cls.initialize = initialize


def bound_pysd_runtime() -> None:
    """Install the size checks on PySD's delay and smooth classes (idempotent)."""
    from pysd.py_backend import statefuls

    for name in ("Delay", "DelayN", "Smooth"):
        _guard(getattr(statefuls, name), "delay or smooth order", lambda s: s.order_func())
    _guard(
        statefuls.DelayFixed,
        "DELAY FIXED pipe (delay time / time step)",
        lambda s: max(s.delay_time_func() / s.tstep(), 1),
    )
