"""Data exports: CSV and XLSX reopen and match the runs; metadata names the provenance."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from windfall.core.analysis.export_data import (
    METADATA_SHEET,
    parameter_changes,
    run_scenarios,
    sheet_names,
    write_csv,
    write_xlsx,
)
from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.core.cli.main import main
from windfall.core.loading.loader import open_model
from windfall.core.model.loaded import RunSettings
from windfall.core.version import __version__

WARM = Scenario(
    name="Warm room",
    parameters={"room temperature": 80.0, "Characteristic Time": 10.0},
    settings=RunSettings(final_time=20),
)


@pytest.fixture
def runs(teacup):
    model = open_model(teacup)
    return model, run_scenarios(model, [Scenario(name="Baseline"), WARM], ["Teacup Temperature"])


def test_xlsx_has_a_sheet_per_scenario_that_matches_the_run(runs, tmp_path):
    model, scenario_runs = runs
    out = tmp_path / "runs.xlsx"
    write_xlsx(out, model, scenario_runs)
    sheets = pd.read_excel(out, sheet_name=None, index_col=0, engine="openpyxl")
    assert list(sheets) == ["Baseline", "Warm room", METADATA_SHEET]
    expected = model.run(WARM.overrides(), WARM.settings, ["Teacup Temperature"])
    got = sheets["Warm room"]
    np.testing.assert_allclose(got.index.to_numpy(), expected.index.to_numpy())
    np.testing.assert_allclose(got["Teacup Temperature"], expected["Teacup Temperature"])
    assert got.index[-1] == 20 and sheets["Baseline"].index[-1] == 30


def test_xlsx_metadata_names_model_hash_version_settings_and_parameters(runs, tmp_path):
    model, scenario_runs = runs
    out = tmp_path / "runs.xlsx"
    write_xlsx(out, model, scenario_runs)
    meta = pd.read_excel(out, sheet_name=METADATA_SHEET, header=None, engine="openpyxl")
    rows = {str(r[0]): list(r[1:]) for r in meta.itertuples(index=False)}
    assert rows["Model file"][0] == str(model.path)
    assert rows["Model SHA-256"][0] == model.content_hash
    assert str(rows["Windfall version"][0]) == __version__
    assert rows["FINAL TIME"][1:3] == [30, 20]
    assert rows["Room Temperature"][:5] == ["Degrees", 70, 80, 70, rows["Room Temperature"][4]]
    assert "absolute zero" in rows["Room Temperature"][4]


def test_csv_stacks_scenarios_with_a_scenario_column(runs, tmp_path):
    model, scenario_runs = runs
    out = tmp_path / "runs.csv"
    write_csv(out, scenario_runs)
    back = pd.read_csv(out)
    assert list(back.columns) == ["scenario", "time", "Teacup Temperature"]
    for run in scenario_runs:
        part = back[back["scenario"] == run.name]
        np.testing.assert_allclose(part["Teacup Temperature"], run.frame["Teacup Temperature"])


def test_no_scenario_means_a_baseline_run_and_names_stay_unique(teacup):
    model = open_model(teacup)
    assert [r.name for r in run_scenarios(model, [])] == ["Baseline"]
    twins = [Scenario(name="Same"), Scenario(name="Same")]
    assert [r.name for r in run_scenarios(model, twins, ["Teacup Temperature"])] == [
        "Same",
        "Same (2)",
    ]


def test_only_values_that_differ_count_as_changes(teacup):
    model = open_model(teacup)
    changes = parameter_changes(model, WARM)
    assert [(c.variable.name, c.model_value, c.value) for c in changes] == [
        ("Room Temperature", 70.0, 80.0)
    ]


def test_sheet_names_are_excel_safe_and_unique(teacup):
    model = open_model(teacup)
    odd = [Scenario(name="A/B: [x]?" + "y" * 40), Scenario(name="metadata")]
    names = sheet_names(run_scenarios(model, odd, ["Teacup Temperature"]))
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[0].startswith("A_B_ _x__") and names[1].lower() != METADATA_SHEET.lower()


def test_cli_exports_data_for_scenario_files(teacup, tmp_path):
    scenario = tmp_path / "warm.toml"
    save_scenario(WARM, scenario)
    out = tmp_path / "out.xlsx"
    code = main(["export", str(teacup), "--scenario", str(scenario), "-o", str(out)])
    assert code == 0
    sheets = pd.read_excel(out, sheet_name=None, index_col=0, engine="openpyxl")
    assert list(sheets) == ["Warm room", METADATA_SHEET]
    assert "Heat Loss to Room" in sheets["Warm room"].columns  # no --plot: every variable
    csv = tmp_path / "out.csv"
    assert main(["export", str(teacup), "--plot", "teacup temperature", "-o", str(csv)]) == 0
    assert list(pd.read_csv(csv).columns) == ["scenario", "time", "Teacup Temperature"]


def test_cli_rejects_unknown_variable_in_one_line(teacup, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["export", str(teacup), "--plot", "Nope", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "variable 'Nope'" in err
    assert not out.exists()


def test_data_export_needs_no_qt():
    code = "import sys, windfall.core.analysis.export_data; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_cli_warns_when_a_scenario_was_made_for_other_model_content(teacup, tmp_path, capsys):
    stale = Scenario(name="Stale", model_sha256="0" * 64, parameters={"Room Temperature": 75.0})
    save_scenario(stale, tmp_path / "stale.toml")
    out = tmp_path / "out.csv"
    args = ["export", str(teacup), "--scenario", str(tmp_path / "stale.toml"), "-o", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "warning: scenario 'Stale' was made for other content of teacup.mdl" in err
    assert set(pd.read_csv(out)["scenario"]) == {"Stale"}
