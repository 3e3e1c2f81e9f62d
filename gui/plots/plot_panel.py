"""One time plot: curves keyed by (scenario, variable), updated in place, with a crosshair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
)

from windfall.core.model.description import ModelDescription
from windfall.gui.plots.crosshair_readout import CrosshairReadout, ReadoutRow
from windfall.gui.plots.plot_legend import LegendEntry, PlotLegend
from windfall.gui.plots.steady_view import SteadyViewBox
from windfall.gui.style import COLOURS, CURRENT, DASHES, KEY_COLOUR, MIME_VARIABLE

END_LABEL_ROOM = 18  # pixels a time label may reach past the axis end (half of "2050")


def format_number(value: float) -> str:
    """Readable values for the crosshair: grouped thousands, 4 significant digits otherwise."""
    if np.isfinite(value) and 1e4 <= abs(value) < 1e12:
        return f"{value:,.0f}"
    return f"{value:.4g}"


class TimeAxis(pg.AxisItem):
    """A time axis that keeps its end labels: the final year sits half past the axis end.

    With a grid, pyqtgraph bounds the axis by the plot and drops a label that pokes out, so
    a run to 2050 showed no "2050" and read as cut short.
    """

    def boundingRect(self):  # noqa: N802 (pyqtgraph override)
        return super().boundingRect().adjusted(-END_LABEL_ROOM, 0, END_LABEL_ROOM, 0)


class PlotPanel(QFrame):
    """A titled plot of some variables over time; accepts variables dropped on it."""

    sig_remove_requested = Signal(object)
    sig_activated = Signal(object)
    sig_variables_changed = Signal(object)  # this panel, after a variable was added or removed

    def __init__(self, title: str, description: ModelDescription, variables=(), parent=None):
        super().__init__(parent)
        self.setObjectName("plotPanel")
        self.setAcceptDrops(True)
        self.description = description
        self.variables: list[str] = []
        self.scenarios: list[str] = [CURRENT]
        self.frames: dict[str, pd.DataFrame] = {}
        self.curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.colours: dict[str, str] = {}
        self.sides: dict[str, str] = {}
        self.scenario_styles: dict[str, Qt.PenStyle] = {}
        self.extra_key: list[LegendEntry] = []
        self.right_view: pg.ViewBox | None = None
        self.context_menu: QMenu | None = None
        self._build(title)
        for name in variables:
            self.add_variable(name)

    def _build(self, title: str) -> None:
        self.title_label = QLabel(title)
        self.title_label.setObjectName("plotTitle")
        reset = QToolButton(text="⤢", toolTip="Reset zoom and pan")
        reset.clicked.connect(self.reset_view)
        close = QToolButton(text="✕", toolTip="Remove this panel")
        close.clicked.connect(lambda: self.sig_remove_requested.emit(self))
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(reset)
        header.addWidget(close)
        self.plot_widget = pg.PlotWidget(
            background="w", viewBox=SteadyViewBox(), axisItems={"bottom": TimeAxis("bottom")}
        )
        self.plot_widget.setAcceptDrops(False)
        self.plot = self.plot_widget.getPlotItem()
        for side in ("left", "bottom", "right"):
            # An axis and its grid lines repaint whenever anything inside the plot does:
            # cached, that is a pixmap copy, and the ticks are drawn only when they change.
            self.plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            # Model units are not SI: "Dmnl (x0.001)" over 500..850 would misread 0.5..0.85.
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.layout.setContentsMargins(2, 2, END_LABEL_ROOM, 2)  # room for the end label
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        time_units = self.description.time_units or ""
        self.plot.setLabel("bottom", "Time", units=None, **{"color": "#444"})
        if time_units:
            self.plot.setLabel("bottom", f"Time ({time_units})", **{"color": "#444"})
        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888", width=1))
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.crosshair_values = CrosshairReadout()
        self.plot_widget.scene().addItem(self.crosshair_values)
        self.legend = PlotLegend()
        self.plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.plot_widget.scene().sigMouseClicked.connect(lambda _e: self.sig_activated.emit(self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.legend)

    # -- variables and scenarios ------------------------------------------------------------
    def add_variable(self, name: str) -> bool:
        var = self.description.find(name)
        if var is None or var.name in self.variables or var.kind == "lookup":
            return False
        self.variables.append(var.name)
        used = set(self.colours.values())
        free = [c for c in COLOURS if c not in used] or list(COLOURS)
        self.colours[var.name] = free[0]
        self.sides[var.name] = self._side_for(var.units)
        for scenario in self.scenarios:
            self._ensure_curve(scenario, var.name)
        self._update_axis_label()
        self.show_legend()
        self.sig_variables_changed.emit(self)
        return True

    def remove_variable(self, name: str) -> None:
        if name not in self.variables:
            return
        self.variables.remove(name)
        self.colours.pop(name, None)
        side = self.sides.pop(name, "left")
        for key in [k for k in self.curves if k[1] == name]:
            curve = self.curves.pop(key)
            (self.right_view if side == "right" else self.plot).removeItem(curve)
        self._update_axis_label()
        self.show_legend()
        self.sig_variables_changed.emit(self)

    def _side_for(self, units: str) -> str:
        """Units of the first curve own the left axis; other units go on the right axis."""
        left = [self._units(n) for n in self.variables if self.sides.get(n) == "left"]
        return "left" if not left or units in left else "right"

    def _units(self, name: str) -> str:
        var = self.description.find(name)
        return var.units if var is not None else ""

    def _right(self) -> pg.ViewBox:
        """A second view sharing the time axis, made on first use, for the right axis."""
        if self.right_view is None:
            self.right_view = SteadyViewBox()
            self.plot.showAxis("right")
            self.plot.layout.setContentsMargins(2, 2, 2, 2)  # the right axis has room for it
            self.plot.scene().addItem(self.right_view)
            self.plot.getAxis("right").linkToView(self.right_view)
            self.right_view.setXLink(self.plot.vb)
            self.plot.vb.sigResized.connect(self._sync_right)
            self._sync_right()
        return self.right_view

    def _sync_right(self) -> None:
        self.right_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right_view.linkedViewChanged(self.plot.vb, self.right_view.XAxis)

    def _dash(self, scenario: str) -> Qt.PenStyle:
        given = self.scenario_styles.get(scenario)
        return given if given is not None else DASHES[self.scenarios.index(scenario) % len(DASHES)]

    def pen_for(self, scenario: str, variable: str, colour: str | None = None):
        """The pen of one curve: the variable's colour, the scenario's dash."""
        width = 2.2 if scenario == CURRENT else 1.6
        return pg.mkPen(colour or self.colours[variable], width=width, style=self._dash(scenario))

    def _ensure_curve(self, scenario: str, variable: str) -> pg.PlotDataItem:
        key = (scenario, variable)
        if key not in self.curves:
            curve = pg.PlotDataItem([], [], pen=self.pen_for(scenario, variable))
            if self.sides[variable] == "right":
                self._right().addItem(curve)
            else:
                self.plot.addItem(curve)
            self.curves[key] = curve
            self._draw(scenario, variable)
        return self.curves[key]

    def set_frame(self, scenario: str, frame: pd.DataFrame) -> None:
        """Show one scenario's run; existing curves get `setData`, none is rebuilt."""
        if scenario not in self.scenarios:
            self.scenarios.append(scenario)
            self.show_legend()
        self.frames[scenario] = frame
        for variable in self.variables:
            self._ensure_curve(scenario, variable)
            self._draw(scenario, variable)

    def _draw(self, scenario: str, variable: str) -> None:
        frame = self.frames.get(scenario)
        curve = self.curves[(scenario, variable)]
        if frame is None or variable not in frame.columns:
            curve.setData([], [])
            return
        values = np.asarray(frame[variable], dtype=float)
        curve.setData(np.asarray(frame.index, dtype=float), values, connect="finite")

    def scenario_names(self) -> list[str]:
        """The named scenarios drawn here, besides the current settings."""
        return [s for s in self.scenarios if s != CURRENT]

    def set_scenario_style(self, scenario: str, style: Qt.PenStyle) -> None:
        """Draw one scenario's curves (and those of variables added later) with this dash."""
        if self.scenario_styles.get(scenario) == style:
            return  # its curves were made with this dash already
        self.scenario_styles[scenario] = style
        for variable in self.variables:
            key = (scenario, variable)
            if key in self.curves:
                self.curves[key].setPen(self.pen_for(scenario, variable))
        self.show_legend()

    def remove_scenario(self, scenario: str) -> None:
        """Take one named scenario's curves and legend entry off this plot."""
        if scenario == CURRENT or scenario not in self.scenarios:
            return
        for variable in self.variables:
            curve = self.curves.pop((scenario, variable), None)
            if curve is not None:
                self.view_for(variable).removeItem(curve)
        self.scenarios.remove(scenario)
        self.scenario_styles.pop(scenario, None)
        self.frames.pop(scenario, None)
        self.show_legend()

    def view_for(self, variable: str):
        """The plot item or right-hand view that holds this variable's curves."""
        return self.right_view if self.sides.get(variable) == "right" else self.plot

    def colour(self, variable: str) -> str:
        return self.colours[variable]

    def curve_data(self, variable: str, scenario: str = CURRENT) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.curves[(scenario, variable)].getData()
        return (np.array([]), np.array([])) if x is None else (x, y)

    def _update_axis_label(self) -> None:
        for side in ("left", "right"):
            units: list[str] = []
            for name in self.variables:
                if self.sides[name] == side and self._units(name) not in units:
                    units.append(self._units(name))
            if side == "left" or self.right_view is not None:
                label = " / ".join(u for u in units if u)
                self.plot.setLabel(side, label, **{"color": "#444"})

    def reset_view(self) -> None:
        """Back to auto-range, fitted tightly to the data now."""
        for view in (self.plot.vb, self.right_view):
            if view is not None:
                view.enableAutoRange()
                view.fit_now()

    def _variable_entry(self, variable: str) -> LegendEntry:
        label = variable + (" (right axis)" if self.sides[variable] == "right" else "")
        return LegendEntry(label, self.pen_for(CURRENT, variable))

    def _scenario_key(self) -> list[LegendEntry]:
        """One line naming each scenario's dash; empty when only the current run is drawn."""
        if len(self.scenarios) < 2 or not self.variables:
            return []
        return [
            LegendEntry(
                "Current" if s == CURRENT else s,
                self.pen_for(s, self.variables[0], KEY_COLOUR),
                new_line=i == 0,
            )
            for i, s in enumerate(self.scenarios)
        ]

    def show_legend(self) -> str:
        """Below the plot, name each variable by colour and each scenario by dash."""
        entries = [self._variable_entry(v) for v in self.variables]
        self.legend.set_entries(entries + self._scenario_key() + self.extra_key)
        return self.legend.text()

    def set_key(self, entries: list[LegendEntry]) -> None:
        """Legend entries of items drawn by others on this plot (the uncertainty bands)."""
        if entries != self.extra_key:
            self.extra_key = list(entries)
            self.show_legend()

    # -- crosshair ---------------------------------------------------------------------------
    def _on_mouse_moved(self, scene_pos) -> None:
        if not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            self.crosshair.hide()
            self.crosshair_values.hide()
            return
        t = self.plot.vb.mapSceneToView(scene_pos).x()
        self.show_values_at(t)

    def show_values_at(self, t: float) -> str:
        """Move the crosshair to time `t` and list every curve's value there."""
        frame = self.frames.get(CURRENT)
        if frame is None or frame.empty:
            return ""
        times = np.asarray(frame.index, dtype=float)
        i = int(np.clip(np.searchsorted(times, t), 0, len(times) - 1))
        if i > 0 and abs(times[i - 1] - t) < abs(times[i] - t):
            i -= 1
        self.crosshair.setPos(times[i])
        self.crosshair.show()
        rows = []
        for name in self.variables:
            for scenario in self.scenarios:
                data = self.frames.get(scenario)
                if data is None or name not in data.columns or i >= len(data):
                    continue
                label = name if scenario == CURRENT else scenario
                value = format_number(float(data[name].iloc[i]))
                rows.append(ReadoutRow(self.colours[name], self._dash(scenario), label, value))
        return self.crosshair_values.show_rows(self.plot, times[i], f"t = {times[i]:.4g}", rows)

    # -- drag and drop, context menu ---------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasFormat(MIME_VARIABLE):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        name = bytes(event.mimeData().data(MIME_VARIABLE)).decode("utf-8")
        if self.add_variable(name):
            event.acceptProposedAction()

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for name in self.variables:
            menu.addAction(f"Remove {name}", lambda n=name: self.remove_variable(n))
        menu.addSeparator()
        menu.addAction("Reset view", self.reset_view)
        menu.addAction("Remove panel", lambda: self.sig_remove_requested.emit(self))
        self.context_menu = menu  # popup, not exec: the event loop (and live runs) keep going
        menu.popup(event.globalPos())
