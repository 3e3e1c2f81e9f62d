"""Initial time, final time, time step and save step; blank means the model's own value."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from windfall.core.model.loaded import TIME_KEYS, RunSettings
from windfall.core.session.commands import CommandStack, SetRunSettingCommand
from windfall.core.session.state import SessionState

TITLES = {
    "initial_time": "Initial time",
    "final_time": "Final time",
    "time_step": "Time step",
    "saveper": "Save step",
}


def check_settings(
    values: dict[str, float | None], defaults: dict[str, float | None]
) -> str | None:
    """Why these time settings cannot run (None when they can)."""
    merged = {k: values.get(k) if values.get(k) is not None else defaults.get(k) for k in TIME_KEYS}
    for key in ("time_step", "saveper"):
        if merged[key] is not None and merged[key] <= 0:
            return f"{TITLES[key]} must be positive"
    start, end = merged["initial_time"], merged["final_time"]
    if start is not None and end is not None and end <= start:
        return "Final time must be after the initial time"
    return None


class RunSettingsPanel(QWidget):
    """Four fields; a valid change becomes an undoable command, an invalid one is explained."""

    def __init__(self, session: SessionState, stack: CommandStack, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = stack
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key in TIME_KEYS:
            edit = QLineEdit()
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(lambda key=key: self._on_edited(key))
            form.addRow(TITLES[key], edit)
            self.fields[key] = edit
        self.error_label = QLabel()
        self.error_label.setObjectName("parameterError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        session.events.model.connect(lambda _m: self._show(session.settings))
        session.events.settings.connect(self._show)
        self._show(session.settings)

    def _defaults(self) -> dict[str, float | None]:
        model = self.session.model
        return {k: model.description.control_value(k) if model else None for k in TIME_KEYS}

    def _show(self, settings: RunSettings) -> None:
        defaults = self._defaults()
        given = settings.given()
        for key, edit in self.fields.items():
            default = defaults[key]
            edit.setPlaceholderText(f"{default:g} (model)" if default is not None else "")
            edit.setText(f"{given[key]:g}" if key in given else "")
        self.error_label.hide()

    def _on_edited(self, key: str) -> None:
        text = self.fields[key].text().strip()
        current = self.session.settings.given().get(key)
        try:
            value = float(text) if text else None
        except ValueError:
            return self._refuse(f"'{text}' is not a number")
        if value is not None and not math.isfinite(value):
            return self._refuse(f"'{text}' is not a finite number")
        if value == current:
            return None
        reason = check_settings({**self.session.settings.given(), key: value}, self._defaults())
        if reason:
            return self._refuse(reason)
        self.error_label.hide()
        self.stack.push(SetRunSettingCommand(self.session, key, value))
        return None

    def _refuse(self, reason: str) -> None:
        self.error_label.setText(f"Refused: {reason}")
        self.error_label.show()
