"""A plot view whose auto-range holds still while a slider drags the curves a little.

pyqtgraph's auto-range refits the view to the data on every new run, so every slider move
changes the ranges and every axis (ticks, labels, grid) is laid out and repainted again,
which costs more than the run. This view grows at once when data leaves it (with headroom,
so a steady drift does not grow it on every move), holds while the data still fills most of
it, and fits tightly once the data has stopped changing for a moment, or on `fit_now()`.
Only the value axis is held: the time axis spans the run, which a slider does not move, and
holding it let a resize (pyqtgraph pads by the view's size) grow it past the run's end.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QTimer

HEADROOM = 0.1  # fraction of the data's span added on each side when the view must grow
SHRINK_BELOW = 0.5  # refit at once when the data fills less than this fraction of the view
SETTLE_MS = 300  # fit tightly after the data has been still this long (a drag has ended)


def steady_range(current: tuple[float, float], target: tuple[float, float]) -> tuple[float, float]:
    """The range to show for `target` (the tight fit) when `current` is shown now.

    A side the data passes moves out beyond it by the headroom; a side the data stays within
    holds, unless holding leaves the data filling less than SHRINK_BELOW of the view.
    """
    low, high = current
    t_low, t_high = target
    pad = HEADROOM * (t_high - t_low)
    new_low = t_low - pad if t_low < low else low
    new_high = t_high + pad if t_high > high else high
    if (t_high - t_low) < SHRINK_BELOW * (new_high - new_low):
        new_low = t_low if t_low >= low else new_low
        new_high = t_high if t_high <= high else new_high
    return new_low, new_high


class SteadyViewBox(pg.ViewBox):
    """A ViewBox whose auto-range applies `steady_range`, then fits tightly once settled."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._holding = False  # inside an auto-range update that may hold the range
        self._tight = False  # inside a fit that must be tight
        self._fitted = False  # the first fit (a model's first run) is tight: nothing to hold
        self.settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self.settle_timer.timeout.connect(self.fit_now)

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph override)
        self._holding = not self._tight
        try:
            super().updateAutoRange()
        finally:
            self._holding = False

    def setRange(self, rect=None, xRange=None, yRange=None, **kwargs):  # noqa: N802, N803
        """Auto-range requests (only those) for the value axis go through `steady_range`."""
        if self._holding and rect is None and self._fitted and yRange is not None:
            yRange = steady_range(tuple(self.viewRange()[1]), tuple(yRange))
            self.settle_timer.start()
        self._fitted = self._fitted or self._holding or self._tight
        return super().setRange(rect, xRange, yRange, **kwargs)

    def fit_now(self) -> None:
        """Fit the auto-ranged axes tightly to the data now (a reset, or the data settled)."""
        self.settle_timer.stop()
        self._tight = True
        try:
            self.updateAutoRange()
        finally:
            self._tight = False
