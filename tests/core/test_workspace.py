"""Workspace files, autosave and crash recovery."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from windfall.core import open_model
from windfall.core.autosave import (
    autosave,
    autosave_dir,
    discard_autosave,
    new_session_id,
    recoverable_sessions,
)
from windfall.core.errors import WindfallError
from windfall.core.model import RunSettings
from windfall.core.scenario import Scenario
from windfall.core.workspace import (
    PlotPanel,
    ScenarioEntry,
    Workspace,
    load_workspace,
    open_workspace,
    save_workspace,
)


def _workspace(model) -> Workspace:
    return Workspace(
        model_path=model.path,
        model_sha256=model.content_hash,
        settings=RunSettings(final_time=20, time_step=0.0625),
        baseline=ScenarioEntry(Scenario("Baseline", parameters={"Room Temperature": 72.5})),
        scenarios=[
            ScenarioEntry(
                Scenario(
                    "Hot room",
                    description="A summer afternoon.",
                    parameters={"Room Temperature": 95, "Characteristic Time": 0.1 + 0.2},
                    lookups={"Cooling Curve": ([0, 10], [0, 3])},
                    settings=RunSettings(saveper=0.5),
                ),
                visible=False,
                color="#d95f02",
                dash="dash",
            )
        ],
        panels=[PlotPanel(["Teacup Temperature"], "Tea"), PlotPanel(["Heat Loss to Room"])],
        compare_time=12.5,
        ui={"splitter": [300, 900]},
    )


def test_workspace_reopens_exactly_as_saved(teacup, tmp_path):
    model = open_model(teacup)
    original = _workspace(model)
    path = tmp_path / "sessions" / "tea.windfall"
    path.parent.mkdir()
    save_workspace(original, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["model"]["path"] == "../teacup/teacup.mdl"
    reopened = load_workspace(path)
    assert reopened == original
    workspace, reopened_model, warnings = open_workspace(path)
    assert reopened_model.content_hash == model.content_hash and warnings == []


def test_moved_project_folder_still_finds_its_model(teacup, tmp_path):
    save_workspace(_workspace(open_model(teacup)), teacup.parent / "tea.windfall")
    moved = tmp_path / "moved"
    teacup.parent.rename(moved)
    workspace, model, _ = open_workspace(moved / "tea.windfall")
    assert model.path == moved / "teacup.mdl"


def test_changed_model_warns_and_still_applies_what_matches(teacup, tmp_path):
    workspace = _workspace(open_model(teacup))
    workspace.scenarios[0].scenario.parameters["Gone Variable"] = 1.0
    save_workspace(workspace, tmp_path / "tea.windfall")
    teacup.write_text(teacup.read_text().replace("\t70\n", "\t71\n", 1))
    _, model, warnings = open_workspace(tmp_path / "tea.windfall")
    assert any("model file changed" in w for w in warnings)
    assert any("skipped 'Gone Variable'" in w for w in warnings)
    assert len(warnings) == 2


@pytest.mark.parametrize(
    "text, cause",
    [
        ("{", "not a readable workspace"),
        ('{"format": "other"}', "not a workspace file"),
        ('{"format": "windfall-workspace", "version": 99}', "version 99"),
        (
            '{"format": "windfall-workspace", "version": 1, "scenarios": [{"dash": "wavy"}]}',
            "unknown dash 'wavy'",
        ),
        (
            '{"format": "windfall-workspace", "version": 1, "settings": {"final_time": "x"}}',
            "final_time",
        ),
    ],
)
def test_bad_workspace_files_say_what_is_wrong(tmp_path, text, cause):
    path = tmp_path / "bad.windfall"
    path.write_text(text)
    with pytest.raises(WindfallError, match=cause):
        load_workspace(path)


def test_autosave_of_a_crashed_session_is_recoverable(teacup, tmp_path):
    workspace = _workspace(open_model(teacup))
    code = (
        "import sys; from windfall.core.autosave import autosave;"
        "from windfall.core.workspace import load_workspace;"
        "autosave(load_workspace(sys.argv[1]), 'crashed-session', sys.argv[2])"
    )
    saved = save_workspace(workspace, tmp_path / "tea.windfall")
    subprocess.run([sys.executable, "-c", code, str(saved), str(saved)], check=True)
    mine = new_session_id()
    autosave(workspace, mine)  # this process is alive: not offered for recovery
    sessions = recoverable_sessions()
    assert [s.session_id for s in sessions] == ["crashed-session"]
    assert sessions[0].workspace_path == saved and sessions[0].model_path == teacup
    assert sessions[0].load() == workspace
    assert {s.session_id for s in recoverable_sessions(include_running=True)} == {
        "crashed-session",
        mine,
    }
    discard_autosave(mine)
    discard_autosave("crashed-session")
    assert list(autosave_dir().iterdir()) == []


def test_unreadable_autosaves_are_passed_over(tmp_path):
    autosave_dir().mkdir(parents=True)
    (autosave_dir() / "broken.json").write_text("{ not json")
    assert recoverable_sessions() == []
