"""The scenario manager: named scenarios beside the current settings, and their comparison.

A scenario comes from the current parameters, from a scenario file, or as a copy of another;
it can be renamed (edit its name in the list), hidden (untick it), deleted or saved to a file.
The current settings are the baseline every visible scenario is compared with.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from windfall.core.analysis.scenario import Scenario, load_scenario, save_scenario
from windfall.core.analysis.scenario_match import scenario_overrides
from windfall.core.errors import WindfallError
from windfall.core.session.state import SessionState
from windfall.core.session.workspace import ScenarioEntry
from windfall.gui.panels.scenario_table import ScenarioTable
from windfall.gui.style import DASH_STYLES, KEY_COLOUR

SCENARIO_FILTER = "Scenario files (*.toml *.json);;All files (*)"
BASELINE_NAME = "Current"
SCENARIO_COLOURS = ("#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#a6761d")
SCENARIO_DASHES = ("dash", "dot", "dashdot")


class ScenarioPanel(QWidget):
    """Lists named scenarios; emits `sig_changed` whenever what should be drawn changes."""

    sig_changed = Signal()
    sig_warnings = Signal(list)

    def __init__(self, session: SessionState, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[ScenarioEntry] = []
        self._filling = False
        self._build()
        session.events.model.connect(self._on_model)

    def _on_model(self, model) -> None:
        """Offer the model's final time as the time to compare at."""
        final = model.description.control_value("final_time") if model is not None else None
        if final is not None and self.final_time_box.isChecked():
            self.time_box.setValue(final)

    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setIconSize(QSize(24, 14))  # room for a dash sample
        self.list.itemChanged.connect(self._on_item_changed)
        buttons = QGridLayout()
        self.add_button = self._button(buttons, "From current", self.add_from_current)
        self.load_button = self._button(buttons, "Load…", self._on_load)
        self.duplicate_button = self._button(buttons, "Duplicate", self._on_duplicate)
        self.delete_button = self._button(buttons, "Delete", self._on_delete)
        self.save_button = self._button(buttons, "Save…", self._on_save)
        self.final_time_box = QCheckBox("Final time", checked=True)
        self.time_box = QDoubleSpinBox(decimals=4, minimum=-1e12, maximum=1e12, enabled=False)
        self.final_time_box.toggled.connect(lambda on: self.time_box.setEnabled(not on))
        self.final_time_box.toggled.connect(lambda _on: self.sig_changed.emit())
        self.time_box.editingFinished.connect(self.sig_changed.emit)
        time_row = QHBoxLayout()
        time_row.addWidget(QLabel("Compare at"))
        time_row.addWidget(self.final_time_box)
        time_row.addWidget(self.time_box, 1)
        self.table = ScenarioTable()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addLayout(time_row)
        layout.addWidget(self.table, 3)  # the comparison needs the rows; the list holds a few
        layout.addWidget(self.status)

    def _button(self, grid: QGridLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        at = grid.count()
        grid.addWidget(button, at // 3, at % 3)
        return button

    # -- what the overlay and the table need --------------------------------------------------
    def baseline(self) -> Scenario:
        """The current settings on screen, as the scenario every other is compared with."""
        return Scenario(
            BASELINE_NAME,
            parameters=dict(self.session.parameters),
            lookups={k: (list(x), list(y)) for k, (x, y) in self.session.lookups.items()},
        )

    def visible_entries(self) -> list[ScenarioEntry]:
        return [e for e in self.entries if e.visible]

    def compare_time(self) -> float | None:
        return None if self.final_time_box.isChecked() else float(self.time_box.value())

    def set_compare_time(self, value: float | None) -> None:
        self.final_time_box.setChecked(value is None)
        if value is not None:
            self.time_box.setValue(value)

    # -- editing the list ---------------------------------------------------------------------
    def _unique(self, name: str, skip: ScenarioEntry | None = None) -> str:
        taken = {e.scenario.name for e in self.entries if e is not skip} | {BASELINE_NAME}
        candidate, n = name.strip() or "Scenario", 2
        while candidate in taken:
            candidate, n = f"{name.strip() or 'Scenario'} ({n})", n + 1
        return candidate

    def add_entry(self, entry: ScenarioEntry) -> ScenarioEntry:
        entry.scenario.name = self._unique(entry.scenario.name)
        used = len(self.entries)
        entry.color = entry.color or SCENARIO_COLOURS[used % len(SCENARIO_COLOURS)]
        if entry.dash == "solid":
            entry.dash = SCENARIO_DASHES[used % len(SCENARIO_DASHES)]
        self.entries.append(entry)
        self._refill()
        self.sig_changed.emit()
        return entry

    def add_scenario(self, scenario: Scenario) -> ScenarioEntry:
        """Add a scenario; one made for other model content applies what matches, and says so."""
        if self.session.model is not None:
            _, warnings = scenario_overrides(self.session.model, scenario)
            if warnings:
                self.status.setText("\n".join(warnings))
                self.sig_warnings.emit(warnings)
        return self.add_entry(ScenarioEntry(scenario))

    def add_from_current(self, name: str = "Scenario") -> ScenarioEntry:
        base = self.baseline()
        scenario = Scenario(
            name,
            parameters=base.parameters,
            lookups=base.lookups,
            settings=self.session.settings,
        )
        return self.add_entry(ScenarioEntry(scenario))

    def load_file(self, path: str | Path) -> ScenarioEntry:
        return self.add_scenario(load_scenario(path))

    def duplicate(self, index: int) -> ScenarioEntry:
        source = self.entries[index].scenario
        copy = Scenario(
            f"{source.name} copy",
            description=source.description,
            settings=source.settings,
            parameters=dict(source.parameters),
            lookups=dict(source.lookups),
        )
        return self.add_entry(ScenarioEntry(copy))

    def delete(self, index: int) -> None:
        del self.entries[index]
        self._refill()
        self.sig_changed.emit()

    def rename(self, index: int, name: str) -> str:
        entry = self.entries[index]
        entry.scenario.name = self._unique(name, skip=entry)
        self._refill()
        self.sig_changed.emit()
        return entry.scenario.name

    def set_visible(self, index: int, visible: bool) -> None:
        self.entries[index].visible = visible
        self._refill()
        self.sig_changed.emit()

    def set_entries(self, entries: list[ScenarioEntry]) -> None:
        self.entries = list(entries)
        self._refill()
        self.sig_changed.emit()

    def save_file(self, index: int, path: str | Path) -> None:
        scenario = self.entries[index].scenario
        model = self.session.model
        if model is not None:  # the format stores the model path relative to the scenario file
            folder = Path(path).absolute().parent
            scenario.model_path = Path(os.path.relpath(model.path, folder)).as_posix()
            scenario.model_sha256 = model.content_hash
        save_scenario(scenario, path)

    def _refill(self) -> None:
        self._filling = True
        try:
            self.list.clear()
            for entry in self.entries:
                item = QListWidgetItem(entry.scenario.name)
                item.setFlags(
                    item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
                )
                item.setCheckState(
                    Qt.CheckState.Checked if entry.visible else Qt.CheckState.Unchecked
                )
                item.setIcon(_swatch(entry.dash))
                item.setToolTip(entry.scenario.description or f"{entry.dash} line")
                self.list.addItem(item)
        finally:
            self._filling = False

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        index = self.list.row(item)
        entry = self.entries[index]
        visible = item.checkState() == Qt.CheckState.Checked
        if visible != entry.visible:
            self.set_visible(index, visible)
        elif item.text() != entry.scenario.name:
            self.rename(index, item.text())

    # -- dialogs ------------------------------------------------------------------------------
    def _selected(self) -> int | None:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.entries) else None

    def _on_duplicate(self) -> None:
        if (index := self._selected()) is not None:
            self.duplicate(index)

    def _on_delete(self) -> None:
        if (index := self._selected()) is not None:
            self.delete(index)

    def _on_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load scenario", "", SCENARIO_FILTER)
        if path:
            self._guarded(lambda: self.load_file(path))

    def _on_save(self) -> None:
        index = self._selected()
        if index is None:
            return
        name = self.entries[index].scenario.name
        path, _ = QFileDialog.getSaveFileName(
            self, "Save scenario", f"{name}.toml", SCENARIO_FILTER
        )
        if path:
            self._guarded(lambda: self.save_file(index, path))

    def _guarded(self, action) -> None:
        try:
            action()
        except WindfallError as exc:
            QMessageBox.warning(self, "Scenario", str(exc))


def _swatch(dash: str) -> QIcon:
    """The scenario's dash as the plots' legends draw it (its colour is each variable's)."""
    pixmap = QPixmap(24, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    style = DASH_STYLES.get(dash, Qt.PenStyle.DashLine)
    painter.setPen(QPen(QColor(KEY_COLOUR), 2, style))
    painter.drawLine(1, 7, 23, 7)
    painter.end()
    return QIcon(pixmap)
