"""The analyst's working state, as small evented objects (no Qt).

Each field of a `SessionState` has its own event; setting a field fires it only when the value
really changes, so widgets can subscribe with `state.events.<field>.connect(callback)` and
never loop on their own echoes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from windfall.core.model.loaded import TIME_KEYS, LoadedModel, RunSettings

Lookup = tuple[tuple[float, ...], tuple[float, ...]]


class EventEmitter:
    """A list of callbacks fired with the field's new value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[[Any], None]] = []

    def connect(self, callback: Callable[[Any], None]) -> None:
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[Any], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: Any) -> None:
        for callback in list(self._callbacks):
            callback(value)


class Events:
    """One `EventEmitter` per field, reachable as attributes."""

    def __init__(self, names: tuple[str, ...]) -> None:
        for name in names:
            setattr(self, name, EventEmitter(name))


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    if type(old) is not type(new) or isinstance(old, LoadedModel):
        return False
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


class EventedModel:
    """Attributes listed in `FIELDS` fire `events.<name>` when (and only when) they change."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        object.__setattr__(self, "events", Events(self.FIELDS))
        for name, value in values.items():
            if name not in self.FIELDS:
                raise AttributeError(f"{type(self).__name__} has no field '{name}'")
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.FIELDS:
            raise AttributeError(f"{type(self).__name__} has no field '{name}'")
        if _same(getattr(self, name), value):
            return
        object.__setattr__(self, name, value)
        getattr(self.events, name).emit(value)


class SessionState(EventedModel):
    """The open model, the analyst's parameter and lookup edits, run settings, last result."""

    FIELDS = ("model", "parameters", "lookups", "settings", "result")

    def __init__(self) -> None:
        super().__init__(model=None, parameters={}, lookups={}, settings=RunSettings(), result=None)

    model: LoadedModel | None
    parameters: dict[str, float]
    lookups: dict[str, Lookup]
    settings: RunSettings
    result: Any

    def adopt_model(self, model: LoadedModel) -> None:
        """Switch to a freshly opened model: edits made for the old one no longer apply."""
        self.parameters = {}
        self.lookups = {}
        self.settings = RunSettings()
        self.result = None
        self.model = model

    def default_value(self, name: str) -> float | None:
        var = self.model.description.find(name) if self.model else None
        return var.value if var else None

    def value(self, name: str) -> float | None:
        """The value a run will use: the analyst's edit, else the model's own."""
        if name in self.parameters:
            return self.parameters[name]
        return self.default_value(name)

    def set_parameter(self, name: str, value: float | None) -> None:
        """Edit one constant; None (or the model's own value) removes the edit."""
        edits = dict(self.parameters)
        if value is None or value == self.default_value(name):
            edits.pop(name, None)
        else:
            edits[name] = float(value)
        self.parameters = edits

    def lookup(self, name: str) -> Lookup | None:
        if name in self.lookups:
            return self.lookups[name]
        var = self.model.description.find(name) if self.model else None
        if var is None or not var.lookup_x:
            return None
        return tuple(var.lookup_x), tuple(var.lookup_y or ())

    def set_lookup(self, name: str, points: Lookup | None) -> None:
        """Edit one graphical function; None removes the edit."""
        edits = dict(self.lookups)
        if points is None:
            edits.pop(name, None)
        else:
            edits[name] = (tuple(map(float, points[0])), tuple(map(float, points[1])))
        self.lookups = edits

    def set_setting(self, key: str, value: float | None) -> None:
        """Change one time setting; None restores the model's own."""
        if key not in TIME_KEYS:
            raise KeyError(key)
        given = self.settings.given()
        if value is None:
            given.pop(key, None)
        else:
            given[key] = float(value)
        self.settings = RunSettings(**given)

    def overrides(self) -> Mapping[str, object]:
        """Everything the next run should override, as `LoadedModel.run` takes it."""
        merged: dict[str, object] = dict(self.parameters)
        merged.update(self.lookups)
        return merged
