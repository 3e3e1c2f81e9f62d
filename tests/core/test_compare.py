"""Scenario comparison: parameter differences from baseline and key outputs side by side."""

from __future__ import annotations

import math

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.analysis.compare import compare_scenarios
from windfall.core.analysis.scenario import Scenario
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings


@pytest.fixture
def model(teacup):
    return open_model(teacup)


def test_tables_show_differences_and_outputs_at_final_time(model):
    scenarios = [
        Scenario("Baseline", parameters={"Characteristic Time": 10}),
        Scenario("Hot room", parameters={"Room Temperature": 95, "Characteristic Time": 10}),
        Scenario("Fast", parameters={"Characteristic Time": 5}),
    ]
    result = compare_scenarios(model, scenarios)
    assert result.names == ["Baseline", "Hot room", "Fast"]
    assert result.parameters.to_dict(orient="index") == {
        "Characteristic Time": {"Baseline": 10.0, "Hot room": 10.0, "Fast": 5.0},
        "Room Temperature": {"Baseline": 70.0, "Hot room": 95.0, "Fast": 70.0},
    }
    assert result.time == 30.0
    assert list(result.outputs.index) == ["Teacup Temperature"]
    for name, scenario in zip(result.names, scenarios, strict=True):
        run = model.run(scenario.overrides())
        assert result.outputs.loc["Teacup Temperature", name] == run["Teacup Temperature"].iloc[-1]
    changes = result.output_changes()
    assert changes["Baseline"].tolist() == [0.0]
    assert changes.loc["Teacup Temperature", "Hot room"] > 0


def test_chosen_time_and_variables_interpolate_between_steps(model):
    scenarios = [Scenario("Baseline"), Scenario("Cold", parameters={"Room Temperature": 0})]
    result = compare_scenarios(
        model, scenarios, outputs=["heat loss to room"], at_time=10.03125, settings=None
    )
    run = model.run({"Room Temperature": 0})
    expected = np.interp(10.03125, run.index, run["Heat Loss to Room"])
    assert result.outputs.loc["Heat Loss to Room", "Cold"] == pytest.approx(expected, rel=1e-15)
    later = result.outputs_at(100)
    assert math.isnan(later.loc["Heat Loss to Room", "Cold"])


def test_each_scenario_keeps_its_own_time_settings(model):
    scenarios = [Scenario("Baseline"), Scenario("Short", settings=RunSettings(final_time=5))]
    result = compare_scenarios(model, scenarios, settings=RunSettings(final_time=20))
    assert result.runs["Baseline"].index[-1] == 20
    assert result.runs["Short"].index[-1] == 5
    assert math.isnan(result.outputs.loc["Teacup Temperature", "Short"])


def test_scenario_for_other_model_content_warns_and_applies_what_matches(model):
    other = Scenario(
        "Old",
        model_sha256="f" * 64,
        parameters={"Room Temperature": 20, "Removed": 3},
        lookups={"Cooling Curve": ([0, 10], [0, 4])},
    )
    result = compare_scenarios(model, [Scenario("Baseline"), other])
    assert len(result.warnings) == 2
    assert "different model content" in result.warnings[0]
    assert "skipped 'Removed'" in result.warnings[1]
    assert result.parameters.loc["Room Temperature", "Old"] == 20
    assert result.lookups_changed == {"Old": ["Cooling Curve"]}


def test_same_names_are_told_apart_and_no_scenarios_is_an_error(model):
    result = compare_scenarios(model, [Scenario("A"), Scenario("A")])
    assert result.names == ["A", "A (2)"]
    assert result.parameters.empty
    with pytest.raises(WindfallError, match="no scenarios"):
        compare_scenarios(model, [])


def test_private_copy_runs_independently_of_the_original(model):
    from windfall.core.analysis.compare import private_copy

    copy = private_copy(model)
    assert copy.pysd_model is not model.pysd_model and copy.description is model.description
    edited = copy.run({"Room Temperature": 10})
    assert model.run().equals(open_model(model.path).run())
    assert not edited.equals(model.run())
