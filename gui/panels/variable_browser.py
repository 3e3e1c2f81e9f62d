"""Every variable in a tree by sector and kind, searchable, draggable onto plot panels."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from windfall.core.session.state import SessionState
from windfall.gui.style import variable_mime

KIND_TITLES = {
    "stock": "Stocks",
    "flow": "Flows",
    "auxiliary": "Auxiliaries",
    "constant": "Constants",
    "lookup": "Lookups",
    "data": "Data",
}
NAME_ROLE = Qt.ItemDataRole.UserRole


class _VariableTree(QTreeWidget):
    """A tree whose leaves drag out as variable names."""

    def mimeData(self, items):  # noqa: N802 (Qt override)
        names = [item.data(0, NAME_ROLE) for item in items if item.data(0, NAME_ROLE)]
        return variable_mime(names[0]) if names else None


class VariableBrowser(QWidget):
    """Pick a variable to inspect (single click) or to plot (double click or drag)."""

    sig_selected = Signal(str)
    sig_plot_requested = Signal(str)

    def __init__(self, session: SessionState, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search variables…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tree = _VariableTree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        session.events.model.connect(self._on_model)
        self._on_model(session.model)

    def _on_model(self, model) -> None:
        self.tree.clear()
        if model is None:
            return
        sectors: dict[str, QTreeWidgetItem] = {}
        kinds: dict[tuple[str, str], QTreeWidgetItem] = {}
        order = list(KIND_TITLES)
        ranked = sorted(
            model.description.variables,
            key=lambda v: (order.index(v.kind) if v.kind in order else len(order), v.name.lower()),
        )
        for var in ranked:
            sector = var.group or "Other"
            if sector not in sectors:
                sectors[sector] = QTreeWidgetItem(self.tree, [sector])
                sectors[sector].setFlags(Qt.ItemFlag.ItemIsEnabled)
            key = (sector, var.kind)
            if key not in kinds:
                kinds[key] = QTreeWidgetItem(sectors[sector], [KIND_TITLES.get(var.kind, var.kind)])
                kinds[key].setFlags(Qt.ItemFlag.ItemIsEnabled)
            leaf = QTreeWidgetItem(kinds[key], [var.name])
            leaf.setData(0, NAME_ROLE, var.name)
            leaf.setToolTip(0, f"{var.kind}, {var.units or 'no units'}")
        self.tree.expandToDepth(0)
        self.apply_filter(self.search.text())

    def apply_filter(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            sector = self.tree.topLevelItem(i)
            sector_shown = False
            for j in range(sector.childCount()):
                kind = sector.child(j)
                kind_shown = False
                for k in range(kind.childCount()):
                    leaf = kind.child(k)
                    shown = not text or text in leaf.text(0).lower()
                    leaf.setHidden(not shown)
                    kind_shown |= shown
                kind.setHidden(not kind_shown)
                kind.setExpanded(bool(text) and kind_shown)
                sector_shown |= kind_shown
            sector.setHidden(not sector_shown)

    def select(self, name: str) -> None:
        """Make `name` the current variable (e.g. from a link in the inspector)."""
        for item in self._leaves():
            if item.data(0, NAME_ROLE) == name:
                item.parent().setExpanded(True)
                item.parent().parent().setExpanded(True)
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return

    def _leaves(self):
        for i in range(self.tree.topLevelItemCount()):
            sector = self.tree.topLevelItem(i)
            for j in range(sector.childCount()):
                kind = sector.child(j)
                for k in range(kind.childCount()):
                    yield kind.child(k)

    def _on_current(self, item, _previous) -> None:
        if item is not None and item.data(0, NAME_ROLE):
            self.sig_selected.emit(item.data(0, NAME_ROLE))

    def _on_double_clicked(self, item, _column) -> None:
        if item.data(0, NAME_ROLE):
            self.sig_plot_requested.emit(item.data(0, NAME_ROLE))
