from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windfall.core import RunSettings, WindfallError, open_model


def test_run_returns_time_indexed_frame_with_model_names(teacup):
    frame = open_model(teacup).run()
    assert frame.index.name == "time"
    assert frame.index[0] == 0 and frame.index[-1] == 30
    assert "Teacup Temperature" in frame.columns
    assert "FINAL TIME" not in frame.columns
    assert frame["Teacup Temperature"].iloc[0] == 180


def test_overrides_never_leak_into_later_runs(teacup):
    model = open_model(teacup)
    a1 = model.run()
    b = model.run({"room temperature": 20}, RunSettings(final_time=10, time_step=0.5))
    a2 = model.run()
    pd.testing.assert_frame_equal(a1, a2)
    assert b.index[-1] == 10
    assert b["Teacup Temperature"].iloc[-1] < a1.loc[10, "Teacup Temperature"]


def test_lookup_override_and_reset(teacup):
    model = open_model(teacup)
    base = model.run(columns=["Cooling Check"])
    doubled = model.run({"Cooling Curve": ([0, 5, 10], [0, 2, 4])}, columns=["Cooling Check"])
    np.testing.assert_allclose(doubled["Cooling Check"], 2 * base["Cooling Check"])
    pd.testing.assert_frame_equal(model.run(columns=["Cooling Check"]), base)


def test_columns_and_settings(teacup):
    model = open_model(teacup)
    frame = model.run(
        columns=["teacup_temperature"],
        settings=RunSettings(initial_time=5, final_time=7, saveper=1),
    )
    assert list(frame.columns) == ["Teacup Temperature"]
    assert list(frame.index) == [5, 6, 7]


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"nope": 1}, "variable 'nope': no such variable"),
        ({"room temperature": "hot"}, "is not a number"),
        ({"Teacup Temperature": 3}, "only constants and lookups"),
    ],
)
def test_bad_overrides_are_clear(teacup, overrides, match):
    with pytest.raises(WindfallError, match=match):
        open_model(teacup).run(overrides)
