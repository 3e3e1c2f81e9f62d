"""Edit a graphical function by dragging its points; each drag is one undoable edit."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from windfall.core.session.commands import CommandStack, SetLookupCommand
from windfall.core.session.state import SessionState

X_MARGIN_FRACTION = 1e-3


class _DraggablePoints(pg.GraphItem):
    """Points joined by lines; a point under the mouse follows it, neighbours bound its x."""

    def __init__(self, panel: LookupPanel) -> None:
        super().__init__()
        self.panel = panel
        self.drag_index: int | None = None
        self.offset = (0.0, 0.0)

    def show_points(self, xs, ys) -> None:
        pos = np.column_stack([np.asarray(xs, float), np.asarray(ys, float)])
        adj = np.array([[i, i + 1] for i in range(len(pos) - 1)], dtype=int).reshape(-1, 2)
        self.setData(
            pos=pos, adj=adj, size=11, pxMode=True, symbol="o",
            symbolBrush=pg.mkBrush("#0072B2"), symbolPen=pg.mkPen("w", width=1.5),
            pen=pg.mkPen("#0072B2", width=2),
        )  # fmt: skip

    def mouseDragEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph override)
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            hits = self.scatter.pointsAt(ev.buttonDownPos())
            if len(hits) == 0:
                ev.ignore()
                return
            self.drag_index = int(hits[0].index())
            start = ev.buttonDownPos()
            x, y = self.pos[self.drag_index]
            self.offset = (x - start.x(), y - start.y())
        elif self.drag_index is None:
            ev.ignore()
            return
        ev.accept()
        here = ev.pos()
        self.panel.move_point(self.drag_index, here.x() + self.offset[0], here.y() + self.offset[1])
        if ev.isFinish():
            self.drag_index = None
            self.panel.finish_drag()


class LookupPanel(QWidget):
    """Pick a lookup, drag its points; the model re-runs live while dragging."""

    def __init__(self, session: SessionState, stack: CommandStack, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = stack
        self.name: str | None = None
        self.chooser = QComboBox()
        self.chooser.currentTextChanged.connect(self.show_lookup)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Return this lookup to the model's points")
        self.reset_button.clicked.connect(self._on_reset)
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.reset_button)
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.original = self.plot.plot(
            [], [], pen=pg.mkPen("#aaa", width=1, style=Qt.PenStyle.DashLine)
        )
        self.points = _DraggablePoints(self)
        self.plot.addItem(self.points)
        self.hint = QLabel("Drag a point to change the function; the model re-runs as you drag.")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.hint)
        session.events.model.connect(self._on_model)
        session.events.lookups.connect(lambda _edits: self._refresh())
        self._on_model(session.model)

    def _on_model(self, model) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        names = [v.name for v in model.description.lookups] if model else []
        self.chooser.addItems(names)
        self.chooser.blockSignals(False)
        self.setEnabled(bool(names))
        self.show_lookup(names[0] if names else "")

    def show_lookup(self, name: str) -> None:
        self.name = name or None
        var = self.session.model.description.find(name) if self.session.model and name else None
        if var is None:
            self.original.setData([], [])
            self.points.show_points([], [])
            return
        self.original.setData(var.lookup_x, var.lookup_y)
        self.plot.setLabel("left", var.units or "")
        self._refresh()
        self.plot.enableAutoRange()

    def _refresh(self) -> None:
        points = self.session.lookup(self.name) if self.name else None
        if points is None:
            return
        self.points.show_points(*points)
        self.reset_button.setEnabled(self.name in self.session.lookups)

    def current_points(self) -> tuple[list[float], list[float]]:
        xs, ys = self.session.lookup(self.name)
        return list(xs), list(ys)

    def move_point(self, index: int, x: float, y: float) -> None:
        """Move one point (x kept strictly between its neighbours) as part of an open drag."""
        xs, ys = self.current_points()
        if 0 < index < len(xs) - 1:
            margin = (xs[-1] - xs[0]) * X_MARGIN_FRACTION
            xs[index] = float(np.clip(x, xs[index - 1] + margin, xs[index + 1] - margin))
        ys[index] = float(y)
        self.plot.disableAutoRange()
        self.stack.push(SetLookupCommand(self.session, self.name, (xs, ys)), merge=True)

    def finish_drag(self) -> None:
        self.stack.seal()

    def _on_reset(self) -> None:
        if self.name in self.session.lookups:
            self.stack.push(SetLookupCommand(self.session, self.name, None))
