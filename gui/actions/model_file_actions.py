"""File menu actions for models, scenarios and workspaces; unsaved-change marking; autosave.

Saving writes the edited constants and lookups into the model file (nothing else changes),
then reopens it so the saved values become the model's own. The title shows `*` while
there are edits not in the file, and the window asks before closing or opening another
model over them. The session is autosaved; a crashed session is offered back at start.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from windfall.core.errors import WindfallError
from windfall.core.formats.save import save_model
from windfall.core.session.autosave import (
    autosave,
    discard_autosave,
    new_session_id,
    recoverable_sessions,
)
from windfall.core.session.workspace import Workspace, load_workspace, save_workspace
from windfall.gui.actions.workspace_bridge import apply_workspace, capture_workspace
from windfall.gui.settings import add_recent_file

MODEL_SUFFIXES = (".mdl", ".xmile", ".stmx", ".itmx")
SCENARIO_SUFFIXES = (".toml", ".json")
WORKSPACE_SUFFIX = ".windfall"
WORKSPACE_FILTER = "Windfall workspaces (*.windfall);;All files (*)"
AUTOSAVE_INTERVAL_MS = 60_000


def ask_unsaved(window, doing: str) -> str:
    """Ask what to do with unsaved edits: "save", "discard" or "cancel"."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        window,
        "Unsaved changes",
        f"The model has edits that are not saved. Save them before {doing}?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")


def ask_recover(window, question: str) -> bool:
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        window, "Recover session", question, buttons.Yes | buttons.No, buttons.Yes
    )
    return answer == buttons.Yes


class ModelFileActions(QObject):
    """Adds Save/Save As, workspaces and scenario loading to the File menu of `window`."""

    def __init__(self, window, file_menu) -> None:
        super().__init__(window)
        self.window = window
        self.session_id = new_session_id()
        self.workspace_path: Path | None = None
        self.pending: Workspace | None = None
        self.last_message = ""
        keys = QKeySequence.StandardKey
        self.save_action = self._add(file_menu, "&Save model", self.save, keys.Save)
        self.save_as_action = self._add(file_menu, "Save model &as…", self.save_as, keys.SaveAs)
        file_menu.addSeparator()
        self._add(file_menu, "Open &workspace…", self._on_open_workspace)
        self._add(file_menu, "Save wor&kspace as…", self._on_save_workspace)
        self._add(file_menu, "&Load scenario…", window.scenario_panel._on_load)
        file_menu.addSeparator()
        for event in (window.session.events.parameters, window.session.events.lookups):
            event.connect(lambda _value: self.update_title())
        window.bridge.sig_model_opened.connect(lambda _r: QTimer.singleShot(0, self._on_opened))
        window.bridge.sig_failed.connect(self._on_failed)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()
        self.update_title()

    def _add(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- unsaved changes ----------------------------------------------------------------------
    def is_dirty(self) -> bool:
        session = self.window.session
        return session.model is not None and bool(session.parameters or session.lookups)

    def update_title(self) -> None:
        model = self.window.session.model
        name = f" — {model.path.name}[*]" if model else ""
        self.window.setWindowTitle(f"Windfall{name}")
        self.window.setWindowModified(self.is_dirty())
        self.save_action.setEnabled(model is not None)
        self.save_as_action.setEnabled(model is not None)

    def confirm_discard(self, doing: str = "continuing") -> bool:
        """True when it is fine to drop the current edits (saved, discarded, or none)."""
        if not self.is_dirty():
            return True
        answer = ask_unsaved(self.window, doing)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- saving the model ---------------------------------------------------------------------
    def save(self, target: str | Path | None = None) -> bool:
        """Write the edits into the model file (or `target`), then reopen what was written."""
        session = self.window.session
        if session.model is None:
            return False
        try:
            written = save_model(session.model, session.overrides(), target)
        except WindfallError as exc:
            self._error("Could not save the model", str(exc))
            return False
        self.pending = capture_workspace(self.window, include_edits=False)
        self.pending.model_path = written
        self.window.status.run_label.setText(f"Saved {written.name}")
        self.window.bridge.simulator.submit_open(written)
        return True

    def save_as(self) -> bool:
        model = self.window.session.model
        if model is None:
            return False
        suffix = model.path.suffix
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save model as", str(model.path), f"Model (*{suffix})"
        )
        if not path:
            return False
        path = Path(path)
        return self.save(path if path.suffix else path.with_suffix(suffix))

    # -- workspaces ---------------------------------------------------------------------------
    def save_workspace(self, path: str | Path) -> bool:
        try:
            self.workspace_path = save_workspace(capture_workspace(self.window), path)
        except WindfallError as exc:
            self._error("Could not save the workspace", str(exc))
            return False
        self._remember(self.workspace_path)
        return True

    def _remember(self, path: Path) -> None:
        """Put a workspace in File > Open recent, beside the models."""
        add_recent_file(self.window.settings, path)
        self.window._refresh_recent_menu()

    def open_workspace(self, path_or_workspace) -> bool:
        """Open a workspace file (or a recovered Workspace): its model, then everything else."""
        try:
            if isinstance(path_or_workspace, Workspace):
                workspace = path_or_workspace
            else:
                workspace = load_workspace(path_or_workspace)
                self.workspace_path = Path(path_or_workspace)
                self._remember(self.workspace_path)
            if workspace.model_path is None:
                raise WindfallError(path_or_workspace, "the workspace names no model")
        except WindfallError as exc:
            self._error("Could not open the workspace", str(exc))
            return False
        if not self.confirm_discard("opening the workspace"):
            return False
        self.pending = workspace
        self.window.bridge.simulator.submit_open(workspace.model_path)
        return True

    def _on_opened(self) -> None:
        workspace, self.pending = self.pending, None
        if workspace is not None and self.window.session.model is not None:
            warnings = apply_workspace(self.window, workspace)
            if warnings:
                self.last_message = "\n".join(warnings)
                self.window.scenario_panel.status.setText(self.last_message)
        self.update_title()

    def _on_failed(self, kind: str, _message: str) -> None:
        if kind == "open":
            self.pending = None

    def _on_open_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open workspace", "", WORKSPACE_FILTER)
        if path:
            self.open_workspace(path)

    def _on_save_workspace(self) -> None:
        start = str(self.workspace_path or "session.windfall")
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save workspace", start, WORKSPACE_FILTER
        )
        if path:
            path = Path(path)
            self.save_workspace(path if path.suffix else path.with_suffix(WORKSPACE_SUFFIX))

    # -- autosave and recovery ----------------------------------------------------------------
    def autosave_now(self) -> Path | None:
        if self.window.session.model is None:
            return None
        try:
            return autosave(capture_workspace(self.window), self.session_id, self.workspace_path)
        except WindfallError as exc:
            self.window.status.run_label.setText(f"Autosave failed: {exc}")
            return None

    def offer_recovery(self) -> bool:
        """Ask to reopen the newest session a crash left behind; True if one was reopened."""
        sessions = recoverable_sessions()
        if not sessions:
            return False
        newest = sessions[0]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(newest.saved_at))
        model = newest.model_path.name if newest.model_path else "no model"
        question = f"Windfall did not close cleanly. Reopen the session autosaved {when} ({model})?"
        if not ask_recover(self.window, question):
            return False
        try:
            workspace = newest.load()
        except WindfallError as exc:
            self._error("Could not recover the session", str(exc))
            return False
        self.workspace_path = newest.workspace_path
        discard_autosave(newest.session_id)
        return self.open_workspace(workspace)

    def closed(self) -> None:
        """A clean close: nothing to recover."""
        self.autosave_timer.stop()
        discard_autosave(self.session_id)

    # -- drag and drop ------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.DragEnter and self._dropped_files(event):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            files = self._dropped_files(event)
            if files:
                event.acceptProposedAction()
                for path in files:
                    self.open_file(path)
                return True
        return False

    def _dropped_files(self, event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        known = (*MODEL_SUFFIXES, *SCENARIO_SUFFIXES, WORKSPACE_SUFFIX)
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in known]

    def open_file(self, path: str | Path) -> None:
        """Open a model, scenario or workspace file by its type (drops and the command line)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == WORKSPACE_SUFFIX:
            self.open_workspace(path)
        elif suffix in SCENARIO_SUFFIXES:
            try:
                self.window.scenario_panel.load_file(path)
            except WindfallError as exc:
                self._error("Could not load the scenario", str(exc))
        else:  # a model; the loader names any unsupported type
            self.window.open_model(path)

    def _error(self, title: str, message: str) -> None:
        self.last_message = message
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=self.window)
        box.open()
        self.window.error_dialog = box
