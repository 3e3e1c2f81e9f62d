"""Uncertainty bands: sampling around the current values, percentiles, seeds, chunks, cancel."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.analysis.uncertainty import (
    UncertaintySpec,
    compute_bands,
    default_args,
    make_vary,
    sample_overrides,
)
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings

STOCK = "Teacup Temperature"


@pytest.fixture
def model(teacup):
    return open_model(teacup)


def spec_for(model, n=60, seed=3):
    return UncertaintySpec((make_vary(model, "Characteristic Time", "uniform", (5, 15)),), n, seed)


def test_default_args_follow_declared_range_and_current_value(model):
    var = model.variable("Characteristic Time")  # [1, 30], value 10
    assert default_args(var, "uniform") == (1.0, 30.0)
    assert default_args(var, "triangular", current=20) == (1.0, 20, 30.0)
    mean, sd = default_args(var, "normal")
    assert mean == 10 and sd == pytest.approx(29 / 6)
    assert default_args(var, "triangular", current=99) == (1.0, 15.5, 30.0)  # out of range
    unranged = SimpleNamespace(value=4.0, min=None, max=None)
    assert default_args(unranged, "uniform") == (2.0, 6.0)


def test_make_vary_checks_like_the_sweep_option(model):
    assert make_vary(model, "room temperature", "normal", (70, 2)).name == "Room Temperature"
    with pytest.raises(WindfallError, match="not a valid"):
        make_vary(model, "Room Temperature", "uniform", (5, 1))
    with pytest.raises(WindfallError, match="only constants"):
        make_vary(model, STOCK, "uniform", (1, 2))


def test_samples_vary_only_the_chosen_constants(model):
    current = {"Room Temperature": 40.0, "Characteristic Time": 7.0}
    overrides = sample_overrides(model, spec_for(model), current)
    assert overrides["Room Temperature"] == 40.0  # the slider value, shared by every run
    drawn = overrides["Characteristic Time"]  # the varied one gives up its slider value
    assert drawn.shape == (60,) and 5 <= drawn.min() and drawn.max() < 15
    with pytest.raises(WindfallError, match="at least 2"):
        sample_overrides(model, spec_for(model, n=1), current)


def test_bands_are_ordered_and_match_runs_one_by_one(model):
    spec = spec_for(model, n=40)
    bands = compute_bands(model, spec, {"Room Temperature": 40.0}, columns=[STOCK])
    band = bands.band(STOCK)
    assert band[5].shape == bands.times.shape and bands.n == 40
    assert np.all(band[5] <= band[25]) and np.all(band[25] <= band[50])
    assert np.all(band[50] <= band[75]) and np.all(band[75] <= band[95])
    assert np.any(band[95] > band[5])  # the draws really spread the runs
    samples = sample_overrides(model, spec, {"Room Temperature": 40.0})["Characteristic Time"]
    finals = [
        model.run({"Room Temperature": 40.0, "Characteristic Time": t})[STOCK].iloc[-1]
        for t in samples
    ]
    assert band[50][-1] == pytest.approx(np.median(finals), rel=1e-9)
    assert band[95][-1] == pytest.approx(np.percentile(finals, 95), rel=1e-9)


def test_current_values_and_settings_move_the_bands(model):
    spec = spec_for(model)
    cold = compute_bands(model, spec, {"Room Temperature": 0.0}, columns=[STOCK])
    warm = compute_bands(model, spec, {"Room Temperature": 90.0}, columns=[STOCK])
    assert warm.band(STOCK)[50][-1] > cold.band(STOCK)[50][-1]
    short = compute_bands(model, spec, {}, RunSettings(final_time=10), columns=[STOCK])
    assert short.times[-1] == 10


def test_seed_reproduces_and_chunks_do_not_change_results(model):
    spec = spec_for(model, n=50, seed=11)
    first = compute_bands(model, spec, {}, columns=[STOCK])
    chunked = compute_bands(model, spec, {}, columns=[STOCK], chunk=7)
    np.testing.assert_array_equal(first.values, chunked.values)
    other = compute_bands(model, spec_for(model, n=50, seed=12), {}, columns=[STOCK])
    assert not np.array_equal(first.values, other.values)


def test_cancel_stops_between_chunks_and_progress_is_reported(model):
    seen: list[float] = []
    spec = spec_for(model, n=20)
    done = compute_bands(model, spec, {}, columns=[STOCK], chunk=5, progress=seen.append)
    assert done is not None and seen == [0.25, 0.5, 0.75, 1.0]
    calls = iter([False, False, True])
    stopped = compute_bands(
        model, spec, {}, columns=[STOCK], chunk=5, cancelled=lambda: next(calls)
    )
    assert stopped is None
