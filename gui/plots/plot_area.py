"""The grid of plot panels in the middle of the window; by default one per sector."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from windfall.core.analysis.plots import default_panels
from windfall.core.session.state import SessionState
from windfall.gui.plots.plot_panel import PlotPanel
from windfall.gui.style import CURRENT

COLUMNS = 2


class PlotArea(QWidget):
    """Holds the panels, feeds them each new run, remembers which one was used last."""

    sig_panel_added = Signal(object)

    def __init__(self, session: SessionState, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.panels: list[PlotPanel] = []
        self.active: PlotPanel | None = None
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setSpacing(6)
        self.placeholder = QLabel("Open a model to see its trajectories.")
        self.placeholder.setObjectName("placeholder")
        self.grid.addWidget(self.placeholder, 0, 0)
        session.events.model.connect(self._on_model)
        session.events.result.connect(self._on_result)

    def _on_model(self, model) -> None:
        for panel in list(self.panels):
            self.remove_panel(panel)
        if model is None:
            return
        for title, names in default_panels(model.description):
            self.add_panel(title, names)

    def _on_result(self, result) -> None:
        if result is None:
            return
        for panel in self.panels:
            panel.set_frame(CURRENT, result.frame)

    def add_panel(self, title: str = "", variables=()) -> PlotPanel | None:
        model = self.session.model
        if model is None:
            return None
        panel = PlotPanel(title or f"Panel {len(self.panels) + 1}", model.description, variables)
        panel.sig_remove_requested.connect(self.remove_panel)
        panel.sig_activated.connect(self._on_activated)
        self.panels.append(panel)
        if self.session.result is not None:
            panel.set_frame(CURRENT, self.session.result.frame)
        self._relayout()
        self.active = self.active or panel
        self.sig_panel_added.emit(panel)
        return panel

    def remove_panel(self, panel: PlotPanel) -> None:
        if panel not in self.panels:
            return
        self.panels.remove(panel)
        self.grid.removeWidget(panel)
        panel.deleteLater()
        if self.active is panel:
            self.active = self.panels[0] if self.panels else None
        self._relayout()

    def add_variable(self, name: str) -> None:
        """Put a variable on the panel used last (a new panel if there is none)."""
        panel = self.active or self.add_panel()
        if panel is not None:
            panel.add_variable(name)

    def _on_activated(self, panel: PlotPanel) -> None:
        self.active = panel
        for other in self.panels:
            other.setProperty("active", other is panel)
            other.style().unpolish(other)
            other.style().polish(other)

    def _relayout(self) -> None:
        for panel in self.panels:
            self.grid.removeWidget(panel)
        self.placeholder.setVisible(not self.panels)
        columns = 1 if len(self.panels) < 2 else COLUMNS
        for i, panel in enumerate(self.panels):
            self.grid.addWidget(panel, i // columns, i % columns)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(
                row, 1 if row < (len(self.panels) + columns - 1) // columns else 0
            )
