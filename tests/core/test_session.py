"""Session state fires one event per field, only on real change; commands undo and merge."""

from __future__ import annotations

import pytest

from windfall.core import open_model
from windfall.core.session.commands import (
    CommandStack,
    ResetAllCommand,
    SetLookupCommand,
    SetParameterCommand,
    SetRunSettingCommand,
)
from windfall.core.session.state import SessionState


@pytest.fixture
def session(teacup) -> SessionState:
    state = SessionState()
    state.adopt_model(open_model(teacup))
    return state


def record(state: SessionState, field: str) -> list:
    seen: list = []
    getattr(state.events, field).connect(seen.append)
    return seen


def test_events_fire_only_on_real_change(session):
    seen = record(session, "parameters")
    session.set_parameter("Characteristic Time", 5)
    session.set_parameter("Characteristic Time", 5)
    assert seen == [{"Characteristic Time": 5.0}]
    session.set_parameter("Characteristic Time", 10)  # the model's own value: edit dropped
    assert seen[-1] == {}
    assert len(seen) == 2
    assert session.value("Characteristic Time") == 10


def test_unknown_field_is_refused(session):
    with pytest.raises(AttributeError):
        session.colour = "red"


def test_adopting_a_model_clears_edits(session, teacup):
    session.set_parameter("Room Temperature", 20)
    session.set_setting("final_time", 50)
    session.adopt_model(open_model(teacup))
    assert session.parameters == {} and session.settings.given() == {}


def test_slider_drag_is_one_undo_step(session):
    stack = CommandStack()
    for value in (11, 12, 13, 14):
        stack.push(SetParameterCommand(session, "Characteristic Time", value), merge=True)
    stack.seal()
    stack.push(SetParameterCommand(session, "Characteristic Time", 20), merge=True)
    stack.seal()
    assert session.value("Characteristic Time") == 20
    stack.undo()
    assert session.value("Characteristic Time") == 14
    stack.undo()
    assert session.value("Characteristic Time") == 10 and session.parameters == {}
    assert not stack.can_undo
    stack.redo()
    assert session.value("Characteristic Time") == 14


def test_new_command_clears_redo(session):
    stack = CommandStack()
    stack.push(SetParameterCommand(session, "Room Temperature", 50))
    stack.undo()
    assert stack.can_redo
    stack.push(SetParameterCommand(session, "Room Temperature", 60))
    assert not stack.can_redo


def test_lookup_settings_and_reset_all_undo(session):
    stack = CommandStack()
    stack.push(SetLookupCommand(session, "Cooling Curve", ((0, 10), (1, 3))))
    stack.push(SetParameterCommand(session, "Room Temperature", 50))
    stack.push(SetRunSettingCommand(session, "final_time", 60))
    assert session.settings.final_time == 60
    assert session.overrides() == {"Room Temperature": 50.0, "Cooling Curve": ((0, 10), (1, 3))}
    stack.push(ResetAllCommand(session))
    assert session.overrides() == {}
    stack.undo()
    assert session.lookup("Cooling Curve") == ((0.0, 10.0), (1.0, 3.0))
    stack.undo()
    assert session.settings.final_time is None
