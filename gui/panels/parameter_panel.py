"""The model's constants as sliders, grouped by sector, with a filter and reset buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from windfall.core.session.commands import CommandStack, ResetAllCommand, SetParameterCommand
from windfall.core.session.state import SessionState
from windfall.gui.panels.parameter_row import ParameterRow

UNGROUPED = "Other"


class _GroupSection(QWidget):
    """A collapsible header over the rows of one sector."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setObjectName("groupHeader")
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.toggled.connect(self._on_toggled)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.rows: list[ParameterRow] = []

    def add_row(self, row: ParameterRow) -> None:
        self.rows.append(row)
        self.body_layout.addWidget(row)

    def _on_toggled(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def apply_filter(self, text: str) -> bool:
        shown = [row.matches(text) for row in self.rows]
        for row, visible in zip(self.rows, shown, strict=True):
            row.setVisible(visible)
        self.setVisible(any(shown))
        return any(shown)


class ParameterPanel(QWidget):
    """Sliders for every constant; edits go on the command stack, values come from the session."""

    def __init__(self, session: SessionState, stack: CommandStack, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = stack
        self.rows: dict[str, ParameterRow] = {}
        self.sections: list[_GroupSection] = []
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter parameters…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.reset_all_button = QPushButton("Reset all")
        self.reset_all_button.setToolTip("Return every parameter and lookup to the model's values")
        self.reset_all_button.clicked.connect(self._on_reset_all)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.reset_all_button)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        session.events.model.connect(self._on_model)
        session.events.parameters.connect(self._on_parameters)
        self._on_model(session.model)

    def _on_model(self, model) -> None:
        self.rows = {}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.sections = []
        groups: dict[str, _GroupSection] = {}
        for var in model.description.parameters if model else []:
            title = var.group or UNGROUPED
            if title not in groups:
                groups[title] = _GroupSection(title)
                self.sections.append(groups[title])
                column.addWidget(groups[title])
            row = ParameterRow(var)
            row.sig_dragged.connect(self._on_dragged)
            row.sig_released.connect(lambda _name: self.stack.seal())
            row.sig_committed.connect(self._on_committed)
            row.sig_reset.connect(lambda name: self._on_committed(name, None))
            groups[title].add_row(row)
            self.rows[var.name] = row
        column.addStretch(1)
        self.scroll.setWidget(content)
        # The scroll area would let the dock shrink past the rows and clip them at the right:
        # it is at least as wide as the narrowest layout of every row, plus its scroll bar.
        scrollbar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(content.minimumSizeHint().width() + scrollbar)
        self.apply_filter(self.filter_edit.text())

    def _on_parameters(self, edits: dict) -> None:
        for name, row in self.rows.items():
            row.set_value(self.session.value(name), changed=name in edits)

    def _on_dragged(self, name: str, value: float) -> None:
        self.stack.push(SetParameterCommand(self.session, name, value), merge=True)

    def _on_committed(self, name: str, value: float | None) -> None:
        self.stack.push(SetParameterCommand(self.session, name, value))
        self.stack.seal()

    def _on_reset_all(self) -> None:
        if self.session.parameters or self.session.lookups:
            self.stack.push(ResetAllCommand(self.session))

    def apply_filter(self, text: str) -> None:
        for section in self.sections:
            section.apply_filter(text)
