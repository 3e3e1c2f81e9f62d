"""The comparison table: parameter differences from the baseline and key outputs at a time."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from windfall.core.analysis.compare import Comparison

SECTION_BRUSH = QBrush(QColor("#eef1f4"))


def format_value(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-3):
        return f"{value:.4g}"
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def format_change(value: float, base: float) -> str:
    """A value with its difference from the baseline, e.g. `95 (+25)`."""
    text = format_value(value)
    if math.isnan(value) or math.isnan(base) or value == base:
        return text
    return f"{text} ({'+' if value > base else '−'}{format_value(abs(value - base))})"


class ScenarioTable(QTableWidget):
    """Scenarios as columns; rows of changed parameters, then key outputs with changes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)
        self.comparison: Comparison | None = None

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        names = comparison.names
        rows: list[tuple[str, list[str] | None]] = []
        rows.append(("Changed parameters", None))  # short: the labels share a narrow dock
        for name, values in comparison.parameters.iterrows():
            rows.append((str(name), [format_value(v) for v in values]))
        for scenario, lookups in comparison.lookups_changed.items():
            for lookup in lookups:
                cells = ["edited" if n == scenario else "" for n in names]
                rows.append((f"{lookup} (graph)", cells))
        if len(rows) == 1:
            rows.append(("(none)", [""] * len(names)))
        rows.append((f"Outputs at {comparison.time:g}", None))
        for variable, values in comparison.outputs.iterrows():
            base = float(values.iloc[0])
            rows.append((str(variable), [format_change(float(v), base) for v in values]))
        self._fill(names, rows)

    def _fill(self, names: list[str], rows) -> None:
        self.clear()
        self.clearSpans()
        self.setColumnCount(len(names))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(names)
        self.setVerticalHeaderLabels([label for label, _ in rows])
        bold = QFont()
        bold.setBold(True)
        for row, (_label, cells) in enumerate(rows):
            if cells is None:
                header = self.verticalHeaderItem(row)
                header.setFont(bold)
                self.setSpan(row, 0, 1, max(1, len(names)))
                item = QTableWidgetItem("")
                item.setBackground(SECTION_BRUSH)
                self.setItem(row, 0, item)
                continue
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)

    def cell_text(self, row_label: str, column_name: str) -> str:
        """The text shown for one row and scenario (tests and copy)."""
        column = self.comparison.names.index(column_name)
        for row in range(self.rowCount()):
            if self.verticalHeaderItem(row).text() == row_label:
                item = self.item(row, column)
                return item.text() if item else ""
        raise KeyError(row_label)
