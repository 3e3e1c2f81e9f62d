"""The main window: plots in the middle, parameters left, inspector and editors right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox, QTabWidget

from windfall.core.session.commands import CommandStack
from windfall.core.session.simulator import OpenResult, RunResult
from windfall.core.session.state import SessionState
from windfall.gui.actions.export_actions import ExportActions
from windfall.gui.actions.model_file_actions import ModelFileActions
from windfall.gui.overlays.band_overlay import BandOverlay
from windfall.gui.overlays.scenario_overlay import ScenarioOverlay
from windfall.gui.panels.inspector_panel import InspectorPanel
from windfall.gui.panels.lookup_panel import LookupPanel
from windfall.gui.panels.parameter_panel import ParameterPanel
from windfall.gui.panels.run_settings_panel import RunSettingsPanel
from windfall.gui.panels.run_status import RunStatusBar
from windfall.gui.panels.scenario_panel import ScenarioPanel
from windfall.gui.panels.sensitivity_panel import SensitivityPanel
from windfall.gui.panels.variable_browser import VariableBrowser
from windfall.gui.plots.plot_area import PlotArea
from windfall.gui.settings import add_recent_file, app_settings, recent_files
from windfall.gui.sim_bridge import SimulationBridge

MODEL_FILTER = "System-dynamics models (*.mdl *.xmile *.stmx *.itmx);;All files (*)"
# Raised when the default dock arrangement changes: a layout saved by an older one is not
# restored (its tabs would come back crowded), the new default is shown instead.
LAYOUT_VERSION = 2


class MainWindow(QMainWindow):
    """Wires session, command stack and simulation worker to the panels."""

    sig_result_drawn = Signal(object)
    sig_open_failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Windfall")
        self.resize(1440, 900)
        self.session = SessionState()
        self.stack = CommandStack()
        self.bridge = SimulationBridge(self)
        self.settings = app_settings()
        self.error_dialog: QMessageBox | None = None
        self._adopting = False
        self._build_panels()
        self._build_actions()
        self._connect()
        self._restore_layout()

    # -- construction ------------------------------------------------------------------------
    def _build_panels(self) -> None:
        self.plot_area = PlotArea(self.session)
        self.setCentralWidget(self.plot_area)
        self.parameter_panel = ParameterPanel(self.session, self.stack)
        self.variable_browser = VariableBrowser(self.session)
        self.inspector = InspectorPanel(self.session)
        self.lookup_panel = LookupPanel(self.session, self.stack)
        self.run_settings_panel = RunSettingsPanel(self.session, self.stack)
        self.scenario_panel = ScenarioPanel(self.session)
        self.scenario_overlay = ScenarioOverlay(
            self.session, self.plot_area, self.scenario_panel, self
        )
        self.sensitivity_panel = SensitivityPanel(self.session)
        self.band_overlay = BandOverlay(self.session, self.plot_area, self.sensitivity_panel, self)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.docks = {
            "parameters": self._dock("Parameters", self.parameter_panel, left),
            "variables": self._dock("Variables", self.variable_browser, right),
            "inspector": self._dock("Inspector", self.inspector, right),
            "lookups": self._dock("Lookups", self.lookup_panel, right),
            "run": self._dock("Run settings", self.run_settings_panel, left),
            "scenarios": self._dock("Scenarios", self.scenario_panel, right),
            "uncertainty": self._dock("Uncertainty", self.sensitivity_panel, right),
        }
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        # Inputs of a run on the left, browsing and comparing on the right; four tabs at most
        # a side, so every tab's title fits the dock's width in full.
        self.tabifyDockWidget(self.docks["parameters"], self.docks["run"])
        self.tabifyDockWidget(self.docks["inspector"], self.docks["lookups"])
        self.tabifyDockWidget(self.docks["lookups"], self.docks["scenarios"])
        self.tabifyDockWidget(self.docks["scenarios"], self.docks["uncertainty"])
        self.docks["parameters"].raise_()
        self.docks["inspector"].raise_()
        self.resizeDocks([self.docks["parameters"]], [330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["variables"]], [300], Qt.Orientation.Horizontal)
        self.status = RunStatusBar()
        self.setStatusBar(self.status)

    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open model…", self._on_open_dialog, keys.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.file_actions = ModelFileActions(self, file_menu)
        self.export_actions = ExportActions(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, keys.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", self.stack.undo, keys.Undo)
        self.redo_action = self._action(edit_menu, "&Redo", self.stack.redo, keys.Redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "Reset &all edits", self.parameter_panel.reset_all_button.click)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "Add &plot panel", lambda: self.plot_area.add_panel(), "Ctrl+T")
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        run_menu = self.menuBar().addMenu("&Run")
        self._action(run_menu, "&Cancel run", self.cancel_run, "Esc")
        self._on_stack_changed(self.stack)
        self._refresh_recent_menu()

    def _connect(self) -> None:
        for event in (self.session.events.parameters, self.session.events.lookups):
            event.connect(lambda _value: self.request_run())
        self.session.events.settings.connect(lambda _value: self.request_run())
        self.stack.changed.connect(self._on_stack_changed)
        self.bridge.sig_run_finished.connect(self._on_run_finished)
        self.bridge.sig_model_opened.connect(self._on_model_opened)
        self.bridge.sig_failed.connect(self._on_failed)
        self.bridge.sig_progress.connect(self.status.set_progress)
        self.status.sig_cancel.connect(self.cancel_run)
        self.variable_browser.sig_selected.connect(self.inspector.show_variable)
        self.variable_browser.sig_plot_requested.connect(self.plot_area.add_variable)
        self.inspector.sig_link_clicked.connect(self.variable_browser.select)

    # -- models and runs ---------------------------------------------------------------------
    def open_model(self, path: str | Path) -> int | None:
        """Open a model in the worker; the current one stays until the new one is ready."""
        if not self.file_actions.confirm_discard("opening another model"):
            return None
        self.status.run_label.setText(f"Opening {Path(path).name}…")
        return self.bridge.simulator.submit_open(path)

    def _on_model_opened(self, opened: OpenResult) -> None:
        self._adopting = True
        try:
            self.stack.clear()
            self.session.adopt_model(opened.model)
        finally:
            self._adopting = False
        self.setWindowTitle(f"Windfall — {opened.model.path.name}")
        stocks = opened.model.description.by_kind("stock")
        if stocks:  # something useful in the inspector until the analyst picks a variable
            self.variable_browser.select(stocks[0].name)
        add_recent_file(self.settings, opened.model.path)
        self._refresh_recent_menu()
        self.request_run()

    def request_run(self) -> int | None:
        """Submit a run of the current state; any older request becomes stale."""
        model = self.session.model
        if model is None or self._adopting:
            return None
        self.status.run_started()
        return self.bridge.simulator.submit_run(
            model, self.session.overrides(), self.session.settings
        )

    def cancel_run(self) -> None:
        self.bridge.simulator.cancel()
        self.status.run_cancelled()

    def _on_run_finished(self, result: RunResult) -> None:
        if result.model is not self.session.model:
            return
        self.session.result = result
        self.status.run_finished(result)
        self.sig_result_drawn.emit(result)

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == "run":
            self.status.run_failed(message)
            return
        self.status.run_label.setText("Could not open the model")
        self.error_dialog = QMessageBox(
            QMessageBox.Icon.Critical, "Could not open model", message, parent=self
        )
        self.error_dialog.setInformativeText(
            "The model that was open before is still open." if self.session.model else ""
        )
        self.error_dialog.open()
        self.sig_open_failed.emit(message)

    # -- actions -----------------------------------------------------------------------------
    def _on_stack_changed(self, stack: CommandStack) -> None:
        self.undo_action.setEnabled(stack.can_undo)
        self.redo_action.setEnabled(stack.can_redo)
        self.undo_action.setText(f"&Undo {stack.undo_text}".rstrip())
        self.redo_action.setText(f"&Redo {stack.redo_text}".rstrip())

    def _on_open_dialog(self) -> None:
        start = str(self.session.model.path.parent) if self.session.model else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open model", start, MODEL_FILTER)
        if path:
            self.open_model(path)

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self.settings)
        for path in files:
            self.recent_menu.addAction(
                Path(path).name, lambda p=path: self.file_actions.open_file(p)
            )
        self.recent_menu.setEnabled(bool(files))

    # -- persistence -------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        # The window's minimum size was last worked out with the docks stacked one above the
        # other, before they were tabbed: taller than any screen. Work it out again first.
        self.layout().activate()
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.file_actions.confirm_discard("closing"):
            event.ignore()
            return
        self.file_actions.closed()
        self.scenario_overlay.shutdown()
        self.band_overlay.shutdown()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        self.settings.sync()
        self.bridge.shutdown()
        super().closeEvent(event)
