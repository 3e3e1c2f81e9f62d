"""Workspace files, autosave and crash recovery."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from windfall.core import open_model
from windfall.core.analysis.scenario import Scenario
from windfall.core.analysis.sweep import Vary
from windfall.core.analysis.uncertainty import UncertaintySettings, UncertaintySpec
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings
from windfall.core.session.autosave import (
    autosave,
    autosave_dir,
    discard_autosave,
    new_session_id,
    recoverable_sessions,
)
from windfall.core.session.workspace import (
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
        uncertainty=UncertaintySettings(
            (
                Vary("Characteristic Time", "triangular", (4.0, 10.0, 20.0)),
                Vary("Room Temperature", "normal", (70.0, 0.1 + 0.2)),
            ),
            n=150,
            seed=42,
            shown=True,
        ),
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
    assert data["uncertainty"]["version"] == 1 and data["uncertainty"]["shown"] is True
    assert data["uncertainty"]["vary"][1] == {
        "name": "Room Temperature",
        "distribution": "normal",
        "args": [70.0, 0.1 + 0.2],
    }
    reopened = load_workspace(path)
    assert reopened == original
    workspace, reopened_model, warnings = open_workspace(path)
    assert reopened_model.content_hash == model.content_hash and warnings == []
    spec, dropped = workspace.uncertainty.fit(reopened_model)
    assert spec == UncertaintySpec(original.uncertainty.varies, 150, 42) and dropped == []


def test_workspace_saved_before_uncertainty_settings_still_opens(teacup, tmp_path):
    data = _workspace(open_model(teacup)).to_dict(relative_to=tmp_path)
    del data["uncertainty"]
    path = tmp_path / "old.windfall"
    path.write_text(json.dumps(data))
    workspace, _, warnings = open_workspace(path)
    assert workspace.uncertainty is None and warnings == []
    assert workspace.panels == _workspace(open_model(teacup)).panels


def test_uncertainty_on_a_constant_the_model_lost_is_dropped_with_a_warning(teacup, tmp_path):
    workspace = _workspace(open_model(teacup))
    kept = Vary("Characteristic Time", "uniform", (5.0, 15.0))
    workspace.uncertainty = UncertaintySettings(
        (
            Vary("Gone Constant", "uniform", (0.0, 1.0)),
            kept,
            Vary("Room Temperature", "uniform", (9.0, 1.0)),
            Vary("characteristic time", "normal", (10.0, 1.0)),
        ),
        shown=True,
    )
    save_workspace(workspace, tmp_path / "tea.windfall")
    reopened, model, warnings = open_workspace(tmp_path / "tea.windfall")
    assert warnings == [
        "uncertainty: dropped 'Gone Constant' (no such variable in the model)",
        "uncertainty: dropped 'Room Temperature' (uniform(9.0, 1.0) is not a valid distribution)",
        "uncertainty: dropped 'characteristic time' (varied more than once)",
    ]
    assert reopened.uncertainty.fit(model)[0].varies == (kept,)


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
        ("{", "bad.windfall:1: not a valid workspace file"),
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
        (
            '{"format": "windfall-workspace", "version": 1, "uncertainty": {"version": 2}}',
            "uncertainty settings version 2",
        ),
        (
            '{"format": "windfall-workspace", "version": 1, "uncertainty": {"runs": 1}}',
            "uncertainty runs 1",
        ),
        (
            '{"format": "windfall-workspace", "version": 1, '
            '"uncertainty": {"vary": [{"name": "x", "distribution": "uniform", "args": "1,2"}]}}',
            "needs",
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
        "import sys; from windfall.core.session.autosave import autosave;"
        "from windfall.core.session.workspace import load_workspace;"
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
