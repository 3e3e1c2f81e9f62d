"""Numeric faults are reported with variable and time; runs are bounded and cancellable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from windfall.core import WindfallError, open_model
from windfall.core.cli.main import main
from windfall.core.model.fast import FastPath
from windfall.core.model.numeric import check_run
from windfall.core.safety.guard import RunLimits

HOSTILE = Path(__file__).resolve().parent / "hostile"


@pytest.fixture
def hostile(tmp_path):
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(HOSTILE / name, target)
        return target

    return copy


def test_overflow_nan_and_range_exit_are_reported_with_time(hostile):
    model = open_model(hostile("numeric_overflow.mdl"))
    found = {(w.variable, w.kind): w for w in check_run(model.run(), model.description)}
    assert set(found) == {
        ("Population", "out-of-range"),
        ("Population", "non-finite"),
        ("Births", "non-finite"),
        ("Ratio", "non-finite"),
    }
    assert found["Population", "out-of-range"].time == 0.0
    assert found["Births", "non-finite"].time == 2.0
    assert "overflows to +inf" in str(found["Births", "non-finite"])
    assert "NaN" in str(found["Ratio", "non-finite"])
    assert str(found["Population", "out-of-range"]).startswith(
        "variable 'Population' leaves its declared range [0, 1e+10]"
    )


def test_clean_run_has_no_warnings(teacup):
    model = open_model(teacup)
    assert check_run(model.run(), model.description) == []


def test_huge_integer_power_fails_fast_naming_the_variable(hostile):
    model = open_model(hostile("numeric_int_power.mdl"))
    with pytest.raises(WindfallError) as info:  # exact 10**300000000 would not finish
        model.run()
    assert info.value.variable == "Growth" and "OverflowError" in str(info.value)


def test_powers_keep_pysd_meaning(tmp_path):
    path = tmp_path / "powers.mdl"
    equations = {"Chain": "2 ^ 3 ^ 2", "Neg": "-2 ^ 2", "Big": "3 ^ 40", "Inv": "2 ^ -1"}
    text = "".join(f"{name}= {rhs}\n\t~\t\n\t~\t|\n" for name, rhs in equations.items())
    controls = "FINAL TIME= 1 ~~| INITIAL TIME= 0 ~~| TIME STEP= 1 ~~| SAVEPER= 1 ~~|\n"
    path.write_text("{UTF-8}\n" + text + controls)
    row = open_model(path).run().iloc[0]
    assert row["Chain"] == 2**3**2 and row["Neg"] == -(2**2)
    assert row["Big"] == float(3**40) and row["Inv"] == 0.5


def test_failing_variable_is_named(hostile):
    path = hostile("malformed_zero_division.mdl")
    with pytest.raises(WindfallError) as info:
        open_model(path).run()
    assert info.value.variable == "Ratio" and "ZeroDivisionError" in str(info.value)


def test_run_with_too_many_steps_is_refused_before_it_starts(teacup):
    model = open_model(teacup)
    with pytest.raises(WindfallError, match="time steps"):
        model.run(settings=_settings(final_time=1e12))
    assert len(model.run()) == 241  # the model is fine for the next run


def test_cancelled_and_overdue_runs_stop(hostile):
    model = open_model(hostile("code_macro_conftest.mdl"))
    # PySD's step-by-step runtime is the one that can loop long: check it even though the
    # fast engine now runs this model (tests/core/test_engine.py checks the fast engine's stop)
    model._fast = FastPath(None, "checking PySD's runtime")
    model.run_limits = RunLimits()
    model.run_limits.cancel.set()
    with pytest.raises(WindfallError, match="cancelled"):
        model.run()
    model.run_limits = RunLimits(max_seconds=0.0)
    with pytest.raises(WindfallError, match="took longer than 0 s"):
        model.run()
    model.run_limits = RunLimits()
    assert len(model.run()) == 5


def test_cli_prints_warnings_on_stderr(hostile, capsys):
    path = hostile("numeric_overflow.mdl")
    assert main(["run", str(path)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines and all(line.startswith(f"warning: {path}: variable '") for line in lines)
    assert any("'Births' overflows to +inf at time 2" in line for line in lines)
    assert captured.out.startswith("time,")


def _settings(**given):
    from windfall.core.model.loaded import RunSettings

    return RunSettings(**given)
