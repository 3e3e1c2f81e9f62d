"""Autosave of the open session and recovery after a crash.

Each running app writes its workspace to `<autosave folder>/<session id>.json` (atomically)
every so often and removes it on a clean close. An autosave whose app is no longer running
is what a crash left behind: `recoverable_sessions()` lists those, newest first.
The folder is `$WINDFALL_CONFIG_DIR/autosave` when that is set, else under the platform's
user data folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_text_atomic
from windfall.core.session.workspace import Workspace, workspace_from_dict

AUTOSAVE_FORMAT = "windfall-autosave"


def autosave_dir() -> Path:
    given = os.environ.get("WINDFALL_CONFIG_DIR")
    base = Path(given) if given else Path(platformdirs.user_data_dir("windfall"))
    return base / "autosave"


def new_session_id() -> str:
    """A name for this app session's autosave that no other session shares."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass
class RecoverableSession:
    """An autosave left by an app that did not close cleanly."""

    path: Path
    session_id: str
    saved_at: float
    model_path: Path | None
    workspace_path: Path | None

    def load(self) -> Workspace:
        return load_autosave(self.path)


def autosave(
    workspace: Workspace, session_id: str, workspace_path: str | os.PathLike | None = None
) -> Path:
    """Write this session's autosave; `workspace_path` is the file the user saved it to, if any."""
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "format": AUTOSAVE_FORMAT,
        "session": session_id,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "saved_at": time.time(),
        "workspace_path": str(Path(workspace_path).absolute()) if workspace_path else None,
        "workspace": workspace.to_dict(relative_to=None),
    }
    target = folder / f"{session_id}.json"
    write_text_atomic(target, json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False))
    return target


def discard_autosave(session_id: str) -> None:
    """Remove this session's autosave: called on a clean close or after recovery."""
    with contextlib.suppress(FileNotFoundError):
        (autosave_dir() / f"{session_id}.json").unlink()


def load_autosave(path: Path) -> Workspace:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WindfallError(path, f"autosave cannot be read ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != AUTOSAVE_FORMAT:
        raise WindfallError(path, "not a Windfall autosave")
    return workspace_from_dict(data.get("workspace"), path)


def _running_here(data: dict) -> bool:
    """True when the process that wrote the autosave still runs on this machine."""
    if data.get("host") != socket.gethostname() or not isinstance(data.get("pid"), int):
        return False
    try:
        os.kill(data["pid"], 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def recoverable_sessions(include_running: bool = False) -> list[RecoverableSession]:
    """Autosaves whose app is gone (crashed), newest first; unreadable files are passed over."""
    found = []
    folder = autosave_dir()
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            workspace = data["workspace"]
            saved_at = float(data["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not include_running and _running_here(data):
            continue
        model = (workspace.get("model") or {}).get("path") if isinstance(workspace, dict) else None
        owner = data.get("workspace_path")
        found.append(
            RecoverableSession(
                path=path,
                session_id=path.stem,
                saved_at=saved_at,
                model_path=Path(model) if model else None,
                workspace_path=Path(owner) if owner else None,
            )
        )
    return sorted(found, key=lambda s: s.saved_at, reverse=True)
