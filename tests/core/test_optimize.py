"""Outcomes, objectives and constraints, goal seek and optimisation with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.analysis.jobs import BatchRunner, JobControl
from windfall.core.analysis.objective import parse_constraint, parse_objective
from windfall.core.analysis.optimize import Problem, optimize
from windfall.core.analysis.outcome import parse_lever, parse_outcome
from windfall.core.errors import WindfallError
from windfall.models import MODELS_DIR

BOWL = [
    "a = 0.5 ~ Dmnl [0,1]",
    "b = 0.5 ~ Dmnl [0,1]",
    "distance = (a - 0.3)^2 + (b - 0.7)^2",
]


def test_outcomes_read_times_periods_and_reducers(teacup):
    model = open_model(teacup)
    frame = model.run()
    times, series = frame.index.to_numpy(), frame["Teacup Temperature"].to_numpy()[None, :]
    final = parse_outcome(model, "teacup temperature")
    assert final.label() == "Teacup Temperature"
    assert final.evaluate(times, series)[0] == series[0, -1]
    between = parse_outcome(model, "Teacup Temperature@10.0625").evaluate(times, series)[0]
    k = np.searchsorted(times, 10.0625)
    assert between == pytest.approx((series[0, k - 1] + series[0, k]) / 2, rel=1e-12)
    inside = (times >= 5) & (times <= 12)
    integral = parse_outcome(model, "integral(Teacup Temperature@5..12)")
    expected = np.trapezoid(series[0, inside], times[inside])
    assert integral.evaluate(times, series)[0] == pytest.approx(expected, rel=1e-12)
    mean = parse_outcome(model, "mean(Teacup Temperature@5..12)").evaluate(times, series)[0]
    assert mean == pytest.approx(expected / 7, rel=1e-12)
    lowest = parse_outcome(model, "min(Teacup Temperature@5..12)").evaluate(times, series)[0]
    assert lowest == series[0, inside].min()
    for bad, cause in [
        ("Teacup Temperature@5..12", "needs integral"),
        ("Teacup Temperature@soon", "is not a time"),
        ("Nothing Here@5", "no such variable"),
        ("@5", "names no variable"),
    ]:
        with pytest.raises(WindfallError, match=cause):
            parse_outcome(model, bad)
    with pytest.raises(WindfallError, match="outside the run"):
        parse_outcome(model, "Teacup Temperature@31").check_times(model.path, times)


def test_objectives_and_constraints_read_weights_signs_and_periods(teacup):
    model = open_model(teacup)
    objective = parse_objective(
        model,
        "maximise Teacup Temperature@10 - 0.5*integral(Teacup Temperature) + Room Temperature",
    )
    assert objective.sense == "max"
    assert [t.weight for t in objective.terms] == [1.0, -0.5, 1.0]
    assert objective.label() == (
        "max Teacup Temperature@10 - 0.5*integral(Teacup Temperature) + Room Temperature"
    )
    throughout = parse_constraint(model, "Teacup Temperature@10..20 >= 50")
    assert (throughout.outcome.reduce, throughout.op, throughout.threshold) == ("min", ">=", 50)
    assert parse_constraint(model, "Teacup Temperature@10..20<=90").outcome.reduce == "max"
    assert list(throughout.slack(np.array([60.0, 40.0, np.nan]))) == [10.0, -10.0, -np.inf]
    for bad, cause in [("Teacup Temperature", "must start with max or min")]:
        with pytest.raises(WindfallError, match=cause):
            parse_objective(model, bad)
    for bad, cause in [("Teacup Temperature = 4", "cannot read"), ("Room Temperature>=x", "not a")]:
        with pytest.raises(WindfallError, match=cause):
            parse_constraint(model, bad)
    assert parse_lever(model, "characteristic time").label() == "Characteristic Time=1..30"
    for bad, cause in [("Room Temperature=5..1", "is empty"), ("Teacup Temperature", "only")]:
        with pytest.raises(WindfallError, match=cause):
            parse_lever(model, bad)


def _problem(model, levers, objective, constraints=()):
    return Problem(
        tuple(parse_lever(model, text) for text in levers),
        parse_objective(model, objective),
        tuple(parse_constraint(model, text) for text in constraints),
    )


def test_goal_seek_finds_the_smallest_share_that_gives_thirty_members(tmp_path):
    model = open_model(MODELS_DIR / "benefit_sharing.mdl")
    problem = _problem(
        model,
        ["Benefit Share Fraction=0..0.5"],
        "min Benefit Share Fraction",
        ["Coalition Members@2030>=30"],
    )
    found = optimize(BatchRunner(model, problem.columns), problem)
    share = found.values["Benefit Share Fraction"]
    assert found.feasible and found.objective_value == share
    members = model.run({"Benefit Share Fraction": share})["Coalition Members"].loc[2030]
    assert members >= 30 and found.constraint_values[0] == pytest.approx(members, rel=1e-12)
    below = model.run({"Benefit Share Fraction": share - 1e-6})["Coalition Members"].loc[2030]
    assert below < 30
    assert found.baseline_constraints[0] < 30  # the model's own value (no sharing) falls short


def test_two_levers_reach_the_known_constrained_optimum(equations_model):
    model = open_model(equations_model(BOWL))
    problem = _problem(model, ["a", "b"], "min distance")
    free = optimize(BatchRunner(model, problem.columns), problem, seed=3)
    assert free.values["a"] == pytest.approx(0.3, abs=1e-4)
    assert free.values["b"] == pytest.approx(0.7, abs=1e-4)
    assert free.method == "differential evolution"


def test_constrained_optimum_lies_on_the_constraint_and_repeats_with_its_seed(equations_model):
    model = open_model(equations_model([*BOWL, "total = a + b"]))
    problem = _problem(model, ["a=0..1", "b=0..1"], "min distance", ["total <= 0.5"])
    runs = [optimize(BatchRunner(model, problem.columns), problem, seed=7) for _ in range(2)]
    found = runs[0]
    assert found.feasible and found.constraint_values[0] <= 0.5
    # the nearest point of a + b <= 0.5 to (0.3, 0.7) is (0.05, 0.45), at distance 0.125
    assert found.values["a"] == pytest.approx(0.05, abs=2e-3)
    assert found.values["b"] == pytest.approx(0.45, abs=2e-3)
    assert found.objective_value == pytest.approx(0.125, abs=1e-3)
    assert runs[1].values == found.values and runs[1].history == found.history


def test_optimisation_reports_progress_and_stops_when_its_check_raises(equations_model):
    model = open_model(equations_model(BOWL))
    problem = _problem(model, ["a", "b"], "min distance")
    seen = []
    optimize(
        BatchRunner(model, problem.columns),
        problem,
        control=JobControl(progress=lambda f, _m: seen.append(f)),
    )
    assert seen[-1] == 1.0 and seen == sorted(seen)

    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) > 3:
            raise Stop

    with pytest.raises(Stop):
        optimize(BatchRunner(model, problem.columns), problem, control=JobControl(check=check))
