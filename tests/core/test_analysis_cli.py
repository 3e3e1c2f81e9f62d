"""The analysis commands end to end: files written, summaries printed, bad input refused."""

from __future__ import annotations

import json

import pytest

from windfall.core import open_model
from windfall.core.analysis.reports import load_report
from windfall.core.analysis.scenario import load_scenario
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.models import MODELS_DIR

BUILT_IN = str(MODELS_DIR / "benefit_sharing.mdl")


def test_optimize_saves_the_goal_seek_as_a_scenario_with_its_objective(tmp_path, capsys):
    out, report = tmp_path / "seek.toml", tmp_path / "seek.json"
    args = [
        "optimize",
        BUILT_IN,
        "--vary",
        "Benefit Share Fraction=0..0.5",
        "--objective",
        "min Benefit Share Fraction",
        "--constraint",
        "Coalition Members@2030>=30",
        "--set",
        "Commitment Credibility=0.5",
        "-o",
        str(out),
        "--report",
        str(report),
    ]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Coalition Members@2030 >= 30: 30 (met)" in printed
    scenario = load_scenario(out)
    share = scenario.parameters["Benefit Share Fraction"]
    assert scenario.name == "Goal seek" and scenario.parameters["Commitment Credibility"] == 0.5
    assert scenario.results["objective_value"] == share
    assert scenario.results["feasible"] == "yes"
    model = open_model(BUILT_IN)
    assert scenario.model_sha256 == model.content_hash
    assert model.run(scenario.overrides())["Coalition Members"].loc[2030] >= 30
    loaded = load_report(report)
    assert loaded["kind"] == "optimize" and loaded["levers"][0]["value"] == share
    assert loaded["series"]["Coalition Members"]["optimum"][20] >= 30  # 2030 is the 21st save


def test_optimize_refuses_bad_input_with_one_line(tmp_path, capsys):
    base = ["optimize", BUILT_IN, "-o", str(tmp_path / "x.toml")]
    cases = [
        (["--vary", "Coalition Members=0..1", "--objective", "max AI Wealth"], "only constants"),
        (["--vary", "Benefit Share Fraction", "--objective", "AI Wealth"], "max or min"),
        (
            ["--vary", "Benefit Share Fraction", "--objective", "max AI Wealth@2100"],
            "outside the run",
        ),
    ]
    for extra, cause in cases:
        assert main([*base, *extra]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and cause in err[0]
    assert not (tmp_path / "x.toml").exists()


def test_reports_are_checked_when_read_back(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kind": "optimize", "model": {"file": 3}}))
    with pytest.raises(WindfallError, match="'model.file' must be text"):
        load_report(bad)
    bad.write_text(json.dumps({"kind": "recipe"}))
    with pytest.raises(WindfallError, match="not a Windfall analysis report"):
        load_report(bad)
    bad.write_text("[" * 100000)
    with pytest.raises(WindfallError, match="not a valid report"):
        load_report(bad)
