"""Scenario presets: they name the model they were made for, by path and current hash."""

from __future__ import annotations

import shutil

import pytest

from windfall.core.analysis.scenario import load_scenario
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.core.io.digest import content_hash
from windfall.models import DEFAULT_MODEL, SCENARIOS_DIR
from windfall.models.scenarios.refresh import refresh_hashes

PRESETS = sorted(SCENARIOS_DIR.glob("*.toml"))
REQUIRED = {"baseline", "windfall-clause", "strategic-sharing", "power-sharing"}


def test_required_presets_exist():
    assert REQUIRED <= {p.stem for p in PRESETS}


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.stem)
def test_preset_hash_matches_its_model(preset):
    """Fails when a model changes: run `python -m windfall.models.scenarios.refresh`."""
    scenario = load_scenario(preset)
    model_file = (preset.parent / scenario.model_path).resolve()
    assert model_file == DEFAULT_MODEL
    assert scenario.model_sha256 == content_hash(model_file.read_bytes())
    assert scenario.description and scenario.parameters


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.stem)
def test_preset_names_only_model_constants(integrated, preset):
    params = integrated.resolve_overrides(load_scenario(preset).overrides())
    assert len(params) == len(load_scenario(preset).parameters)


def test_refresh_rewrites_only_stale_hashes(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(DEFAULT_MODEL, tmp_path / DEFAULT_MODEL.name)
    for preset in PRESETS[:2]:
        shutil.copy(preset, folder / preset.name)
    stale = folder / PRESETS[0].name
    original = stale.read_text(encoding="utf-8")
    stale.write_text(original.replace(load_scenario(stale).model_sha256, "0" * 64))
    assert refresh_hashes(folder) == [stale]
    assert stale.read_text(encoding="utf-8") == original
    assert refresh_hashes(folder) == []


def test_refresh_names_a_file_without_a_hash_line(tmp_path):
    shutil.copy(DEFAULT_MODEL, tmp_path / DEFAULT_MODEL.name)
    bare = tmp_path / "bare.toml"
    bare.write_text(f'name = "bare"\n[model]\npath = "{DEFAULT_MODEL.name}"\n')
    with pytest.raises(WindfallError, match="bare.toml.*no sha256 line"):
        refresh_hashes(tmp_path)


def test_cli_runs_a_preset_and_set_wins(capsys):
    preset = SCENARIOS_DIR / "strategic-sharing.toml"
    args = ["run", str(DEFAULT_MODEL), "--scenario", str(preset), "--saveper", "25"]
    columns = ["--columns", "Commitment Credibility,Coalition Members"]
    assert main(args + columns) == 0
    from_file = capsys.readouterr().out.splitlines()
    assert main(args + columns + ["--set", "Commitment Credibility=0.2"]) == 0
    overridden = capsys.readouterr().out.splitlines()
    assert from_file[0] == "time,Commitment Credibility,Coalition Members"
    assert from_file[-1].split(",")[1] == "0.9"
    assert overridden[-1].split(",")[1] == "0.2"
    assert float(overridden[-1].split(",")[2]) < float(from_file[-1].split(",")[2])
