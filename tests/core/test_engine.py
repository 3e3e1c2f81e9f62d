"""The fast engine behind LoadedModel: ensembles, overrides, fallback, and generated code."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.engine.codegen import generate
from windfall.core.errors import WindfallError
from windfall.core.model.fast import FastPath
from windfall.core.model.loaded import RunSettings

CONTROLS = """
FINAL TIME = 10 ~ Month ~ |
INITIAL TIME = 0 ~ Month ~ |
SAVEPER = TIME STEP ~ Month ~ |
TIME STEP = 0.25 ~ Month ~ |
"""


def _write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text("{UTF-8}\n" + body + CONTROLS, encoding="utf-8")
    return path


def _pysd_run(model, overrides=None, settings=None):
    """The same run forced onto PySD's runtime."""
    kept = model._fast
    model._fast = FastPath(None, "forced for comparison")
    try:
        return model.run(overrides, settings)
    finally:
        model._fast = kept


def _close(a, b) -> bool:
    return np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-9, atol=0)


def test_ensemble_matches_separate_pysd_runs(teacup):
    model = open_model(teacup)
    rooms, times = [50.0, 65.0, 80.0], [5.0, 10.0, 20.0]
    ensemble = model.run_ensemble({"Room Temperature": rooms, "characteristic time": times})
    assert ensemble.engine == "windfall"
    assert ensemble.values.shape == (3, 241, len(ensemble.columns))
    for i, (room, tau) in enumerate(zip(rooms, times, strict=True)):
        expected = _pysd_run(model, {"Room Temperature": room, "Characteristic Time": tau})
        got = ensemble.frame(i)
        assert list(got.columns) == list(expected.columns)
        assert all(_close(got[c], expected[c]) for c in got.columns)


def test_ensemble_from_list_of_scenarios_and_selected_columns(teacup):
    model = open_model(teacup)
    scenarios = [{"Room Temperature": 60}, {}, {"Room Temperature": 75}]
    ensemble = model.run_ensemble(scenarios, columns=["Teacup Temperature"])
    assert ensemble.columns == ["Teacup Temperature"]
    final = ensemble.values[:, -1, 0]
    baseline = model.run(columns=["Teacup Temperature"])["Teacup Temperature"].iloc[-1]
    assert final[1] == pytest.approx(baseline, rel=1e-12)
    assert final[0] < final[1] < final[2]
    bands = ensemble.percentiles((5, 50, 95))
    assert bands.shape == (3, 241, 1) and np.all(bands[0] <= bands[2])


def test_ensemble_rejects_mismatched_lengths(teacup):
    model = open_model(teacup)
    with pytest.raises(WindfallError, match="scenarios"):
        model.run_ensemble({"Room Temperature": [1, 2], "Characteristic Time": [1, 2, 3]})


def test_lookup_override_matches_pysd(teacup):
    model = open_model(teacup)
    table = ([0, 4, 10], [0, 3, 1])
    got = model.run({"Cooling Curve": table}, columns=["Cooling Check"])
    assert model.engine == "windfall"
    expected = _pysd_run(model, {"Cooling Curve": table})["Cooling Check"]
    assert _close(got["Cooling Check"], expected)
    assert not _close(got["Cooling Check"], model.run()["Cooling Check"])


def test_unsupported_construct_runs_on_pysd_with_reason(tmp_path):
    body = "Region: north, south ~~|\nPeople[Region] = 1, 2 ~~|\nTotal = SUM(People[Region!]) ~~|\n"
    model = open_model(_write(tmp_path, "regions.mdl", body))
    assert model.engine == "pysd"
    assert "subscripts" in model.engine_reason
    assert model.run()["Total"].iloc[-1] == pytest.approx(3.0)


def test_delay_order_too_high_for_time_step_falls_back_to_pysd(tmp_path):
    body = "Input = STEP(1, 2) ~~|\nOut = DELAY3(Input, Lag) ~~|\nLag = 0.5 ~~|\n"
    model = open_model(_write(tmp_path, "short.mdl", body))
    assert model.engine == "windfall"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = model.run()  # 3 stages x 0.25 > 0.5: PySD lowers the order, so PySD runs it
        expected = _pysd_run(model)
    assert _close(got["Out"], expected["Out"])


def test_scalar_and_ensemble_agree_on_functions(tmp_path):
    body = """Stock = INTEG(Flow, 1) ~~|
Flow = IF THEN ELSE(Stock > 2 :AND: Time > 3, -MIN(Stock, 0.5), MAX(0.2, RAMP(0.1, 1, 6)))
 + PULSE(4, 1) + XIDZ(Stock, Time - 5, 7) + ZIDZ(1, 0) + MODULO(Time, 3) ~~|
Smoothed = SMOOTH3(Flow, 2) + TREND(Stock, 2, 0) + DELAY1(Flow, 1.5) ~~|
Held = INITIAL(Stock * 2) + SAMPLE IF TRUE(Time > 4, Stock, 0) + DELAY FIXED(Stock, 1, 3) ~~|
Started = ACTIVE INITIAL(Held * 2, 1) ~~|
Curve = WITH LOOKUP(Stock, ([(0,0)-(5,5)],(0,0),(2,3),(5,4))) ~~|
"""
    model = open_model(_write(tmp_path, "mix.mdl", body))
    assert model.engine == "windfall", model.engine_reason
    single = model.run()
    expected = _pysd_run(model)
    assert all(_close(single[c], expected[c]) for c in single.columns)
    ensemble = model.run_ensemble({}, n=4)
    assert np.allclose(ensemble.values[3], single.to_numpy(), rtol=1e-12, atol=0)


def test_generated_code_holds_only_windfall_tokens(tmp_path):
    hostile = "\"__import__('os').system('x')\""
    body = (
        f"{hostile} = 3 ~~|\nResult = INTEG({hostile} * 1e308, 2) ~~|\n"
        f"Later = DELAY FIXED(Result, 1, {hostile}) ~~|\n"
    )
    model = open_model(_write(tmp_path, "names.mdl", body))
    assert model.engine == "windfall"
    engine = model._fast_path().engine
    for vector in (False, True):
        source = generate(engine.plan, engine.schedule, engine.const_nodes, vector)
        assert "import" not in source and "system" not in source
        words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", source))
        allowed = re.compile(r"^([vdnqp]\d+|L\d*|F_[a-z_]+|_[a-z_]+|[A-Z]|[a-z]{1,2}|t0)$")
        keywords = {"def", "for", "in", "if", "else", "range", "len", "break", "append", "not"}
        keywords |= {"is", "None", "and"}
        assert not [w for w in words if not (allowed.match(w) or w in keywords)]
    assert model.run()["Result"].iloc[0] == 2.0


def test_ensemble_too_large_is_refused_before_it_runs(teacup):
    model = open_model(teacup)
    with pytest.raises(WindfallError, match="too large"):
        model.run_ensemble({}, n=1_000_000)


def test_fast_runs_honour_cancel_and_deadline(tmp_path):
    body = "Stock = INTEG(1, 0) ~~|\n"
    model = open_model(_write(tmp_path, "long.mdl", body))
    settings = RunSettings(final_time=5000, time_step=0.25)  # 20,000 steps
    assert model.run(settings=settings)["Stock"].iloc[-1] == pytest.approx(5000)
    model.run_limits.cancel.set()
    with pytest.raises(WindfallError, match="cancelled"):
        model.run(settings=settings)
    with pytest.raises(WindfallError, match="cancelled"):
        model.run_ensemble({}, settings, n=3)
    model.run_limits.cancel.clear()
    model.run_limits.max_seconds = 0.0
    with pytest.raises(WindfallError, match="longer than"):
        model.run(settings=settings)


def test_each_macro_call_has_its_own_state(tmp_path):
    body = """:MACRO: EXPSMOOTH(input, delay time)
EXPSMOOTH = INTEG((input - EXPSMOOTH) / delay time, input) ~~|
:END OF MACRO:
Signal = STEP(10, 2) ~~|
Fast = EXPSMOOTH(Signal, 1) ~~|
Slow = EXPSMOOTH(Signal * 2, 4) ~~|
"""
    model = open_model(_write(tmp_path, "macro.mdl", body))
    assert model.engine == "windfall", model.engine_reason
    got, expected = model.run(), _pysd_run(model)
    assert list(got.columns) == list(expected.columns)
    assert all(_close(got[c], expected[c]) for c in got.columns)
    assert got["Fast"].iloc[-1] != got["Slow"].iloc[-1]
