"""Global sensitivity on functions whose indices are known, built as models."""

from __future__ import annotations

import json

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.analysis.jobs import BatchRunner
from windfall.core.analysis.outcome import parse_outcome
from windfall.core.analysis.sensitivity import analyse, values_at
from windfall.core.analysis.sweep import parse_vary
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError

# Ishigami and Homma's function: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
ISHIGAMI = [
    "x1 = 0 ~ Dmnl",
    "x2 = 0 ~ Dmnl",
    "x3 = 0 ~ Dmnl",
    "y = SIN(x1) + 7 * SIN(x2)^2 + 0.1 * x3^4 * SIN(x1)",
]
LINEAR = ["a = 0.5 ~ Dmnl", "b = 1 ~ Dmnl", "c = 2 ~ Dmnl", "y = a + 2 * b + 0 * c"]
PI = np.pi


def _run(model, texts, method, n=None, seed=0):
    varies = [parse_vary(model, text) for text in texts]
    runner = BatchRunner(model, ["y"], chunk=5000)
    return analyse(runner, varies, parse_outcome(model, "y"), method, n, seed)


def test_sobol_indices_of_the_ishigami_function(equations_model):
    model = open_model(equations_model(ISHIGAMI, final=1))
    texts = [f"x{i}=uniform({-PI!r}, {PI!r})" for i in (1, 2, 3)]
    found = _run(model, texts, "sobol", 4096, seed=5)
    s1, st = np.array(found.indices["S1"]), np.array(found.indices["ST"])
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=0.03)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.03)
    assert found.runs == 4096 * 5  # N x (constants + 2)
    again = _run(model, texts, "sobol", 4096, seed=5)
    assert again.indices == found.indices  # same seed, same numbers


def test_morris_and_swings_of_a_linear_function_are_exact(equations_model):
    model = open_model(equations_model(LINEAR, final=1))
    texts = ["a=uniform(0, 1)", "b=uniform(0, 3)", "c=triangular(1, 2, 4)"]
    morris = _run(model, texts, "morris", 20, seed=1)
    # an elementary effect is the change over the whole range: slope x range
    assert morris.indices["mu_star"] == pytest.approx([1.0, 6.0, 0.0], abs=1e-9)
    assert morris.indices["sigma"] == pytest.approx([0.0, 0.0, 0.0], abs=1e-9)
    swings = _run(model, texts, "oat")
    assert swings.base == 0.5 + 2 * 1
    assert swings.indices["outcome_low"] == pytest.approx([2.0, 0.5, 2.5])
    assert swings.indices["outcome_high"] == pytest.approx([3.0, 6.5, 2.5])
    assert swings.indices["swing"] == pytest.approx([1.0, 6.0, 0.0])


def test_distributions_map_quantiles_and_bad_requests_are_refused(equations_model):
    model = open_model(equations_model(LINEAR, final=1))
    normal = parse_vary(model, "a=normal(10, 2)")
    assert values_at(normal, np.array([0.0, 0.5, 1.0])) == pytest.approx(
        [10 - 1.959964 * 2, 10, 10 + 1.959964 * 2], rel=1e-6
    )
    tri = parse_vary(model, "a=triangular(0, 1, 2)")
    assert values_at(tri, np.array([0.0, 0.5, 1.0])) == pytest.approx([0, 1, 2])
    with pytest.raises(WindfallError, match="power of two"):
        _run(model, ["a=uniform(0, 1)"], "sobol", 1000)
    with pytest.raises(WindfallError, match="more than once"):
        _run(model, ["a=uniform(0, 1)", "A=uniform(0, 2)"], "oat")


def test_cli_prints_one_object_per_constant_as_json(equations_model, capsys):
    path = str(equations_model(LINEAR, final=1))
    vary = ["--vary", "a=uniform(0,1)", "--vary", "b=uniform(0,3)"]
    assert main(["sensitivity", path, *vary, "--outcome", "y", "-n", "64", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in records] == ["a", "b"]
    assert set(records[0]) >= {"name", "S1", "ST"}
    # y = a + 2b: variances 1/12 and 4 * 9/12, so S1 = ST = 1/37 and 36/37
    assert records[1]["S1"] == pytest.approx(36 / 37, abs=0.05)
    args = ["sensitivity", path, *vary, "--outcome", "y", "--method", "morris", "-n", "10"]
    assert main([*args, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert set(records[0]) >= {"name", "mu_star", "sigma"}
    assert main([*args]) == 0
    assert "morris sensitivity of y" in capsys.readouterr().out
