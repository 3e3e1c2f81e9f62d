"""Draws uncertainty bands under every plotted variable and keeps them current.

Each plotted variable gets, once, two shaded bands (5–95 % light, 25–75 % darker) and a
dashed median in its colour, beneath the current run's curve; new results only `setData`.
Bands are recomputed in the SensitivityRunner whenever what the current run depends on
changes (parameters, lookups, run settings) or the uncertainty settings change. On PySD's
runtime they are computed only when the analyst asks (see SensitivityPanel).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen

from windfall.core.analysis.uncertainty import Bands
from windfall.core.session.state import SessionState
from windfall.gui.panels.sensitivity_panel import SensitivityPanel
from windfall.gui.plots.plot_legend import LegendEntry
from windfall.gui.plots.plot_panel import PlotPanel
from windfall.gui.sensitivity_runner import BandsResult, SensitivityRunner
from windfall.gui.style import KEY_COLOUR

OUTER_ALPHA, INNER_ALPHA = 40, 85
BAND_Z = -20  # under the scenario and current curves, which sit at 0
VISIBLE_WIDTH = 0.005  # of a band's whole span: narrower hides under the curve's own line
STALE_NOTE = "The settings changed since these bands: press Compute bands to update them."


def band_key() -> list[LegendEntry]:
    """A legend line naming the two shades and the median, in the scenario key's grey."""
    inner = 255 - (255 - OUTER_ALPHA) * (255 - INNER_ALPHA) // 255  # inner band over outer
    entries = []
    for text, alpha in (("5–95 %", OUTER_ALPHA), ("25–75 %", inner)):
        shade = QColor(KEY_COLOUR)
        shade.setAlpha(alpha)
        pen = QPen(shade, 9)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        entries.append(LegendEntry(text, pen, new_line=not entries))
    median = pg.mkPen(KEY_COLOUR, width=1.2, style=Qt.PenStyle.DashLine)
    return [*entries, LegendEntry("median", median)]


class BandItems:
    """One variable's band items on one plot, made once and updated with `setData`."""

    def __init__(self, view, colour: str) -> None:
        self.view = view
        base = QColor(colour)
        outer, inner = QColor(base), QColor(base)
        outer.setAlpha(OUTER_ALPHA)
        inner.setAlpha(INNER_ALPHA)
        # an edge needs a pen: a PlotDataItem without one builds no path for the fill to use
        edge = pg.mkPen(outer, width=1)
        self.edges = {q: pg.PlotDataItem([], [], pen=edge) for q in (5, 25, 75, 95)}
        self.outer = pg.FillBetweenItem(self.edges[5], self.edges[95], brush=pg.mkBrush(outer))
        self.inner = pg.FillBetweenItem(self.edges[25], self.edges[75], brush=pg.mkBrush(inner))
        pen = pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DashLine)
        self.median = pg.PlotDataItem([], [], pen=pen)
        for z, item in enumerate([*self.edges.values(), self.outer, self.inner, self.median]):
            item.setZValue(BAND_Z + z)
            # a fill's bounds start at the origin before it has data: the edges set the range
            view.addItem(item, ignoreBounds=isinstance(item, pg.FillBetweenItem))

    def set_data(self, times: np.ndarray, band: dict[int, np.ndarray] | None) -> None:
        if band is None:
            times, band = np.array([]), dict.fromkeys((5, 25, 50, 75, 95), np.array([]))
        for q, edge in self.edges.items():
            # each fill redraws its path when an edge changes: only its upper edge tells it
            edge.blockSignals(q in (5, 25))
            edge.setData(times, band[q], connect="finite")
            edge.blockSignals(False)
        self.median.setData(times, band[50], connect="finite")

    def remove(self) -> None:
        for item in [*self.edges.values(), self.outer, self.inner, self.median]:
            self.view.removeItem(item)


class BandOverlay(QObject):
    """Connects the uncertainty panel, its runner and the plots."""

    sig_drawn = Signal(object)  # the Bands drawn, or None when the bands were removed

    def __init__(self, session: SessionState, plot_area, panel: SensitivityPanel, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot_area = plot_area
        self.panel = panel
        self.runner = SensitivityRunner(self)
        self.bands: Bands | None = None
        self.items: dict[PlotPanel, dict[str, BandItems]] = {}
        self._run_pending = False
        # Bands are asked for once the current curve is painted: a timer of 0 ms fires after
        # the paint events its result posted, so the ensemble never competes with that paint.
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh_if_live)
        for event in (session.events.parameters, session.events.lookups, session.events.settings):
            event.connect(lambda _value: self._model_inputs_changed())
        session.events.model.connect(lambda _model: self._on_model())
        session.events.result.connect(self._on_result)
        panel.sig_changed.connect(self.inputs_changed)
        plot_area.sig_panel_added.connect(
            lambda plot: plot.sig_variables_changed.connect(self._on_variables_changed)
        )
        panel.sig_compute_requested.connect(self.refresh)
        panel.sig_cancel_requested.connect(self.cancel)
        self.runner.sig_finished.connect(self._on_finished)
        self.runner.sig_failed.connect(self._on_failed)
        self.runner.sig_progress.connect(self._on_progress)

    def _covers_plots(self) -> bool:
        return self.bands is not None and set(self.plotted()) <= set(self.bands.columns)

    def plotted(self) -> list[str]:
        """Every variable on any plot, once, in panel order."""
        names: list[str] = []
        for plot in self.plot_area.panels:
            names.extend(v for v in plot.variables if v not in names)
        return names

    def _model_inputs_changed(self) -> None:
        """The current run is being redone: stop stale bands now, start new ones once it is
        drawn, so the current curve never waits behind an ensemble for the interpreter."""
        if self.panel.enabled and self.panel.live and self.session.result is not None:
            self._refresh_timer.stop()
            self.runner.cancel()
            self._run_pending = True
        else:
            self.inputs_changed()

    def inputs_changed(self) -> None:
        """Something the bands depend on changed: recompute live, or mark them stale."""
        if self.session.model is None or self.session.result is None:
            return
        if not self.panel.enabled:
            self.cancel()
            self._show(None)
        elif self.panel.live:
            self.refresh()
        elif self.bands is not None:
            self.panel.status.setText(STALE_NOTE)

    def refresh(self) -> int | None:
        """Submit the current settings (newest request wins); None when nothing is to vary."""
        model, spec = self.session.model, self.panel.spec()
        columns = self.plotted()
        if model is None or spec is None or not columns:
            self.cancel()
            self._show(None)
            return None
        if not self.panel.live:
            self.panel.show_progress(0.0)
        current, settings = self.session.overrides(), self.session.settings
        return self.runner.submit(model, spec, current, settings, columns)

    def cancel(self) -> None:
        self._refresh_timer.stop()
        self.runner.cancel()
        self.panel.show_busy(False)

    def _on_model(self) -> None:
        self.cancel()
        self._show(None)

    def _on_result(self, result) -> None:
        if result is None:
            return
        if (
            self.panel.enabled
            and self.panel.live
            and (self._run_pending or not self._covers_plots())
        ):
            self._refresh_timer.start()  # new settings, or a variable added since the bands
        self._run_pending = False
        self.draw(only_new=True)

    def _refresh_if_live(self) -> None:
        if self.panel.enabled and self.panel.live and self.session.result is not None:
            self.refresh()

    def _on_variables_changed(self, _plot: PlotPanel) -> None:
        """A variable was put on or taken off a plot: give it bands at once (or drop them)."""
        ready = self.session.result is not None
        if self.panel.enabled and self.panel.live and ready and not self._covers_plots():
            self.refresh()
        self.draw(only_new=True)

    def _on_finished(self, result: BandsResult) -> None:
        if result.model is self.session.model and self.panel.enabled:
            self._show(result.bands)

    def _on_failed(self, message: str) -> None:
        self.panel.show_busy(False)
        self.panel.status.setText(message)

    def _on_progress(self, fraction: float) -> None:
        if not self.panel.live:
            self.panel.show_progress(fraction)

    def _show(self, bands: Bands | None) -> None:
        self.bands = bands
        self.panel.show_bands(bands)
        self.draw()
        self.sig_drawn.emit(bands)

    def draw(self, only_new: bool = False) -> None:
        """Bands on every plot; `only_new` fills just the items made for new variables."""
        live = set(self.plot_area.panels)
        for gone in [p for p in self.items if p not in live]:
            del self.items[gone]  # the panel and its items are deleted with it
        for plot in self.plot_area.panels:
            items = self.items.setdefault(plot, {})
            banded = self.bands is not None and any(self._spread(n) for n in plot.variables)
            plot.set_key(band_key() if banded else [])  # no key where no band shows
            for name in [n for n in items if self.bands is None or n not in plot.variables]:
                items.pop(name).remove()
            if self.bands is None:
                continue
            for name in plot.variables:
                fresh = name not in items
                if fresh:
                    items[name] = BandItems(plot.view_for(name), plot.colour(name))
                if fresh or not only_new:
                    items[name].set_data(self.bands.times, self._band(name))

    def _band(self, name: str) -> dict[int, np.ndarray] | None:
        return self.bands.band(name) if name in self.bands.columns else None

    def _spread(self, name: str) -> bool:
        """True when this variable's outer band is wide enough to see beside its curve."""
        band = self._band(name)
        if band is None:
            return False
        finite = np.isfinite(band[5]) & np.isfinite(band[95])
        low, high = band[5][finite], band[95][finite]
        return low.size > 0 and bool(np.any(high - low > VISIBLE_WIDTH * (high.max() - low.min())))

    def shutdown(self) -> None:
        self.runner.shutdown()
