"""The uncertainty dock: which constants vary, how, how many runs and which seed; on or off.

Ticked constants are drawn from their distributions; every other constant keeps its slider
value. The plots then show percentile bands around the current run (drawn by BandOverlay).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from windfall.core.analysis.sweep import DISTRIBUTIONS, Vary
from windfall.core.analysis.uncertainty import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    Bands,
    UncertaintySettings,
    UncertaintySpec,
    default_args,
    make_vary,
)
from windfall.core.errors import WindfallError
from windfall.core.session.state import SessionState

NAME, DIST, ARGS = 0, 1, 2
ARG_HINT = {"uniform": "low, high", "normal": "mean, sd", "triangular": "low, mode, high"}
LIVE_NOTE = (
    "Bands follow every slider move (fast engine). A ticked constant is drawn from its "
    "distribution, so its own slider no longer moves the bands."
)
PYSD_NOTE = (
    "This model runs on PySD's runtime, where {n} runs take too long to follow the sliders: "
    "press Compute bands when the settings are ready."
)
BAD_CELL = QColor("#f8d7d3")


def _numbers(text: str) -> tuple[float, ...]:
    return tuple(float(part) for part in text.split(",") if part.strip())


def _text(args) -> str:
    """Numbers as the table shows them: short, unless that would change a saved value."""
    return ", ".join(f"{a:.6g}" if float(f"{a:.6g}") == a else repr(float(a)) for a in args)


class SensitivityPanel(QWidget):
    """Edits the uncertainty settings; `sig_changed` fires whenever the bands would change."""

    sig_changed = Signal()
    sig_compute_requested = Signal()
    sig_cancel_requested = Signal()

    def __init__(self, session: SessionState, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._filling = False
        self._build()
        session.events.model.connect(self._on_model)
        self._on_model(session.model)

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.enable_box = QCheckBox("Show uncertainty bands")
        self.enable_box.toggled.connect(self._on_setting)
        self.runs_box = QSpinBox(minimum=2, maximum=100_000, value=DEFAULT_RUNS, singleStep=50)
        self.runs_box.setKeyboardTracking(False)
        self.seed_box = QSpinBox(minimum=0, maximum=2**31 - 1, value=DEFAULT_SEED)
        self.seed_box.setKeyboardTracking(False)
        for box in (self.runs_box, self.seed_box):
            box.valueChanged.connect(self._on_setting)
        form = QFormLayout()
        form.addRow("Runs (N)", self.runs_box)
        form.addRow("Seed", self.seed_box)
        self.filter_edit = QLineEdit(placeholderText="Filter parameters…", clearButtonEnabled=True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Vary parameter", "Distribution", "Numbers"])
        self.table.horizontalHeaderItem(ARGS).setToolTip(
            "uniform: low, high · normal: mean, sd · triangular: low, mode, high"
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DIST, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ARGS, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enable_box)
        layout.addLayout(form)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_compute_row())
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("bandsNote")
        self.status = QLabel(wordWrap=True)
        self.status.setObjectName("bandsStatus")
        layout.addWidget(self.note)
        layout.addWidget(self.status)

    def _build_compute_row(self) -> QHBoxLayout:
        self.compute_button = QPushButton("Compute bands")
        self.compute_button.clicked.connect(self.sig_compute_requested.emit)
        self.progress = QProgressBar(maximum=1000, textVisible=False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.sig_cancel_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.compute_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.show_busy(False)
        return row

    def _on_model(self, model) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            params = model.description.parameters if model is not None else []
            for var in [v for v in params if not v.subscripts]:
                self._add_row(var)
        finally:
            self._filling = False
        live = self.live
        self.compute_button.setVisible(model is not None and not live)
        self.note.setText(LIVE_NOTE if live else PYSD_NOTE.format(n=self.runs_box.value()))
        self.note.setVisible(model is not None)
        self.status.setText("")

    def _add_row(self, var) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(var.name)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        name.setCheckState(Qt.CheckState.Unchecked)
        name.setToolTip(var.doc or var.name)
        self.table.setItem(row, NAME, name)
        combo = QComboBox()
        combo.addItems(list(DISTRIBUTIONS))
        combo.currentTextChanged.connect(lambda dist, n=var.name: self._on_dist(n, dist))
        self.table.setCellWidget(row, DIST, combo)
        self.table.setItem(row, ARGS, QTableWidgetItem(self._default_text(var.name, "uniform")))

    # -- state -------------------------------------------------------------------------------
    @property
    def live(self) -> bool:
        """True when the fast engine runs the model, so bands can follow the sliders."""
        model = self.session.model
        return model is not None and model.engine != "pysd"

    @property
    def enabled(self) -> bool:
        return self.enable_box.isChecked()

    def _row_of(self, name: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NAME).text() == name:
                return row
        raise KeyError(name)

    def _default_text(self, name: str, dist: str) -> str:
        var = self.session.model.variable(name)
        return _text(default_args(var, dist, self.session.value(name)))

    def set_varied(self, name: str, dist: str = "uniform", args=None) -> None:
        """Tick a constant and give its distribution (default numbers when `args` is None)."""
        row = self._row_of(self.session.model.variable(name).name)
        self._filling = True
        try:
            self.table.cellWidget(row, DIST).setCurrentText(dist)
            text = _text(args) if args is not None else None
            self.table.item(row, ARGS).setText(text or self._default_text(name, dist))
            self.table.item(row, NAME).setCheckState(Qt.CheckState.Checked)
        finally:
            self._filling = False
        self._on_setting()

    def varied_names(self) -> list[str]:
        rows = range(self.table.rowCount())
        checked = Qt.CheckState.Checked
        return [
            self.table.item(r, NAME).text()
            for r in rows
            if self.table.item(r, NAME).checkState() == checked
        ]

    def spec(self) -> UncertaintySpec | None:
        """The settings as a core spec; None when off, nothing is ticked, or numbers are bad."""
        model = self.session.model
        if model is None or not self.enabled:
            return None
        varies, problems = [], []
        self._filling = True  # colouring a cell is an item change, not a settings change
        for name in self.varied_names():
            row = self._row_of(name)
            cell = self.table.item(row, ARGS)
            dist = self.table.cellWidget(row, DIST).currentText()
            try:
                varies.append(make_vary(model, name, dist, _numbers(cell.text())))
                cell.setBackground(QColor(0, 0, 0, 0))
            except (ValueError, WindfallError) as exc:
                cause = str(exc).split(": ", 1)[-1] if isinstance(exc, WindfallError) else ""
                problems.append(f"{name}: {cause or f'{dist} needs {ARG_HINT[dist]}'}")
                cell.setBackground(BAD_CELL)
        self._filling = False
        if problems or not varies:
            self.status.setText("\n".join(problems) or "Tick the constants that are uncertain.")
            return None
        return UncertaintySpec(tuple(varies), self.runs_box.value(), self.seed_box.value())

    def settings(self) -> UncertaintySettings:
        """Everything set here, for a workspace: ticked rows whose numbers read as numbers
        (checked against the model again when the workspace reopens), N, seed, shown."""
        varies = []
        for name in self.varied_names():
            row = self._row_of(name)
            dist = self.table.cellWidget(row, DIST).currentText()
            try:
                varies.append(Vary(name, dist, _numbers(self.table.item(row, ARGS).text())))
            except ValueError:
                continue  # not numbers yet: nothing that could be restored
        return UncertaintySettings(
            tuple(varies), self.runs_box.value(), self.seed_box.value(), self.enabled
        )

    def restore(self, spec: UncertaintySpec, shown: bool) -> None:
        """Put saved settings back (a spec fitted to the open model): exactly its constants
        ticked with its numbers, N, seed, on or off; then the bands follow as after an edit."""
        self._filling = True
        try:
            for row in range(self.table.rowCount()):
                self.table.item(row, NAME).setCheckState(Qt.CheckState.Unchecked)
            for vary in spec.varies:
                row = self._row_of(vary.name)
                self.table.cellWidget(row, DIST).setCurrentText(vary.dist)
                self.table.item(row, ARGS).setText(_text(vary.args))
                self.table.item(row, NAME).setCheckState(Qt.CheckState.Checked)
            self.runs_box.setValue(spec.n)
            self.seed_box.setValue(spec.seed)
            self.enable_box.setChecked(shown)
        finally:
            self._filling = False
        self._on_setting()
        if shown and not self.live:  # on PySD's runtime bands come on request: ask once
            self.sig_compute_requested.emit()

    # -- reactions ---------------------------------------------------------------------------
    def _on_dist(self, name: str, dist: str) -> None:
        if self._filling:
            return
        self.table.item(self._row_of(name), ARGS).setText(self._default_text(name, dist))

    def _on_item_changed(self, _item) -> None:
        if not self._filling:
            self._on_setting()

    def _on_setting(self, *_args) -> None:
        if self._filling:
            return
        if not self.live and self.session.model is not None:
            self.note.setText(PYSD_NOTE.format(n=self.runs_box.value()))
        self.sig_changed.emit()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.table.rowCount()):
            hidden = needle not in self.table.item(row, NAME).text().lower()
            self.table.setRowHidden(row, hidden)

    def show_busy(self, busy: bool) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def show_progress(self, fraction: float) -> None:
        self.show_busy(True)
        self.progress.setValue(int(fraction * 1000))

    def show_bands(self, bands: Bands | None) -> None:
        self.show_busy(False)
        if bands is None:
            return
        self.status.setText(
            f"{bands.n} runs ({bands.engine} engine). Light band 5–95 %, dark band 25–75 %, "
            "dashed line the median; the solid curve is the current run."
        )
