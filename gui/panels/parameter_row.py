"""One constant as a slider plus a typed field, with its range, units and documentation."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QToolButton,
    QWidget,
)

from windfall.core.model.description import VariableInfo

MAX_TICKS = 2000


def nice_step(span: float) -> float:
    """A 1-2-5 step giving about a hundred slider positions over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / 100
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def slider_range(var: VariableInfo) -> tuple[float, float, float]:
    """(low, high, step) from the model's [min,max,step], or a sensible span around the value."""
    value = var.value or 0.0
    low, high = var.min, var.max
    span = max(abs(value), 1.0)
    if low is None and high is None:
        low, high = (0.0, 2 * value) if value > 0 else ((2 * value, 0.0) if value < 0 else (0, 1))
    elif high is None:
        high = max(value, low) + span
    elif low is None:
        low = min(value, high) - span
    if high <= low:
        high = low + span
    step = var.step if var.step and var.step > 0 else nice_step(high - low)
    return float(low), float(high), float(step)


def format_value(value: float) -> str:
    return f"{value:.6g}"


class ElidedLabel(QLabel):
    """A one-line label that may be narrower than its text, which then ends in "…".

    A long name or unit must not widen the row past the dock; the row's tooltip has it whole.
    """

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 3, hint.height())

    def shown_text(self) -> str:
        """The text as painted: whole when it fits, else cut short with "…"."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        self.style().drawItemText(
            painter, self.contentsRect(), int(self.alignment()), self.palette(),
            self.isEnabled(), self.shown_text(), self.foregroundRole(),
        )  # fmt: skip


class ParameterRow(QWidget):
    """Slider + field for one constant; emits edits, never changes the session itself."""

    sig_dragged = Signal(str, float)
    sig_released = Signal(str)
    sig_committed = Signal(str, float)
    sig_reset = Signal(str)

    def __init__(self, var: VariableInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.var = var
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.low, self.high, self.step = slider_range(var)
        self.ticks = max(1, min(MAX_TICKS, round((self.high - self.low) / self.step)))
        self.value = float(var.value or 0.0)
        self._build()
        self.set_value(self.value, changed=False)

    def _build(self) -> None:
        self.name_label = ElidedLabel(self.var.name)
        self.name_label.setObjectName("parameterName")
        self.edit = QLineEdit()
        self.edit.setObjectName("parameterValue")
        self.edit.setFixedWidth(72)  # "-0.00005" and the like; longer text scrolls
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.editingFinished.connect(self._on_edit_finished)
        self.reset_button = QToolButton()
        self.reset_button.setText("↺")
        self.reset_button.setToolTip(f"Reset to the model's value ({format_value(self.value)})")
        self.reset_button.clicked.connect(lambda: self.sig_reset.emit(self.var.name))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.ticks)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.slider.sliderReleased.connect(lambda: self.sig_released.emit(self.var.name))
        self.units_label = ElidedLabel(self.var.units or "")
        self.units_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.units_label.setObjectName("parameterUnits")
        self.error_label = QLabel()
        self.error_label.setObjectName("parameterError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 3, 6, 3)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.name_label, 0, 0, 1, 2)
        grid.addWidget(self.edit, 0, 2)
        grid.addWidget(self.reset_button, 0, 3)
        grid.addWidget(self.slider, 1, 0)
        grid.addWidget(self.units_label, 1, 1, 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.error_label, 2, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.setToolTip(self._tooltip())

    def _tooltip(self) -> str:
        var = self.var
        declared = f"[{_text(var.min)}, {_text(var.max)}, {_text(var.step)}]"
        lines = [f"<b>{var.name}</b> ({var.units or 'no units'})", f"range {declared}"]
        if var.doc:
            lines.append(var.doc)
        return "<br>".join(lines)

    def matches(self, text: str) -> bool:
        text = text.strip().lower()
        return not text or text in self.var.name.lower() or text in (self.var.doc or "").lower()

    def set_value(self, value: float, changed: bool) -> None:
        """Show `value` without emitting anything; mark the row when it differs from the model."""
        self.value = value
        position = self._position(value)
        if position != self.slider.value():  # every row hears every edit: skip idle rows
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)
        text = format_value(value)
        if self.edit.text() != text and (not self.edit.hasFocus() or self.error_label.isHidden()):
            self.edit.setText(text)
        self._show_error(None)
        self.reset_button.setEnabled(changed)
        if self.property("changed") != changed:
            for widget in (self, self.name_label, self.edit):
                widget.setProperty("changed", changed)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def _position(self, value: float) -> int:
        fraction = (value - self.low) / (self.high - self.low)
        return round(min(1.0, max(0.0, fraction)) * self.ticks)

    def _value_at(self, position: int) -> float:
        value = self.low + position * (self.high - self.low) / self.ticks
        decimals = max(0, 1 - math.floor(math.log10(self.step))) if self.step > 0 else 6
        return round(value, decimals + 2)

    def _on_slider_moved(self, position: int) -> None:
        value = self._value_at(position)
        if self.slider.isSliderDown():
            self.sig_dragged.emit(self.var.name, value)
        else:
            self.sig_committed.emit(self.var.name, value)

    def _on_edit_finished(self) -> None:
        text = self.edit.text().strip()
        if text == format_value(self.value):
            self._show_error(None)
            return
        value, reason = self.check_typed(text)
        if reason:
            self._show_error(reason)
            return
        self.sig_committed.emit(self.var.name, value)

    def check_typed(self, text: str) -> tuple[float, str | None]:
        """The typed number, or why it is refused (never clamped into range)."""
        try:
            value = float(text)
        except ValueError:
            return 0.0, f"'{text}' is not a number"
        if not math.isfinite(value):
            return 0.0, f"'{text}' is not a finite number"
        if self.var.min is not None and value < self.var.min:
            return value, f"{text} is below the minimum {format_value(self.var.min)}"
        if self.var.max is not None and value > self.var.max:
            return value, f"{text} is above the maximum {format_value(self.var.max)}"
        return value, None

    def _show_error(self, reason: str | None) -> None:
        if self.edit.property("invalid") != bool(reason):  # restyling costs ~0.1 ms a row
            self.edit.setProperty("invalid", bool(reason))
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)
        if reason:
            self.error_label.setText(f"Refused: {reason}")
            self.error_label.show()
        else:
            self.error_label.hide()


def _text(value: float | None) -> str:
    return "?" if value is None else format_value(value)
