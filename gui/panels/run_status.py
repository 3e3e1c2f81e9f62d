"""The status bar: last run's duration and warnings, progress and Cancel for long runs."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from windfall.core.session.simulator import RunResult

SHOW_PROGRESS_AFTER_MS = 300
PROGRESS_STEPS = 1000


class RunStatusBar(QStatusBar):
    """Says how the newest run went; offers Cancel only when a run takes noticeably long."""

    sig_cancel = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.run_label = QLabel("No run yet")
        self.run_label.setObjectName("runLabel")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningLabel")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFixedWidth(140)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel run")
        self.cancel_button.clicked.connect(self.sig_cancel.emit)
        self.addWidget(self.run_label)
        self.addWidget(self.warning_label, 1)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self._slow_timer = QTimer(self, singleShot=True, interval=SHOW_PROGRESS_AFTER_MS)
        self._slow_timer.timeout.connect(self._show_busy)
        self._set_busy_visible(False)

    def _set_busy_visible(self, visible: bool) -> None:
        self.progress.setVisible(visible)
        self.cancel_button.setVisible(visible)

    def run_started(self) -> None:
        if not self._slow_timer.isActive() and not self.progress.isVisible():
            self.progress.setRange(0, 0)  # busy until the run reports how far it got
            self._slow_timer.start()

    def _show_busy(self) -> None:
        self.run_label.setText("Running…")
        self._set_busy_visible(True)

    def set_progress(self, fraction: float) -> None:
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(round(fraction * PROGRESS_STEPS))

    def run_finished(self, result: RunResult) -> None:
        self._idle()
        steps = len(result.frame.index)
        self.run_label.setText(f"Ran in {result.duration * 1000:.0f} ms · {steps} saved steps")
        self.show_warnings(result.warnings)

    def show_warnings(self, warnings: list[str]) -> None:
        if not warnings:
            self.warning_label.setText("")
            self.warning_label.setToolTip("")
            return
        more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
        self.warning_label.setText(f"⚠ {warnings[0]}{more}")
        self.warning_label.setToolTip("\n".join(warnings))

    def run_failed(self, message: str) -> None:
        self._idle()
        self.run_label.setText("Run failed")
        self.show_warnings([message])

    def run_cancelled(self) -> None:
        self._idle()
        self.run_label.setText("Run cancelled; plots show the last finished run")

    def _idle(self) -> None:
        self._slow_timer.stop()
        self._set_busy_visible(False)
