"""Undoable edits of a session: every user interaction maps to a command on a CommandStack.

A slider drag pushes one command per move with `merge=True`; consecutive commands with the same
merge key fold into one until the stack is sealed (on release), so one drag is one undo step.
"""

from __future__ import annotations

from windfall.core.session.state import EventEmitter, Lookup, SessionState


class Command:
    """An edit that can be done and undone; `merge_key` says which edits may fold together."""

    text = "edit"
    merge_key: object = None

    def do(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def absorb(self, newer: Command) -> None:
        """Fold a newer command of the same key into this one (keep our undo state)."""
        raise NotImplementedError


class _SetEditCommand(Command):
    """Set one named edit of the session (None = back to the model's own); drags merge."""

    kind = "edit"
    verb = "set"

    def __init__(self, session: SessionState, name: str, value) -> None:
        self.session = session
        self.name = name
        self.new = value
        self.old = self._edits().get(name)
        self.merge_key = (self.kind, name)
        self.text = f"{self.verb} {name}" if value is not None else f"reset {name}"

    def _edits(self) -> dict:
        raise NotImplementedError

    def _apply(self, value) -> None:
        raise NotImplementedError

    def do(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def absorb(self, newer: Command) -> None:
        assert isinstance(newer, type(self))
        self.new = newer.new


class SetParameterCommand(_SetEditCommand):
    """Set one constant to a value (None = back to the model's own value)."""

    kind = "parameter"

    def _edits(self) -> dict:
        return self.session.parameters

    def _apply(self, value: float | None) -> None:
        self.session.set_parameter(self.name, value)


class SetLookupCommand(_SetEditCommand):
    """Replace one graphical function's points (None = back to the model's own)."""

    kind = "lookup"
    verb = "edit"

    def _edits(self) -> dict:
        return self.session.lookups

    def _apply(self, value: Lookup | None) -> None:
        self.session.set_lookup(self.name, value)


class ResetAllCommand(Command):
    """Drop every parameter and lookup edit at once."""

    text = "reset all"

    def __init__(self, session: SessionState) -> None:
        self.session = session
        self.old = (dict(session.parameters), dict(session.lookups))

    def do(self) -> None:
        self.session.parameters = {}
        self.session.lookups = {}

    def undo(self) -> None:
        self.session.parameters, self.session.lookups = dict(self.old[0]), dict(self.old[1])


class SetRunSettingCommand(Command):
    """Change one time setting (None = back to the model's own)."""

    def __init__(self, session: SessionState, key: str, value: float | None) -> None:
        self.session = session
        self.key = key
        self.new = value
        self.old = session.settings.given().get(key)
        self.text = f"set {key.replace('_', ' ')}"

    def do(self) -> None:
        self.session.set_setting(self.key, self.new)

    def undo(self) -> None:
        self.session.set_setting(self.key, self.old)


class CommandStack:
    """Done commands (undo side) and undone ones (redo side); `events.changed` on any move."""

    def __init__(self) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._open = False
        self.changed = EventEmitter("changed")

    def push(self, command: Command, *, merge: bool = False) -> None:
        """Do `command`; with `merge`, fold it into the open top command of the same key."""
        command.do()
        self._undone.clear()
        top = self._done[-1] if self._done else None
        if merge and self._open and top is not None and top.merge_key == command.merge_key:
            top.absorb(command)
        else:
            self._done.append(command)
        self._open = merge and command.merge_key is not None
        self.changed.emit(self)

    def seal(self) -> None:
        """End merging: the next command starts a new undo step (e.g. on slider release)."""
        self._open = False

    def undo(self) -> bool:
        if not self._done:
            return False
        self._open = False
        command = self._done.pop()
        command.undo()
        self._undone.append(command)
        self.changed.emit(self)
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        self._open = False
        command = self._undone.pop()
        command.do()
        self._done.append(command)
        self.changed.emit(self)
        return True

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._open = False
        self.changed.emit(self)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""
